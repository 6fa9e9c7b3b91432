"""Fault injection: off by default, on by settings, and fenced off in production."""
import pytest

from api import create_app, faults
from api.config import ConfigurationError

PROBLEM = '{"colors":1,"customers":1,"demands":[[1,1,0]]}'


@pytest.fixture
def exits(monkeypatch):
    """Record process exits instead of ending the test run."""
    statuses = []
    monkeypatch.setattr(faults, "exit_later", statuses.append)
    return statuses


def test_off_by_default(client, exits):
    assert client.get("/crash").status_code == 404
    assert client.get("/v1/", query_string={"input": PROBLEM}).status_code == 200
    assert exits == []


def test_crash_answers_then_ends_the_process(exits):
    client = create_app({"TESTING": True, "CHAOS_CRASH_ENDPOINT": True}).test_client()
    response = client.get("/crash")
    assert response.status_code == 200 and response.get_json()["pid"]
    assert exits == []  # not before the answer is out
    response.close()
    assert exits == [faults.EXIT_STATUS]


@pytest.mark.parametrize("settings", [{"CHAOS_FAILURE_RATE": 1.0}])
def test_failure_rate_ends_the_process_after_solve_requests_only(app, auth_header, exits):
    client = app.test_client()
    client.get("/health").close()
    assert exits == []
    response = client.get("/v1/", query_string={"input": PROBLEM})
    assert response.get_data(as_text=True) == "0"
    response.close()
    response = client.post(
        "/v2/solve", json={"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "glossy"}]}]}, headers=auth_header
    )
    assert response.status_code == 200
    response.close()
    assert exits == [faults.EXIT_STATUS, faults.EXIT_STATUS]


@pytest.mark.parametrize("name, value", [("CHAOS_CRASH_ENDPOINT", "true"), ("CHAOS_FAILURE_RATE", "0.2")])
def test_production_refuses_to_start_with_fault_injection(production, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        create_app()


def test_production_has_no_crash_endpoint(production, exits):
    response = create_app().test_client().get("/crash")
    assert response.status_code == 404
    response.close()
    assert exits == []


def test_failure_rate_outside_0_to_1_is_refused():
    with pytest.raises(ConfigurationError, match="CHAOS_FAILURE_RATE"):
        create_app({"CHAOS_FAILURE_RATE": 1.5})
