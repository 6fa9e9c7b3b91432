"""Every error leaves the service as the same JSON shape, translated here and nowhere else.

``{"code": 422, "status": "Unprocessable Entity", "message": "...",
   "errors": [{"path": "customers[0].likes[1].color", "message": "..."}]}``
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from http import HTTPStatus
from itertools import islice
from typing import Any

from flask import Flask, current_app, jsonify
from sqlalchemy.exc import InterfaceError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, MethodNotAllowed, InternalServerError

from legacy import MalformedPayload
from solver import MAX_ISSUES, InvalidProblem

log = logging.getLogger(__name__)


# What a database that is down, failing over, read-only or out of connections raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, InternalError, PoolTimeout)


REQUEST_LOCATIONS = frozenset({"json", "query", "form", "headers", "cookies", "files", "path"})


class ServiceError(Exception):
    """A refusal the client can act on. Subclasses set ``code``; the message is shown as is."""

    code = 400

    def __init__(self, message: str, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.headers = headers


def render_path(location: tuple | list) -> str:
    """``("customers", 2, "likes", 0)`` -> ``customers[2].likes[0]``."""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)
    return text.lstrip(".")


def error_response(code: int, message: str, errors: list[dict] | None = None, headers: dict | None = None):
    name = _status_name(code)
    body: dict[str, Any] = {"code": code, "status": name, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = code
    response.headers.update(headers or {})
    return response


def flatten_validation_messages(messages: Any, location: tuple = ()) -> Iterator[dict]:
    """Turn marshmallow's nested ``{"customers": {0: {"likes": ...}}}`` into path/message pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":  # marshmallow's key for "this object as a whole"
                yield from flatten_validation_messages(value, location)
                continue
            part = int(key) if isinstance(key, int) or (isinstance(key, str) and key.isdigit()) else key
            yield from flatten_validation_messages(value, location + (part,))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for message in messages:
            yield {"path": render_path(location), "message": message}
    elif isinstance(messages, list):
        for message in messages:
            yield from flatten_validation_messages(message, location)
    else:
        yield {"path": render_path(location), "message": str(messages)}


def handle_http_exception(error: HTTPException):
    """Webargs/flask-smorest put validation messages in ``error.data``; everything else is plain."""
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    errors = None
    if isinstance(messages, dict):
        # webargs nests by request location ("json", "query"); the paths within it are what matter.
        if len(messages) == 1 and next(iter(messages)) in REQUEST_LOCATIONS:
            messages = next(iter(messages.values()))
        errors = list(islice(flatten_validation_messages(messages), MAX_ISSUES))
    elif isinstance(messages, list):
        errors = messages[:MAX_ISSUES]
    message = data.get("message") or _default_message(error, errors)
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)  # RFC 9110: a 405 says what is allowed
    return error_response(error.code or 500, message, errors, headers)


def handle_invalid_problem(error: InvalidProblem):
    errors = [{"path": render_path(issue.location), "message": issue.message} for issue in error.issues]
    return error_response(422, "The problem is invalid: " + errors[0]["path"] + ": " + errors[0]["message"], errors)


def handle_malformed_payload(error: MalformedPayload):
    return error_response(400, str(error))


def handle_service_error(error: ServiceError):
    return error_response(error.code, error.message, headers=error.headers)


def database_unavailable():
    """503, never an answer that could not be recorded: the client may simply try again."""
    retry_after = str(current_app.config["DATABASE_RETRY_AFTER"])
    return error_response(503, "The database is unavailable; try again shortly", headers={"Retry-After": retry_after})


def handle_database_unavailable(error: Exception):
    log.warning("database unavailable: %s", error)
    return database_unavailable()


def handle_unexpected(error: Exception):
    # Never a bare 500 page: log the traceback for us, give the client JSON it can parse.
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "Internal error; it has been logged")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InvalidProblem, handle_invalid_problem)
    app.register_error_handler(MalformedPayload, handle_malformed_payload)
    app.register_error_handler(ServiceError, handle_service_error)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)


def _default_message(error: HTTPException, errors: list[dict] | None) -> str:
    if errors:
        first = errors[0]
        return f"The request is invalid: {first['path'] or 'body'}: {first['message']}"
    return error.description or error.name


def _status_name(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return InternalServerError.name
