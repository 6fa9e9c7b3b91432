"""Latency under load: ``make bench-load`` (``make bench`` runs it after the solver benchmark).

Starts one instance the way ``make run`` serves it (``bin/serve``: Apache + mod_wsgi),
with its history in PostgreSQL when reachable, signs in a customer when the service
has accounts, then drives each scenario with wrk at each concurrency level for a fixed
time. Writes bench/results/load.md (a table), load.json (the raw figures) and load.png
(latency against throughput), then stops the server.

    python -m bench.load [--duration 10] [--levels 1,2,4,8,16,32] [--scenarios v2-small,v1-limits]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from .accounts import fetch_spec, has_accounts, http_sender, sign_in
from .database import history_database
from .problems import as_v1, as_v2, chained_problem
from .service import ROOT, free_port, server_description, start_instance, stop, wait_healthy

RESULTS = Path(__file__).parent / "results"
SCRIPT = Path(__file__).with_name("load.lua")
LEVELS = (1, 2, 4, 8, 16, 32)
# bin/serve accepts long request lines, but Apache's default limit is 8190 bytes and an AWS
# Application Load Balancer's 16 kB: a v1 problem whose URL would be longer than Apache's
# default is sent the way such clients must send it in production, as the raw POST body.
LONGEST_REQUEST_LINE = 8190
SIZES = {"small": (10, 6, 10), "limits": (2000, 2000, 3000)}  # colours, customers, likes
SIZE_TITLES = {"small": "small problems (10 likes)", "limits": "problems at the published limits"}
WSGI_SETTINGS = ("WSGI_PROCESSES", "WSGI_THREADS")


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    body: bytes | None
    content_type: str | None
    note: str = ""


@dataclass
class Run:
    scenario: str
    connections: int
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int


def scenarios() -> list[Scenario]:
    found = []
    for size, (colors, customers, likes) in SIZES.items():
        rows = chained_problem(colors, customers, likes)
        shape = f"{colors} colours, {customers} customers, {sum(map(len, rows))} likes"
        v2 = json.dumps(as_v2(colors, rows)).encode()
        found.append(Scenario(f"v2-{size}", "POST", "/v2/solve", v2, "application/json", f"{shape}; {len(v2):,}-byte JSON body"))
        v1 = v1_scenario(f"v1-{size}", json.dumps(as_v1(colors, rows), separators=(",", ":")))
        v1.note = f"{shape}; {v1.note}"
        found.append(v1)
    return found


def v1_scenario(name: str, text: str) -> Scenario:
    path = "/v1/?" + urllib.parse.urlencode({"input": text})
    if len(f"GET {path} HTTP/1.1") <= LONGEST_REQUEST_LINE:
        return Scenario(name, "GET", path, None, None, f"GET ?input= ({len(path):,}-byte URL)")
    note = f"raw POST body: as ?input= the URL would be {len(path):,} bytes, over Apache's default {LONGEST_REQUEST_LINE}"
    return Scenario(name, "POST", "/v1/", text.encode(), "application/json", note)


def run_wrk(url: str, scenario: Scenario, connections: int, seconds: int, headers: dict, workdir: Path) -> Run:
    body_file = workdir / f"{scenario.name}.body"
    body_file.write_bytes(scenario.body or b"")
    env = {
        **os.environ,
        "LOAD_METHOD": scenario.method,
        "LOAD_BODY_FILE": str(body_file) if scenario.body is not None else "",
        "LOAD_CONTENT_TYPE": scenario.content_type or "",
        "LOAD_AUTHORIZATION": headers.get("Authorization", ""),
    }
    command = [
        "wrk", f"--threads={min(connections, 2)}", f"--connections={connections}", f"--duration={seconds}s",
        "--timeout=10s", f"--script={SCRIPT}", url + scenario.path,
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    line = next((l for l in output.splitlines() if l.startswith("LOAD_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result for {scenario.name}:\n{output}")
    figures = json.loads(line.removeprefix("LOAD_RESULT "))
    elapsed = figures["duration_us"] / 1e6
    return Run(
        scenario=scenario.name,
        connections=connections,
        requests=figures["requests"],
        seconds=round(elapsed, 2),
        requests_per_second=round(figures["requests"] / elapsed, 1),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        non_2xx=figures["non_2xx"],
        socket_errors=sum(figures[k] for k in ("connect", "read", "write", "timeout")),
    )


def check_scenario(url: str, scenario: Scenario, headers: dict) -> None:
    """One request first: a scenario the service refuses would only measure how fast it says no."""
    request = urllib.request.Request(url + scenario.path, data=scenario.body, method=scenario.method)
    for name, value in {**headers, "Content-Type": scenario.content_type or ""}.items():
        if value:
            request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{scenario.name}: {error.code} {error.read()[:300]!r}") from None


def write_report(runs: list[Run], chosen: list[Scenario], context: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps({"context": context, "runs": [asdict(r) for r in runs]}, indent=1) + "\n")
    lines = [
        "# Latency under load (`make bench-load`)",
        "",
        f"- Server: {context['server']}",
        f"- WSGI settings: {context['wsgi']}",
        f"- History: {context['history']}",
        f"- Requests: {context['auth']}",
        f"- Machine: {context['machine']}; load generator wrk on the same machine (it competes for the cores)",
        f"- Each row: wrk for {context['seconds']} s at that many connections; {context['when']}",
        "- Errors: non-2xx counts responses with status >= 400 (wrk's rule); socket errors are connect, "
        "read, write and timeout (10 s) errors",
        "",
        "| scenario | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | socket errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.scenario} | {r.connections} | {r.requests_per_second:,.1f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
        f"{r.p99_ms:.1f} | {r.max_ms:.1f} | {r.requests:,} | {r.non_2xx} | {r.socket_errors} |"
        for r in runs
    ]
    lines += ["", "Scenarios:", ""] + [f"- `{s.name}`: {s.method} {s.path.split('?')[0]}, {s.note}" for s in chosen]
    lines += ["", "![latency against throughput](load.png)"]
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n")
    plot(runs, RESULTS / "load.png")


def plot(runs: list[Run], path: Path) -> None:
    """Latency (p50 solid, p99 dashed) against throughput, one line per scenario, points labelled by connections."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.pyplot as plt

    figure, panels = plt.subplots(1, len(SIZES), figsize=(12, 5), squeeze=False)
    for panel, size in zip(panels[0], SIZES):
        for name in dict.fromkeys(r.scenario for r in runs if r.scenario.endswith(size)):
            series = [r for r in runs if r.scenario == name]
            x = [r.requests_per_second for r in series]
            (line,) = panel.plot(x, [r.p50_ms for r in series], marker="o", label=f"{name} p50")
            panel.plot(x, [r.p99_ms for r in series], marker="x", linestyle="--", color=line.get_color(), label=f"{name} p99")
            for r in series:
                panel.annotate(str(r.connections), (r.requests_per_second, r.p50_ms), fontsize=7,
                               textcoords="offset points", xytext=(3, 3))
        panel.set(title=f"{SIZE_TITLES[size]}; point labels: connections", xlabel="requests/s", ylabel="latency (ms)", yscale="log")
        panel.grid(True, which="both", alpha=0.3)
        panel.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOAD_DURATION", 10)), help="seconds per run")
    parser.add_argument("--levels", default=os.environ.get("LOAD_LEVELS", ",".join(map(str, LEVELS))))
    parser.add_argument("--scenarios", default=os.environ.get("LOAD_SCENARIOS", ""), help="comma-separated names; all by default")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: bin/ensure-system-packages wrk (make bench-load does it)")
    levels = [int(level) for level in args.levels.split(",")]
    chosen = [s for s in scenarios() if not args.scenarios or s.name in args.scenarios.split(",")]

    database_env, history = history_database("paint_bench")
    # Production settings when the history can be PostgreSQL (production refuses SQLite), with a
    # signing key made for this run only.
    app_env = "production" if "DATABASE_URL" in database_env else "development"
    env = {"APP_ENV": app_env, "JWT_SECRET_KEY": secrets.token_urlsafe(32), **database_env}
    with tempfile.TemporaryDirectory(prefix="paint-load-") as workdir:
        instance = start_instance(free_port(), env, Path(workdir) / "serve.log")
        try:
            wait_healthy(instance.url, instance.pid)
            send = http_sender(instance.url)
            spec = fetch_spec(send)
            headers = sign_in(send, spec, prefix="load")
            for scenario in chosen:
                check_scenario(instance.url, scenario, headers)
            runs = []
            for scenario in chosen:
                for connections in levels:
                    run = run_wrk(instance.url, scenario, connections, args.duration, headers, Path(workdir))
                    print(f"{run.scenario:10} c={run.connections:3} {run.requests_per_second:8.1f} req/s "
                          f"p50 {run.p50_ms:7.1f} p99 {run.p99_ms:7.1f} ms errors {run.non_2xx}+{run.socket_errors}", flush=True)
                    runs.append(run)
        finally:
            stop(instance.pid)
    context = {
        "server": server_description(),
        "wsgi": ", ".join(f"{k}={os.environ.get(k, 'bin/serve default')}" for k in WSGI_SETTINGS),
        "history": history,
        "auth": "v2 with a bearer token (one account)" if has_accounts(spec) else "no accounts in this service: no token",
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}",
        "seconds": args.duration,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    write_report(runs, chosen, context)
    print(f"wrote {RESULTS / 'load.md'} and load.png", file=sys.stderr)


if __name__ == "__main__":
    main()
