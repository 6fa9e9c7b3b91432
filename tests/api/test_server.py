"""End to end: the real server (bin/serve: Apache httpd + mod_wsgi, several processes).

Every process started here is in its own process group, ended in teardown.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from api.config import Config
from bench.service import free_port
from tests.conftest import PRODUCTION_SETTINGS

pytestmark = pytest.mark.e2e

CHECKOUT = Path(__file__).resolve().parents[2]
DATA = CHECKOUT / "tests" / "legacy" / "data"

try:
    import mod_wsgi.express  # noqa: F401  built against Apache's development files
except ImportError:
    pytest.skip("mod_wsgi is not installed: Apache's development files are missing (make installs them)",
                allow_module_level=True)


class Server:
    """One bin/serve instance with a migrated database of its own.

    Without ``DATABASE_URL`` in ``settings``, a SQLite file under ``instance/``, the one place
    bin/serve lets the server user write; removed in ``stop``.
    """

    def __init__(self, tmp_path: Path, **settings: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"serve-{self.port}.log"
        self.database_dir = None
        if "DATABASE_URL" not in settings:
            self.database_dir = CHECKOUT / "instance" / f"e2e-{self.port}"
            self.database_dir.mkdir(parents=True)
            settings["DATABASE_URL"] = f"sqlite:///{self.database_dir / 'paint.sqlite3'}"
        environment = dict(os.environ, APP_ENV="testing", **settings)
        environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
        migrate(environment)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(CHECKOUT / "bin" / "serve"), str(self.port), "--processes", "2", "--threads", "2"],
                env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_until_answering(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if get(self.url + "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"server did not answer in {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        try:  # anything left in the group (it should be empty by now)
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.database_dir:
            shutil.rmtree(self.database_dir, ignore_errors=True)
        return self.process.returncode


def migrate(environment: dict) -> None:
    """`flask db upgrade`, as `make run` does before serving."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "application", "db", "upgrade"],
                   env=environment, cwd=CHECKOUT, check=True, capture_output=True, timeout=120)


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("server"), CHAOS_CRASH_ENDPOINT="true")
    try:
        running.wait_until_answering()
        yield running
    finally:
        running.stop()


def normalized(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.strip().splitlines()]


def test_acceptance_file_through_the_server(server):
    result = subprocess.run(
        [sys.executable, "-m", "legacy.batch", str(DATA / "legacy-cases.in.txt"), "--url", server.url],
        cwd=CHECKOUT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert normalized(result.stdout) == normalized((DATA / "legacy-cases.out.txt").read_text())


def largest_legacy_problem() -> str:
    """2000 colours, 2000 customers, 3000 likes: the published limits, all at once."""
    demands = [[2, k, 0, (k % 2000) + 1, 1] if k <= 1000 else [1, k, 0] for k in range(1, 2001)]
    return json.dumps({"colors": 2000, "customers": 2000, "demands": demands}, separators=(",", ":"))


def test_get_at_the_published_limits_is_answered(server):
    url = server.url + "/v1/?" + urllib.parse.urlencode({"input": largest_legacy_problem()})
    assert len(url) > 8190 * 3  # far past Apache's default LimitRequestLine
    status, body = get(url)
    assert status == 200, body[:300]
    assert len(body.split()) == 2000


def test_input_past_max_content_length_gets_our_413_and_longer_urls_apaches_414(server):
    oversized = "x" * (Config.MAX_CONTENT_LENGTH + 1)
    status, body = get(server.url + "/v1/?input=" + oversized)
    assert status == 413 and json.loads(body)["code"] == 413
    status, _ = get(server.url + "/v1/?input=" + "x" * (4 * Config.MAX_CONTENT_LENGTH))
    assert status == 414


def metric(text: str, line_start: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(line_start))


def test_metrics_count_every_process(server):
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: get(server.url + "/health/ready")[0], range(40)))
    assert statuses == [200] * 40
    status, body = get(server.url + "/metrics")
    assert status == 200
    text = body.decode()
    assert metric(text, 'requests_total{endpoint="/health/ready",method="GET",status="200"}') == 40
    assert 'solve_duration_seconds_bucket{endpoint="/v1/"' in text


def test_crash_ends_a_process_and_the_service_keeps_answering(server):
    status, body = get(server.url + "/crash")
    assert status == 200
    pid = json.loads(body)["pid"]
    deadline = time.monotonic() + 15
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the crashed process is still running"
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: get(server.url + "/health")[0], range(20)))
    assert statuses == [200] * 20
    _, body = get(server.url + "/metrics")
    assert metric(body.decode(), 'requests_total{endpoint="/crash"') == 1  # the dead process still counts


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z")


def test_sigterm_stops_the_server_cleanly(tmp_path):
    server = Server(tmp_path)
    try:
        server.wait_until_answering()
        server_root = next(line.split(":", 1)[1].strip() for line in server.log.read_text().splitlines()
                           if line.startswith("Server Root"))
    finally:
        assert server.stop() == 0, server.log.read_text()
    assert not Path(server_root).exists()


def test_production_refuses_fault_injection_before_serving():
    environment = dict(os.environ, **PRODUCTION_SETTINGS, CHAOS_CRASH_ENDPOINT="true")
    result = subprocess.run([str(CHECKOUT / "bin" / "serve"), str(free_port())], env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "CHAOS_CRASH_ENDPOINT" in result.stderr


@pytest.mark.parametrize("argv, port", [(["9001"], 9001), (["--port", "9002"], 9002), ([], 8080)])
def test_port_from_argument_or_option(monkeypatch, argv, port):
    from api.server import parse_arguments

    monkeypatch.delenv("PORT", raising=False)
    assert parse_arguments(argv, {"WSGI_PROCESSES": 2, "WSGI_THREADS": 4}).port == port


def test_trace_is_off_so_headers_are_never_echoed(server):
    request = urllib.request.Request(server.url + "/v1/", method="TRACE", headers={"Authorization": "Bearer secret"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    assert status == 405
    assert b"secret" not in body


def test_a_chunked_body_is_read(server):
    problem = b'{"colors":1,"customers":1,"demands":[[1,1,1]]}'
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(
            b"POST /v1/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + f"{len(problem):x}\r\n".encode() + problem + b"\r\n0\r\n\r\n"
        )
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    assert reply.endswith(b"\r\n\r\n1")
