"""LEGACY_AUTH=required: /v1/ answers only a bearer token or HTTP Basic credentials of a user.

Old clients that cannot handle tokens send Basic credentials with each call; each such call
checks the password, so it counts against the same failed sign-in limits as a login.
"""
from __future__ import annotations

from flask import current_app, g, request

from . import accounts
from .errors import ServiceError
from .tokens import require_access_token

CHALLENGES = 'Basic realm="paint batch optimizer", Bearer'


class CredentialsRequired(ServiceError):
    code = 401

    def __init__(self, message: str):
        super().__init__(message, headers={"WWW-Authenticate": CHALLENGES})


def require_legacy_credentials() -> None:
    if current_app.config["LEGACY_AUTH"] != "required":
        return
    credentials = request.authorization
    if credentials is not None and credentials.type == "bearer":
        require_access_token()
    elif credentials is not None and credentials.type == "basic":
        try:
            g.user_id = accounts.authenticate(credentials.username or "", credentials.password or "").id
        except accounts.BadCredentials as refused:
            raise CredentialsRequired(refused.message) from None
    else:
        raise CredentialsRequired("Sign in: send a bearer token or HTTP Basic credentials of a registered user")
