"""Prometheus metrics, right across server processes, served at ``GET /metrics``.

Under mod_wsgi several processes answer requests. With ``PROMETHEUS_MULTIPROC_DIR`` set
(bin/serve sets it to a fresh directory per server start) each process writes its values
to files there and ``/metrics`` sums them, so totals count every process, including ones
that have since exited. Without it (tests, ``make dev``) the metrics live in this process.

``/metrics`` is never public in production: it answers only with ``METRICS_TOKEN`` as a
bearer token, and does not exist when no token is configured.
"""
from __future__ import annotations

import atexit
import hmac
import os
from time import perf_counter

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

from solver import Problem, Solution

from .errors import error_response

# ``*_created`` series are not kept in multiprocess mode; leave them out everywhere alike.
disable_created_metrics()

# The legacy service's counter, kept by name so existing dashboards keep working.
REQUESTS = Counter("requests", "HTTP requests answered", ["endpoint", "method", "status"])
IN_PROGRESS = Gauge("requests_in_progress", "HTTP requests being answered", multiprocess_mode="livesum")
LATENCY = Histogram(
    "request_duration_seconds",
    "Time to answer a request, from routing to response",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SOLVE_SECONDS = Histogram(
    "solve_duration_seconds",
    "Time spent in the solver alone",
    ["endpoint"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)
# Sizes up to the published limits (2000 colours, 2000 customers, 3000 likes).
SIZE_BUCKETS = (1, 10, 50, 100, 250, 500, 1000, 2000, 3000)
PROBLEM_COLORS = Histogram("solve_problem_colors", "Colours per solved problem", ["endpoint"], buckets=SIZE_BUCKETS)
PROBLEM_LIKES = Histogram("solve_problem_likes", "Likes per solved problem, all customers", ["endpoint"], buckets=SIZE_BUCKETS)
IMPOSSIBLE = Counter("solve_impossible", "Problems answered as impossible", ["endpoint"])
REJECTED = Counter("rejected_inputs", "Requests refused for their content", ["endpoint", "status"])
HISTORY_WRITE_FAILURES = Counter("history_write_failures", "Searches that could not be saved to history")
AUTH_FAILURES = Counter("auth_failures", "Failed authentications", ["reason"])

REJECTION_STATUSES = frozenset({400, 413, 415, 422})

blp = Blueprint("metrics", __name__)


# Refusals that count as failed authentication, by the reason label they are counted under.
AUTH_FAILURE_REASONS = {401: "unauthorized", 429: "too_many_failures"}


def record_history_write_failure() -> None:
    """Called by the history code when saving a search fails."""
    HISTORY_WRITE_FAILURES.inc()


def record_auth_failure(reason: str) -> None:
    """``reason`` is a short fixed word (a label value), e.g. ``unauthorized``."""
    AUTH_FAILURES.labels(reason=reason).inc()


def observe_solve(problem: Problem, solution: Solution, seconds: float) -> None:
    endpoint = _endpoint_label()
    likes = problem.like_count
    SOLVE_SECONDS.labels(endpoint).observe(seconds)
    PROBLEM_COLORS.labels(endpoint).observe(problem.colors)
    PROBLEM_LIKES.labels(endpoint).observe(likes)
    if solution.finishes is None:
        IMPOSSIBLE.labels(endpoint).inc()


def start_timer() -> None:
    g.metrics_started = perf_counter()
    IN_PROGRESS.inc()


def count_response(response):
    endpoint, method = _endpoint_label(), request.method
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    LATENCY.labels(endpoint, method).observe(perf_counter() - g.get("metrics_started", perf_counter()))
    if response.status_code in REJECTION_STATUSES:
        REJECTED.labels(endpoint, str(response.status_code)).inc()
    # Every 401 and 429 leaves through here, whichever check refused: counted once, at the edge.
    if response.status_code in AUTH_FAILURE_REASONS:
        record_auth_failure(AUTH_FAILURE_REASONS[response.status_code])
    return response


def stop_timer(_error=None) -> None:
    if "metrics_started" in g:
        IN_PROGRESS.dec()


@blp.get("/metrics")
def scrape():
    _require_token()
    return Response(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def register_metrics(app: Flask) -> None:
    app.before_request(start_timer)
    app.after_request(count_response)
    app.teardown_request(stop_timer)
    app.register_blueprint(blp)


def _require_token() -> None:
    token = current_app.config["METRICS_TOKEN"]
    if not token:
        if current_app.config["APP_ENV"] == "production":
            abort(404)
        return
    offered = request.headers.get("Authorization", "")
    if not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        abort(error_response(401, "send the metrics token as 'Authorization: Bearer <token>'",
                             headers={"WWW-Authenticate": 'Bearer realm="metrics"'}))


def _registry():
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _endpoint_label() -> str:
    # The route pattern, not the path: keeps label values few whatever clients send.
    return request.url_rule.rule if request.url_rule else "unmatched"


def _mark_process_dead() -> None:
    # Drops this process's live gauges; its counters and histograms stay in the sums.
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        multiprocess.mark_process_dead(os.getpid())


try:  # mod_wsgi's own hook runs when it shuts a daemon process down; atexit covers the rest.
    import mod_wsgi

    mod_wsgi.subscribe_shutdown(lambda event, **details: _mark_process_dead())
except (ImportError, AttributeError):
    atexit.register(_mark_process_dead)
