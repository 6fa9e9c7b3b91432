"""Fault injection: end the serving process on purpose, to prove the server replaces it.

Two settings switch it on, both off by default:

- ``CHAOS_CRASH_ENDPOINT=true`` adds ``GET /crash``;
- ``CHAOS_FAILURE_RATE=0.2`` makes that fraction of solve requests (v1 and v2) fatal.

Either way the client gets its answer first and the process exits with status 3 just
after. In production neither can act: the application refuses to start with them set.
"""
from __future__ import annotations

import logging
import os
import random
import threading

from flask import Blueprint, Flask, current_app, jsonify

from .config import ConfigurationError
from .problems import is_solve_request

log = logging.getLogger(__name__)

EXIT_STATUS = 3
# Long enough for the server to flush the answer already handed to it.
EXIT_DELAY_SECONDS = 0.2

blp = Blueprint("faults", __name__)


def exit_process(status: int) -> None:
    """``os._exit`` skips cleanup on purpose, as a real crash would."""
    os._exit(status)


def exit_later(status: int) -> None:
    """End the process shortly, once the answer has left. Replaced in tests."""
    threading.Timer(EXIT_DELAY_SECONDS, exit_process, (status,)).start()


def end_process_after_response(response):
    def end_soon():
        log.warning("fault injection: ending process %d", os.getpid())
        exit_later(EXIT_STATUS)

    response.call_on_close(end_soon)
    return response


@blp.get("/crash")
def crash():
    """Answer, then end this process, as the legacy service's /crash did."""
    return end_process_after_response(jsonify(status="ending process", pid=os.getpid()))


def fail_some_solves(response):
    if is_solve_request() and random.random() < current_app.config["CHAOS_FAILURE_RATE"]:
        return end_process_after_response(response)
    return response


def register_fault_injection(app: Flask) -> None:
    crash_endpoint, failure_rate = app.config["CHAOS_CRASH_ENDPOINT"], app.config["CHAOS_FAILURE_RATE"]
    if not 0.0 <= failure_rate <= 1.0:
        raise ConfigurationError(f"CHAOS_FAILURE_RATE={failure_rate} is not between 0 and 1")
    if app.config["APP_ENV"] == "production":
        for name in ("CHAOS_CRASH_ENDPOINT", "CHAOS_FAILURE_RATE"):
            if app.config[name]:
                raise ConfigurationError(f"{name} must not be set in production: it ends serving processes")
        return
    if crash_endpoint:
        app.register_blueprint(blp)
    if failure_rate:
        app.after_request(fail_some_solves)
