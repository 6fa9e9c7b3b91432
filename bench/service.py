"""Service instances for load and fault runs: ``bin/serve`` on a free loopback port.

Each instance runs in its own process group, so stopping it also ends whatever
server processes it started, and nothing else.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "bin" / "serve"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Instance:
    port: int
    pid: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_instance(port: int, env: dict[str, str], log: Path) -> Instance:
    """Start ``bin/serve --port PORT`` in the background, its output in ``log``."""
    if not os.access(SERVE, os.X_OK):
        raise RuntimeError(f"{SERVE} is missing or not executable")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(SERVE), "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, see stop()
        )
    return Instance(port, process.pid, log)


def wait_healthy(url: str, pid: int | None = None, timeout: float = 60) -> None:
    """Return once ``url``/health answers 200; fail early if the process ``pid`` has died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid is not None and not is_alive(pid):
            raise RuntimeError(f"the server behind {url} exited before becoming healthy")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url}/health did not answer 200 within {timeout:.0f} s")


def stop(pid: int, timeout: float = 20) -> None:
    """SIGTERM (bin/serve stops cleanly on it), then SIGKILL whatever is left of its process group."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)  # the group bin/serve led: stray server processes only
    except (ProcessLookupError, PermissionError):
        pass
    is_alive(pid)  # reap it if it was our child


def is_alive(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)  # our own child: reap it, or it lingers as a zombie
        if reaped:
            return False
    except ChildProcessError:
        pass  # started by an earlier command (make stack): not ours to reap
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def server_description() -> str:
    """What ``bin/serve`` is here, for reports: figures from anything else must say so loudly."""
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "bin/serve"], cwd=ROOT, capture_output=True)
    if tracked.returncode == 0:
        return "`bin/serve` (Apache httpd + mod_wsgi-express, as `make run` serves it)"
    return "**an uncommitted local stand-in for `bin/serve`: these figures do not describe the production server**"
