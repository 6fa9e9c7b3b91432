"""Fault injection: off by default, on by settings, and fenced off in production."""
import pytest

from api import create_app, faults
from api.config import ConfigurationError

PROBLEM = '{"colors":1,"customers":1,"demands":[[1,1,0]]}'


@pytest.fixture
def exits(monkeypatch):
    """Record process exits instead of ending the test run; run the delayed exit at once."""
    statuses = []
    monkeypatch.setattr(faults, "exit_process", statuses.append)
    monkeypatch.setattr(faults.threading, "Timer", lambda delay, function, args: _Immediate(function, args))
    return statuses


class _Immediate:
    def __init__(self, function, args):
        self.function, self.args = function, args

    def start(self):
        self.function(*self.args)


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


def test_failure_rate_ends_the_process_after_solve_requests_only(exits):
    client = create_app({"TESTING": True, "CHAOS_FAILURE_RATE": 1.0}).test_client()
    client.get("/health").close()
    assert exits == []
    response = client.get("/v1/", query_string={"input": PROBLEM})
    assert response.get_data(as_text=True) == "0"
    response.close()
    response = client.post("/v2/solve", json={"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "glossy"}]}]})
    assert response.status_code == 200
    response.close()
    assert exits == [faults.EXIT_STATUS, faults.EXIT_STATUS]


@pytest.mark.parametrize("name, value", [("CHAOS_CRASH_ENDPOINT", "true"), ("CHAOS_FAILURE_RATE", "0.2")])
def test_production_refuses_to_start_with_fault_injection(monkeypatch, name, value):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        create_app()


def test_production_has_no_crash_endpoint(monkeypatch, exits):
    monkeypatch.setenv("APP_ENV", "production")
    response = create_app().test_client().get("/crash")
    assert response.status_code == 404
    response.close()
    assert exits == []


def test_failure_rate_outside_0_to_1_is_refused():
    with pytest.raises(ConfigurationError, match="CHAOS_FAILURE_RATE"):
        create_app({"CHAOS_FAILURE_RATE": 1.5})
