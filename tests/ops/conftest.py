import json
import os
import subprocess
import sys

import pytest

# What a worker process of the service does, run in a child process so that
# prometheus_client is imported with PROMETHEUS_MULTIPROC_DIR already set, as in production.
WORKER = """
import json, sys
from prometheus_client import Counter, Histogram
requests = Counter("requests", "HTTP requests", ["endpoint", "method", "status"])
solves = Counter("solves", "Solved problems", ["outcome"])
rejected = Counter("rejected_inputs", "Problems refused as invalid")
history = Counter("history_write_failures", "History rows not written")
auth = Counter("auth_failures", "Failed authentications")
duration = Histogram("solve_duration_seconds", "Time to solve", buckets=(0.01, 0.1, 1.0))
work = json.loads(sys.argv[1])
for (endpoint, method, status), n in work.get("requests", []):
    requests.labels(endpoint, method, status).inc(n)
for outcome, n in work.get("solves", {}).items():
    solves.labels(outcome).inc(n)
rejected.inc(work.get("rejected", 0))
history.inc(work.get("history", 0))
auth.inc(work.get("auth", 0))
for seconds in work.get("durations", []):
    duration.observe(seconds)
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
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir)}
        subprocess.run([sys.executable, "-c", WORKER, json.dumps(work)], env=env, check=True)
    return run
