"""Health for the load balancer and ops.

``GET /health``: the process answers (touches nothing else), for liveness checks.
``GET /health/ready``: every readiness check passes, so the instance can take traffic;
503 with the failing checks otherwise.

Readiness checks are ``(name, function)`` pairs in ``app.extensions["readiness_checks"]``;
a function raises when its dependency is unusable. The database is checked whenever
Flask-SQLAlchemy is registered; other parts add theirs with :func:`add_readiness_check`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, Flask, current_app, jsonify

from .errors import error_response

log = logging.getLogger(__name__)

blp = Blueprint("health", __name__, url_prefix="/health")


def check_database() -> str:
    database = current_app.extensions.get("sqlalchemy")
    if database is None:
        return "not configured"
    from sqlalchemy import text  # only needed once a database is registered

    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return "ok"


def add_readiness_check(app: Flask, name: str, check: Callable[[], str | None]) -> None:
    app.extensions.setdefault("readiness_checks", []).append((name, check))


@blp.get("")
def alive():
    return jsonify(status="ok")


@blp.get("/ready")
def ready():
    results, failures = {}, []
    for name, check in current_app.extensions["readiness_checks"]:
        try:
            results[name] = check() or "ok"
        except Exception as error:  # any failure means "not ready"; the log keeps the detail
            log.warning("readiness check %s failed: %s", name, error)
            # Only the kind of failure: the detail may name hosts and ports, and this is public.
            failures.append({"path": name, "message": f"unavailable ({type(error).__name__})"})
    if failures:
        retry_after = {"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER"])}
        return error_response(503, "Not ready: " + ", ".join(f["path"] for f in failures), failures, retry_after)
    return jsonify(status="ready", checks=results)


def register_health(app: Flask) -> None:
    add_readiness_check(app, "database", check_database)
    app.register_blueprint(blp)
