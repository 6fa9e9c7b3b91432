"""Health endpoints, and the headers every answer carries behind the load balancer."""
import pytest

from api import create_app
from api.health import add_readiness_check


def test_alive(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_ready_checks_the_database(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_ready_is_503_when_the_database_is_unreachable(production):
    response = create_app().test_client().get("/health/ready")
    assert response.status_code == 503
    assert response.get_json()["errors"][0]["path"] == "database"


def test_ready_is_503_naming_the_failing_check(app):
    def broken():
        raise ConnectionError("no route to database")

    add_readiness_check(app, "history", broken)
    response = app.test_client().get("/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["code"] == 503 and "history" in body["message"]
    assert body["errors"] == [{"path": "history", "message": "unavailable (ConnectionError)"}]
    assert "no route" not in response.get_data(as_text=True)  # details stay in the log
    assert response.headers["Retry-After"]


def test_browser_headers_on_answers_and_errors(client):
    for response in (client.get("/health"), client.get("/nothing"), client.post("/v2/solve", data="x")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in response.headers


def test_production_trusts_one_proxy_and_sends_hsts_over_https(production):
    client = create_app().test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"}
    response = client.get("/health", headers=forwarded)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/health").headers


def test_forwarded_headers_are_ignored_without_a_proxy(app, caplog):
    caplog.set_level("INFO", logger="api.access")
    app.test_client().get("/health", headers={"X-Forwarded-For": "203.0.113.9"})
    assert caplog.records[-1].fields["remote_addr"] == "127.0.0.1"


def test_one_trusted_hop_takes_the_last_forwarded_address(production, caplog):
    caplog.set_level("INFO", logger="api.access")
    create_app().test_client().get("/health", headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.9"})
    assert caplog.records[-1].fields["remote_addr"] == "203.0.113.9"
