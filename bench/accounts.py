"""A customer account for load and fault runs: register, log in, count the caller's searches.

Everything this code assumes about the accounts API is one constant below, so a
renamed field is a one-line fix. When the published OpenAPI document has no
register path, the service has no accounts: requests go without a token and there
is no search history to count.
"""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable

REGISTER_PATH = "/v2/auth/register"
LOGIN_PATH = "/v2/auth/login"
SEARCHES_PATH = "/v2/searches"
ACCESS_TOKEN_FIELD = "access_token"
SEARCHES_TOTAL_FIELD = "total"  # the field of GET /v2/searches holding the caller's search count

# (method, path, JSON body, headers) -> (status, decoded JSON body or None)
Send = Callable[[str, str, dict | None, dict], tuple[int, object]]


def has_accounts(spec: dict) -> bool:
    return REGISTER_PATH in spec.get("paths", {})


def has_bearer_scheme(spec: dict) -> bool:
    schemes = spec.get("components", {}).get("securitySchemes", {})
    return any(s.get("type") == "http" and s.get("scheme", "").lower() == "bearer" for s in schemes.values())


def new_credentials(prefix: str = "bench") -> dict:
    # Unique per run so repeated runs against one database never collide; the password
    # is long and unrelated to the name to pass any reasonable password rule.
    return {"username": f"{prefix}-{secrets.token_hex(4)}", "password": secrets.token_urlsafe(18)}


def sign_in(send: Send, spec: dict, prefix: str = "bench") -> dict:
    """Headers to send with every request: a bearer token when the service has accounts, else none."""
    if not has_accounts(spec):
        return {}
    credentials = new_credentials(prefix)
    status, body = send("POST", REGISTER_PATH, credentials, {})
    if status != 201:
        raise RuntimeError(f"POST {REGISTER_PATH} answered {status}: {body}")
    status, body = send("POST", LOGIN_PATH, credentials, {})
    if status != 200 or ACCESS_TOKEN_FIELD not in (body or {}):
        raise RuntimeError(f"POST {LOGIN_PATH} answered {status} without {ACCESS_TOKEN_FIELD}: {body}")
    return {"Authorization": f"Bearer {body[ACCESS_TOKEN_FIELD]}"}


def count_searches(send: Send, headers: dict) -> int:
    """How many searches the service has recorded for the account behind ``headers``."""
    status, body = send("GET", f"{SEARCHES_PATH}?page=1&page_size=1", None, headers)
    if status != 200 or SEARCHES_TOTAL_FIELD not in (body or {}):
        raise RuntimeError(f"GET {SEARCHES_PATH} answered {status} without {SEARCHES_TOTAL_FIELD!r}: {body}")
    return body[SEARCHES_TOTAL_FIELD]


def http_sender(base_url: str, timeout: float = 10) -> Send:
    """``Send`` over real HTTP, for a running service."""

    def send(method: str, path: str, body: dict | None, headers: dict) -> tuple[int, object]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base_url + path, data=data, method=method, headers=dict(headers))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())

    return send


def client_sender(client) -> Send:
    """``Send`` through a Flask test client, for the app in-process."""

    def send(method: str, path: str, body: dict | None, headers: dict) -> tuple[int, object]:
        response = client.open(path, method=method, json=body, headers=headers)
        return response.status_code, response.get_json(silent=True)

    return send


def fetch_spec(send: Send) -> dict:
    status, spec = send("GET", "/openapi.json", None, {})
    if status != 200:
        raise RuntimeError(f"GET /openapi.json answered {status}")
    return spec


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return None
