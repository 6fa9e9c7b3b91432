"""Structured logs: JSON lines on stderr, one per request, each tied to a request id.

A sane ``X-Request-ID`` from the client or the load balancer is kept, so one id follows
a request through every hop; otherwise one is made. It goes back on every response,
errors included, and into every log line written while the request is handled.
"""
from __future__ import annotations

import json
import logging
import os
import re
import uuid
from datetime import datetime, timezone
from time import perf_counter

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a little punctuation: safe to echo in a header and to log verbatim.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")

access_log = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra={"fields": {...}}`` adds keys to it."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def request_id_from(header: str | None) -> str:
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def begin_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.log_started = perf_counter()


def log_request(response):
    request_id = g.setdefault("request_id", request_id_from(None))
    response.headers[REQUEST_ID_HEADER] = request_id
    access_log.info(
        "request",
        extra={
            "fields": {
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((perf_counter() - g.get("log_started", perf_counter())) * 1000, 2),
                "remote_addr": request.remote_addr,
            }
        },
    )
    return response


def configure_logging(level: str) -> None:
    """JSON lines on standard error for the ``api`` loggers.

    Written to file descriptor 2 itself: under Apache that is the error log (the terminal
    with bin/serve), and mod_wsgi's ``sys.stderr`` would prefix each line with the script
    path, breaking the JSON.
    """
    logger = logging.getLogger("api")
    logger.setLevel(level.upper())
    if not any(isinstance(handler.formatter, JsonFormatter) for handler in logger.handlers):
        handler = logging.StreamHandler(open(os.dup(2), "w", buffering=1, encoding="utf-8"))
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)


def register_request_logging(app: Flask) -> None:
    configure_logging(app.config["LOG_LEVEL"])
    app.before_request(begin_request)
    app.after_request(log_request)
