"""Solver benchmarks: ``make bench``.

Targets on a 2-core machine: a problem at the published limits solved in under
1 ms (median, in-process), and time per like flat as problems grow (10x the likes
within 12x the time). Prints a markdown table and writes it to bench/results/solver.md.
"""
from __future__ import annotations

import json
import logging
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask_migrate import upgrade

from api import create_app
from solver import Limits, build_problem, solve

from .accounts import client_sender, fetch_spec, sign_in

from .problems import as_v2, chained_problem

SIZES = [  # (label, colours, customers, likes)
    ("published limits", 2000, 2000, 3000),
    ("10^4 likes", 6_666, 6_666, 10_000),
    ("10^5 likes", 66_666, 66_666, 100_000),
    ("10^6 likes", 666_666, 666_666, 1_000_000),
]
RESULTS = Path(__file__).parent / "results" / "solver.md"


def median_seconds(action, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_mib(action) -> float:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def request_median_ms(colors: int, rows) -> float:
    """The whole v2 request in-process, history write to a SQLite file included."""
    with tempfile.TemporaryDirectory(prefix="paint-bench-") as directory:
        app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{directory}/paint.sqlite3"})
        with app.app_context():
            upgrade()
        client = app.test_client()
        send = client_sender(client)
        headers = sign_in(send, fetch_spec(send))
        body = json.dumps(as_v2(colors, rows))

        def post():
            response = client.post("/v2/solve", data=body, content_type="application/json", headers=headers)
            assert response.status_code == 200, response.data

        return median_seconds(post, 51) * 1000


def main() -> None:
    rows_out = []
    per_like = {}
    for label, colors, customers, likes in SIZES:
        rows = chained_problem(colors, customers, likes)
        total = sum(map(len, rows))
        limits = Limits(colors=colors, customers=customers, likes=total)
        problem = build_problem(colors, rows, limits)
        repeats = 201 if total <= 10_000 else (21 if total <= 100_000 else 5)
        solve_s = median_seconds(lambda: solve(problem), repeats)
        build_s = median_seconds(lambda: build_problem(colors, rows, limits), repeats)
        memory = peak_mib(lambda: solve(problem))
        assert solve(problem).solvable
        per_like[label] = solve_s / total
        rows_out.append((label, total, solve_s * 1000, solve_s / total * 1e9, build_s * 1000, memory))
    logging.getLogger("api.access").setLevel(logging.WARNING)  # one log line per request is noise here
    request_ms = request_median_ms(2000, chained_problem(2000, 2000, 3000))

    lines = [
        "| problem | likes | solve median (ms) | ns per like | validate median (ms) | solve peak memory (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {l} | {t:,} | {s:.3f} | {n:.0f} | {b:.3f} | {m:.2f} |" for l, t, s, n, b, m in rows_out]
    labels = [row[0] for row in rows_out]
    ratios = [
        f"time per like, {b} vs {a}: x{per_like[b] / per_like[a]:.2f} (10x the likes took x{10 * per_like[b] / per_like[a]:.1f} the time)"
        for a, b in zip(labels[1:], labels[2:])
    ]
    lines += ["", *ratios, f"POST /v2/solve at the published limits, in-process (parse, validate, solve, record, answer): median {request_ms:.2f} ms"]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("# Solver benchmark (`make bench`)\n\n" + report + "\n")


if __name__ == "__main__":
    main()
