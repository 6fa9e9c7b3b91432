"""Request ids and the one JSON log line per request."""
import json
import logging

import pytest

from api.observability import JsonFormatter


@pytest.fixture
def access_lines(caplog):
    caplog.set_level("INFO", logger="api.access")
    return lambda: [r for r in caplog.records if r.name == "api.access"]


def test_a_request_id_is_made_and_returned(client, access_lines):
    response = client.get("/health")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    record = access_lines()[-1]
    assert record.fields == {
        "request_id": request_id, "method": "GET", "path": "/health", "status": 200,
        "duration_ms": record.fields["duration_ms"], "remote_addr": "127.0.0.1",
    }
    assert json.loads(JsonFormatter().format(record))["request_id"] == request_id


def test_a_sane_client_request_id_is_kept_on_errors_too(client, access_lines):
    response = client.get("/v1/", query_string={"input": "{"}, headers={"X-Request-ID": "lb-1234.abc"})
    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "lb-1234.abc"
    assert access_lines()[-1].fields["status"] == 400


@pytest.mark.parametrize("offered", ["has space", "x" * 200, "tab\there", "<script>", ""])
def test_an_insane_request_id_is_replaced(client, offered):
    returned = client.get("/health", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert returned != offered and len(returned) == 32


def test_every_log_line_is_one_json_object_with_the_request_id(app, caplog):
    caplog.set_level("INFO")

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "req-1"
    lines = [JsonFormatter().format(record) for record in caplog.records if record.name.startswith("api")]
    entries = [json.loads(line) for line in lines]
    assert all("\n" not in line for line in lines)
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert "RuntimeError: kaboom" in error["exception"]
    assert {entry["message"] for entry in entries} == {"unhandled error", "request"}


def test_formatter_outside_a_request():
    record = logging.LogRecord("api.x", logging.WARNING, __file__, 1, "hello %s", ("there",), None)
    assert json.loads(JsonFormatter().format(record))["message"] == "hello there"
