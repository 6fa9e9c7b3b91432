import json
import os
import subprocess
import sys

import pytest
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]

# What a worker process of the service does, through the service's own metrics (api.metrics),
# so that a renamed metric breaks these tests; run in a child process so that prometheus_client
# is imported with PROMETHEUS_MULTIPROC_DIR already set, as in production.
WORKER = """
import json, sys
from api import metrics
work = json.loads(sys.argv[1])
for (endpoint, method, status), n in work.get("requests", []):
    metrics.REQUESTS.labels(endpoint, method, status).inc(n)
for outcome, n in work.get("solves", {}).items():
    for _ in range(n):
        metrics.SOLVE_SECONDS.labels("/v2/solve").observe(0.001)
        if outcome == "impossible":
            metrics.IMPOSSIBLE.labels("/v2/solve").inc()
metrics.REJECTED.labels("/v2/solve", "422").inc(work.get("rejected", 0))
for _ in range(work.get("history", 0)):
    metrics.record_history_write_failure()
for _ in range(work.get("auth", 0)):
    metrics.record_auth_failure("bad_password")
for seconds in work.get("durations", []):
    metrics.SOLVE_SECONDS.labels("/v2/solve").observe(seconds)
"""


@pytest.fixture
def aws(monkeypatch):
    """Fake credentials and a region, so nothing can reach a real AWS account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "eu-west-1", "AWS_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def multiproc_dir(tmp_path):
    directory = tmp_path / "prometheus"
    directory.mkdir()
    return directory


@pytest.fixture
def worker(multiproc_dir):
    """Run one worker process that records the given work into the multiprocess directory."""
    def run(**work):
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir), "PYTHONPATH": str(CHECKOUT)}
        subprocess.run([sys.executable, "-c", WORKER, json.dumps(work)], env=env, check=True)
    return run
