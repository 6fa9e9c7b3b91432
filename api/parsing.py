"""Request parsing shared by every blueprint: webargs, refusing unreadable JSON with a 400."""
from __future__ import annotations

import functools
import json

import flask_smorest
from flask import request
from webargs.flaskparser import FlaskParser, abort


class JsonBodyParser(FlaskParser):
    """webargs' parser, also turning what ``json.loads`` raises past syntax errors into "invalid JSON".

    Nesting deeper than the interpreter's recursion limit raises RecursionError, and an integer
    longer than Python's digit limit a plain ValueError; webargs lets both through as a 500.
    """

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else "a number has too many digits"
            # webargs reads an empty document as "no body at all": give it one.
            raise json.JSONDecodeError(reason, "<body>", 0) from None

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        """Say what is wrong with the body, not just that something is."""
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        abort(400, exc=error, messages={"json": [f"Invalid JSON body: {reason}"]})


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()


def require_json_body() -> None:
    """Before a view that reads a JSON body: without this, an empty or non-JSON body would read
    as "fields missing", which misleads."""
    if request.method != "POST":
        return
    if not request.is_json:
        flask_smorest.abort(415, message="send the body as JSON, with Content-Type: application/json")
    if not request.get_data():
        flask_smorest.abort(400, message="the request body is empty; send it as JSON")


def json_body(view):
    """Decorate a view method whose body is JSON (put it above the flask-smorest decorators)."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        require_json_body()
        return view(*args, **kwargs)

    return checked
