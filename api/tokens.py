"""Bearer tokens: flask-jwt-extended answering in our error shape, checked against revocations.

Every refusal is 401 with ``WWW-Authenticate: Bearer`` (RFC 6750), whatever is wrong with the token.
"""
from __future__ import annotations

from flask import g
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from . import accounts
from .errors import error_response
from .extensions import jwt

# For the OpenAPI document, so that /docs offers "Authorize" and sends the token.
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "basicAuth": {"type": "http", "scheme": "basic"},
}
BEARER = [{"bearerAuth": []}]


def require_access_token() -> None:
    """Before a protected view: a valid, unrevoked access token, whose user becomes the caller."""
    if verify_jwt_in_request() is None:
        return  # an exempt method (OPTIONS): nothing is served, so there is no caller to name
    g.user_id = get_current_user().id


def current_user_id() -> int | None:
    """The signed-in caller of this request, or None for an anonymous (legacy) call."""
    return g.get("user_id")


def _unauthorized(message: str, error: str | None = None):
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    return error_response(401, message, headers={"WWW-Authenticate": challenge})


@jwt.user_lookup_loader
def _account(_header: dict, payload: dict):
    # A validly signed token may still name no account: one deleted, a database reset, or a
    # token of another environment that shares the key. None is refused as 401 (see below).
    return accounts.find(payload.get("sub"))


@jwt.token_in_blocklist_loader
def _is_revoked(_header: dict, payload: dict) -> bool:
    return accounts.is_revoked(payload["jti"])


@jwt.unauthorized_loader
def _missing(reason: str):
    return _unauthorized(f"Sign in first and send 'Authorization: Bearer <access token>' ({reason})")


@jwt.invalid_token_loader
def _invalid(reason: str):
    # Also a refresh token used where an access token is needed, and the reverse.
    return _unauthorized(f"The token is not valid: {reason}", "invalid_token")


def _refusal(message: str):
    """A loader for a token that decoded but is refused: flask-jwt-extended passes header and payload."""
    return lambda _header, _payload: _unauthorized(message, "invalid_token")


jwt.expired_token_loader(_refusal("The token has expired; refresh it or sign in again"))
jwt.revoked_token_loader(_refusal("The token has been revoked (signed out); sign in again"))
jwt.needs_fresh_token_loader(_refusal("This needs a token from a fresh sign-in; sign in again"))
jwt.token_verification_failed_loader(_refusal("The token was refused"))
jwt.user_lookup_error_loader(_refusal("The token's account no longer exists"))
