"""Serve the application with Apache httpd and mod_wsgi (mod_wsgi-express), in the foreground.

    bin/serve [PORT] [--host ADDRESS] [--processes N] [--threads N] [--user NAME]

Stops cleanly on SIGTERM or Ctrl-C. Each start gets a fresh server root (Apache's generated
configuration, sockets, and PROMETHEUS_MULTIPROC_DIR for metrics), removed on exit.

Apache refuses to run the application as root. Started by an ordinary user, the server runs
as that user. Started by root, it runs as ``--user`` (www-data by default), which is then
granted, with ACLs, exactly what it needs: passage (x, not listing) through the checkout's
parent directories, read on the checkout where it is not already world-readable, and write
on ``instance/`` (the SQLite database) and the server root. See README "Who the server runs as".
"""
from __future__ import annotations

import argparse
import grp
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .config import ConfigurationError, load_config

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_ROOT_USER = "www-data"
# A URL-encoded v1 ``input`` takes at most 3 bytes per byte of JSON: let any ``input`` up to
# MAX_CONTENT_LENGTH reach the application, which gives its own JSON 413 beyond that.
URL_ENCODING_FACTOR = 3
# Room above MAX_CONTENT_LENGTH for the request line's method, path and other parameters,
# and for a body just over the limit to get the application's 413 rather than Apache's.
LIMIT_SLACK_BYTES = 65_536
GRACEFUL_STOP_SECONDS = 10


def parse_arguments(argv: list[str] | None, settings: dict) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bin/serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("port", nargs="?", type=int, default=int(os.environ.get("PORT", 8080)),
                        help="port to listen on (default: $PORT, else 8080)")
    parser.add_argument("--port", dest="port_option", type=int, help="the same as PORT")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"),
                        help="address to listen on (default: $HOST, else 127.0.0.1)")
    parser.add_argument("--processes", type=int, default=settings["WSGI_PROCESSES"],
                        help="application processes (default: WSGI_PROCESSES)")
    parser.add_argument("--threads", type=int, default=settings["WSGI_THREADS"],
                        help="threads per process (default: WSGI_THREADS)")
    parser.add_argument("--user", default=DEFAULT_ROOT_USER,
                        help=f"when started as root, the user to serve as (default: {DEFAULT_ROOT_USER})")
    arguments = parser.parse_args(argv)
    # argparse fills an absent positional with its default after options, so --port is kept apart.
    if arguments.port_option is not None:
        arguments.port = arguments.port_option
    return arguments


def main(argv: list[str] | None = None) -> int:
    try:
        settings = load_config()
        refuse_unsafe_settings()
    except ConfigurationError as error:
        print(f"bin/serve: refusing to start: {error}", file=sys.stderr)
        return 2
    args = parse_arguments(argv, settings)
    user = args.user if os.geteuid() == 0 else None
    server_root = Path(tempfile.mkdtemp(prefix="paint-httpd-"))
    try:
        prepare_directories(server_root, user)
        environment = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(server_root / "metrics"))
        command = server_command(args, settings, server_root, user)
        print(f"bin/serve: http://{args.host}:{args.port}/ as {user or pwd.getpwuid(os.geteuid()).pw_name}, "
              f"{args.processes} processes x {args.threads} threads, APP_ENV={settings['APP_ENV']}", flush=True)
        return run_in_foreground(command, environment)
    except PermissionError as error:
        print(f"bin/serve: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(server_root, ignore_errors=True)


def refuse_unsafe_settings() -> None:
    """Build the application once here, so bad settings stop the start with their message
    instead of every server process failing on its own."""
    from . import create_app

    create_app()


def server_command(args, settings: dict, server_root: Path, user: str | None) -> list[str]:
    """Generate Apache's configuration in ``server_root``; answer the command that runs it."""
    command = [
        mod_wsgi_express(), "setup-server", str(CHECKOUT / "application.py"),
        "--host", args.host, "--port", str(args.port),
        "--processes", str(args.processes), "--threads", str(args.threads),
        "--max-clients", str(settings["WSGI_MAX_CLIENTS"]),
        # Clients that stream their body (Transfer-Encoding: chunked) get Apache's 411 otherwise.
        "--chunked-request",
        "--server-root", str(server_root),
        "--working-directory", str(CHECKOUT), "--python-path", str(CHECKOUT),
        "--limit-request-body", str(settings["MAX_CONTENT_LENGTH"] + LIMIT_SLACK_BYTES),
        # The application logs one JSON line per request; Apache adds only its own messages.
        "--log-to-terminal", "--error-log-format", "%M",
        "--locale", "C.UTF-8",
    ]
    if user:
        command += ["--user", user, "--group", grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name]
    subprocess.run(command, check=True)
    allow_long_request_lines(server_root / "httpd.conf", URL_ENCODING_FACTOR * settings["MAX_CONTENT_LENGTH"] + LIMIT_SLACK_BYTES)
    return [str(server_root / "apachectl"), "start", "-DFOREGROUND"]


def allow_long_request_lines(httpd_conf: Path, limit: int) -> None:
    """Apache's default LimitRequestLine (8190 bytes) refuses legacy GET /v1/?input= at the
    published limits. The directive must come before the first virtual host, which copies
    the value when it is read, so it goes beside the generated LimitRequestBody."""
    lines = httpd_conf.read_text().splitlines(keepends=True)
    anchor = next(i for i, line in enumerate(lines) if line.startswith("LimitRequestBody "))
    lines.insert(anchor + 1, f"LimitRequestLine {limit}\n")
    # A graceful stop (see run_in_foreground) waits this long for requests in flight.
    lines.insert(anchor + 2, f"GracefulShutdownTimeout {GRACEFUL_STOP_SECONDS}\n")
    # TRACE would echo a request back, Authorization header included.
    lines.insert(anchor + 3, "TraceEnable off\n")
    httpd_conf.write_text("".join(lines))


def mod_wsgi_express() -> str:
    beside_python = Path(sys.executable).parent / "mod_wsgi-express"
    found = str(beside_python) if beside_python.exists() else shutil.which("mod_wsgi-express")
    if not found:
        raise PermissionError("mod_wsgi-express not found: install requirements.txt (make does)")
    return found


def prepare_directories(server_root: Path, user: str | None) -> None:
    (server_root / "metrics").mkdir()
    instance = CHECKOUT / "instance"
    instance.mkdir(exist_ok=True)
    if user:
        grant_access(user, server_root, instance)


def grant_access(user: str, server_root: Path, instance: Path) -> None:
    account = pwd.getpwnam(user)
    for path in (server_root, server_root / "metrics"):
        os.chown(path, account.pw_uid, account.pw_gid)
    python_home = Path(sys.base_prefix)
    blocked = [d for d in _ancestors(CHECKOUT) + _ancestors(python_home) if not _others_may(d, 0o001)]
    setfacl(["-m", f"u:{user}:x"], blocked)
    setfacl(["-m", f"u:{user}:rX"], _unreadable_by_others(CHECKOUT))
    # The mask entry keeps write effective on files created 0644 (by `flask db upgrade` as root).
    setfacl(["-R", "-m", f"u:{user}:rwX,m::rwX"], [instance])
    setfacl(["-m", f"d:u:{user}:rwX"], [instance])
    missing = _inaccessible(user, [CHECKOUT / "application.py", python_home / "lib"], [instance])
    if missing:
        raise PermissionError(f"{user} still cannot use {', '.join(missing)}; run bin/serve as the checkout's owner")


def setfacl(options: list[str], paths: list[Path]) -> None:
    if not paths:
        return
    if not shutil.which("setfacl"):
        subprocess.run([str(CHECKOUT / "bin" / "ensure-system-packages"), "acl"], check=True)
    for start in range(0, len(paths), 500):
        subprocess.run(["setfacl", *options, "--", *map(str, paths[start:start + 500])], check=True)


def run_in_foreground(command: list[str], environment: dict) -> int:
    server = subprocess.Popen(command, env=environment)

    def forward(signum, _frame):
        # SIGTERM (a deploy, a load balancer draining, `make stack-down`) stops gracefully:
        # Apache closes its listener at once, so new connections go elsewhere, and lets the
        # requests in flight finish (SIGWINCH is Apache's graceful-stop).
        server.send_signal(signal.SIGWINCH if signum == signal.SIGTERM else signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    status = server.wait()
    return 128 - status if status < 0 else status


def _ancestors(path: Path) -> list[Path]:
    return list(reversed(path.parents))


def _others_may(path: Path, bits: int) -> bool:
    return path.stat().st_mode & bits == bits


def _unreadable_by_others(top: Path) -> list[Path]:
    found = [top] if not _others_may(top, 0o005) else []
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = [name for name in subdirectories if name != ".git"]
        here = Path(directory)
        found += [here / name for name in subdirectories if not _others_may(here / name, 0o005)]
        found += [here / name for name in files if not (here / name).is_symlink() and not _others_may(here / name, 0o004)]
    return found


def _inaccessible(user: str, readable: list[Path], writable: list[Path]) -> list[str]:
    """What ``user`` still cannot read or write, checked as that user."""
    script = 'for p in "$@"; do case $p in r:*) test -r "${p#r:}";; w:*) test -w "${p#w:}";; esac || echo "${p#?:}"; done'
    paths = [f"r:{p}" for p in readable] + [f"w:{p}" for p in writable]
    result = subprocess.run(["sh", "-c", script, "sh", *paths], user=user, group=pwd.getpwnam(user).pw_gid,
                            extra_groups=[], capture_output=True, text=True, check=False)
    return result.stdout.split()


if __name__ == "__main__":
    sys.exit(main())
