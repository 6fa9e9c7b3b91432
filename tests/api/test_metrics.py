"""Metrics: values after known requests, one process and several, and who may read them."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

from api import create_app, metrics

CHECKOUT = Path(__file__).resolve().parents[2]
SOLVABLE = '{"colors":2,"customers":2,"demands":[[1,1,1],[2,1,0,2,0]]}'
IMPOSSIBLE = '{"colors":1,"customers":2,"demands":[[1,1,1],[1,1,0]]}'


def value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_requests_solves_and_rejections_are_counted(client):
    before = {
        "ok": value("requests_total", endpoint="/v1/", method="GET", status="200"),
        "bad": value("requests_total", endpoint="/v1/", method="GET", status="422"),
        "impossible": value("solve_impossible_total", endpoint="/v1/"),
        "rejected": value("rejected_inputs_total", endpoint="/v1/", status="422"),
        "solves": value("solve_duration_seconds_count", endpoint="/v1/"),
        "likes": value("solve_problem_likes_sum", endpoint="/v1/"),
        "latency": value("request_duration_seconds_count", endpoint="/v1/", method="GET"),
    }
    client.get("/v1/", query_string={"input": SOLVABLE})
    client.get("/v1/", query_string={"input": IMPOSSIBLE})
    client.get("/v1/", query_string={"input": '{"colors":0,"customers":1,"demands":[[1,1,0]]}'})
    assert value("requests_total", endpoint="/v1/", method="GET", status="200") - before["ok"] == 2
    assert value("requests_total", endpoint="/v1/", method="GET", status="422") - before["bad"] == 1
    assert value("solve_impossible_total", endpoint="/v1/") - before["impossible"] == 1
    assert value("rejected_inputs_total", endpoint="/v1/", status="422") - before["rejected"] == 1
    assert value("solve_duration_seconds_count", endpoint="/v1/") - before["solves"] == 2
    assert value("solve_problem_likes_sum", endpoint="/v1/") - before["likes"] == 3 + 2
    assert value("request_duration_seconds_count", endpoint="/v1/", method="GET") - before["latency"] == 3


def test_unknown_paths_share_one_label(client):
    before = value("requests_total", endpoint="unmatched", method="GET", status="404")
    client.get("/no/such/path")
    client.get("/another")
    assert value("requests_total", endpoint="unmatched", method="GET", status="404") - before == 2


def test_history_and_auth_failures_have_recorders():
    history, auth = value("history_write_failures_total"), value("auth_failures_total", reason="bad_password")
    metrics.record_history_write_failure()
    metrics.record_auth_failure("bad_password")
    assert value("history_write_failures_total") - history == 1
    assert value("auth_failures_total", reason="bad_password") - auth == 1


def test_metrics_page_is_prometheus_text(client):
    client.get("/health")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert 'requests_total{endpoint="/health",method="GET",status="200"}' in response.get_data(as_text=True)


def test_token_is_required_once_configured():
    client = create_app({"TESTING": True, "METRICS_TOKEN": "s3cret"}).test_client()
    refused = client.get("/metrics")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert refused.get_json()["code"] == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_production_without_token_has_no_metrics(production, monkeypatch):
    client = create_app().test_client()
    assert client.get("/metrics").status_code == 404
    monkeypatch.setenv("METRICS_TOKEN", "s3cret")
    client = create_app().test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


WORKER = """
from api import create_app
client = create_app({"TESTING": True}).test_client()
for _ in range(3):
    client.get("/health")
client.get("/v1/", query_string={"input": '{"colors":1,"customers":2,"demands":[[1,1,1],[1,1,0]]}'})
"""


def test_totals_add_up_across_processes(tmp_path):
    """Two processes write to one multiprocess directory; one collector reads the sum."""
    environment = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path), PYTHONPATH=str(CHECKOUT))
    workers = [subprocess.Popen([sys.executable, "-c", WORKER], env=environment, cwd=CHECKOUT) for _ in range(2)]
    assert [worker.wait(timeout=60) for worker in workers] == [0, 0]
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(tmp_path))
    sample = registry.get_sample_value
    assert sample("requests_total", {"endpoint": "/health", "method": "GET", "status": "200"}) == 6
    assert sample("solve_impossible_total", {"endpoint": "/v1/"}) == 2
    assert sample("solve_duration_seconds_count", {"endpoint": "/v1/"}) == 2


def test_refused_sign_ins_and_tokens_count_as_auth_failures(client):
    before = value("auth_failures_total", reason="unauthorized")
    client.post("/v2/solve", json={"colors": 1, "customers": []})
    client.post("/v2/auth/login", json={"username": "nobody", "password": "wrong password here"})
    assert value("auth_failures_total", reason="unauthorized") == before + 2
