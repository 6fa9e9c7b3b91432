"""A local load-balanced rehearsal: two instances of the service behind HAProxy, one history database.

    python -m bench.stack up      # make stack: starts everything in the background, prints the URL
    python -m bench.stack down    # make stack-down: stops every process ``up`` started

Pid files and logs go to run/stack/. History goes to the PostgreSQL database
paint_stack (created, and migrated once, when PostgreSQL is reachable).
"""
from __future__ import annotations

import argparse
import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from string import Template

from .database import history_database
from .service import ROOT, free_port, is_alive, start_instance, stop, wait_healthy

RUN_DIR = ROOT / "run" / "stack"
TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
DATABASE = "paint_stack"
INSTANCES = ("instance-1", "instance-2")
BALANCER = "haproxy"


class Stack:
    def __init__(self, run_dir: Path, balancer_port: int, ports: dict[str, int], env: dict[str, str], history: str):
        self.run_dir, self.balancer_port, self.ports, self.env, self.history = run_dir, balancer_port, ports, env, history

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.balancer_port}"

    def instance_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @classmethod
    def up(cls, run_dir: Path = RUN_DIR, app_env: str = "production", extra_env: dict[str, dict] | None = None) -> Stack:
        """Start both instances and the balancer; return once the balancer sees both healthy."""
        if not shutil.which("haproxy"):
            raise RuntimeError("haproxy is not installed: bin/ensure-system-packages haproxy (make stack does it)")
        if running_pids(run_dir):
            raise RuntimeError(f"a stack is already running from {run_dir}: make stack-down first")
        run_dir.mkdir(parents=True, exist_ok=True)
        database_env, history = history_database(DATABASE)
        # One signing key for both instances: a token issued by one must be honoured by the other.
        secret = secrets.token_urlsafe(32)
        env = {"APP_ENV": app_env, "SECRET_KEY": secret, "JWT_SECRET_KEY": secret, **database_env}
        stack = cls(run_dir, free_port(), {name: free_port() for name in INSTANCES}, env, history)
        try:
            for name in INSTANCES:
                stack.start_instance(name, (extra_env or {}).get(name, {}))
            stack.start_balancer()
            for name in INSTANCES:
                stack.wait_status(name, "UP")
        except BaseException:
            stack.down()
            raise
        (run_dir / "stack.json").write_text(json.dumps({"url": stack.url, "ports": stack.ports, "history": history}))
        return stack

    def start_instance(self, name: str, extra_env: dict[str, str] | None = None) -> None:
        instance = start_instance(self.ports[name], {**self.env, **(extra_env or {})}, self.run_dir / f"{name}.log")
        (self.run_dir / f"{name}.pid").write_text(str(instance.pid))
        wait_healthy(instance.url, instance.pid)

    def stop_instance(self, name: str) -> None:
        stop_pid_file(self.run_dir / f"{name}.pid")

    def start_balancer(self) -> None:
        config = self.run_dir / "haproxy.cfg"
        servers = "\n".join(f"    server {name} 127.0.0.1:{port} check" for name, port in self.ports.items())
        config.write_text(Template(TEMPLATE.read_text()).substitute(
            run_dir=self.run_dir, balancer_port=self.balancer_port, servers=servers))
        subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], check=True)
        with (self.run_dir / "haproxy.log").open("ab") as log:
            process = subprocess.Popen(
                ["haproxy", "-db", "-f", str(config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        (self.run_dir / f"{BALANCER}.pid").write_text(str(process.pid))

    def server_status(self) -> dict[str, str]:
        """The balancer's view of each instance: UP, DOWN, or a transition such as "UP 1/2"."""
        lines = self._admin("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows if row["svname"] in self.ports}

    def wait_status(self, name: str, status: str, timeout: float = 30) -> float:
        """Wait until the balancer reports ``name`` as ``status``; return the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.server_status().get(name) == status:
                    return time.monotonic() - started
            except OSError:
                pass  # the balancer is still starting
            time.sleep(0.05)
        raise RuntimeError(f"the balancer did not report {name} {status} within {timeout:.0f} s")

    def down(self) -> None:
        stop_all(self.run_dir)

    def _admin(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as admin:
            admin.settimeout(2)
            admin.connect(str(self.run_dir / "haproxy.sock"))
            admin.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := admin.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()


def running_pids(run_dir: Path) -> list[int]:
    return [int(path.read_text()) for path in run_dir.glob("*.pid") if is_alive(int(path.read_text()))]


def stop_pid_file(pid_file: Path) -> None:
    if pid_file.exists():
        stop(int(pid_file.read_text()))
        pid_file.unlink()


def stop_all(run_dir: Path) -> None:
    """Stop the balancer first (no new requests), then the instances."""
    stop_pid_file(run_dir / f"{BALANCER}.pid")
    for pid_file in sorted(run_dir.glob("*.pid")):
        stop_pid_file(pid_file)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "down"])
    args = parser.parse_args(argv)
    if args.command == "down":
        stop_all(RUN_DIR)
        print(f"stopped every process started from {RUN_DIR}")
        return
    stack = Stack.up()
    print(f"history: {stack.history}", file=sys.stderr)
    print(f"logs and pid files: {RUN_DIR}", file=sys.stderr)
    print(f"instances: {', '.join(stack.instance_url(name) for name in INSTANCES)}", file=sys.stderr)
    print(stack.url)


if __name__ == "__main__":
    main()
