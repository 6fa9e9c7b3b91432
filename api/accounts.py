"""Accounts: registration, checking credentials (with failed attempts limited), signing out."""
from __future__ import annotations

import logging
import math
import time
from datetime import datetime, timezone

from flask import current_app, request
from limits import parse_many
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from models import LARGEST_ID, RevokedToken, User

from .errors import ServiceError
from .extensions import db, limiter
from .passwords import Passwords

log = logging.getLogger(__name__)

# One message whether the username exists or not, so that it cannot be used to find accounts.
BAD_CREDENTIALS = "The username or password is wrong"


class UsernameTaken(ServiceError):
    code = 409


class BadCredentials(ServiceError):
    code = 401


class TooManyFailedSignIns(ServiceError):
    code = 429


def init_app(app) -> None:
    app.extensions["paint_passwords"] = Passwords(app.config)


def normalise(username: str) -> str:
    return username.strip().lower()


def find(subject: object) -> User | None:
    """The account a token's subject names, or None when it is not an account id or is gone."""
    try:
        user_id = int(subject)
    except (TypeError, ValueError):
        return None
    return db.session.get(User, user_id) if 0 < user_id <= LARGEST_ID else None


def register(username: str, password: str) -> User:
    user = User(username=normalise(username), password_hash=_passwords().hash(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the unique index settles a race between two registrations
        db.session.rollback()
        raise UsernameTaken(f"The username {user.username!r} is taken") from None
    return user


def authenticate(username: str, password: str) -> User:
    """The user these credentials belong to. Failures are counted per username and per client
    address; past the limits every attempt is refused with 429 before any password is checked."""
    username = normalise(username)
    _refuse_when_locked(username)
    user = db.session.scalar(select(User).where(User.username == username))
    if not _passwords().verify(user.password_hash if user else None, password):
        _count_failure(username)
        raise BadCredentials(BAD_CREDENTIALS)
    if _passwords().needs_rehash(user.password_hash):  # the cost settings were raised since
        user.password_hash = _passwords().hash(password)
        db.session.commit()
    return user


def revoke(token: dict) -> None:
    """Refuse this token from now on, on every instance; forget tokens that have expired anyway."""
    now = datetime.now(timezone.utc)
    db.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
    db.session.merge(
        RevokedToken(
            jti=token["jti"],
            token_type=token["type"],
            user_id=int(token["sub"]),
            expires_at=datetime.fromtimestamp(token["exp"], timezone.utc),
        )
    )
    db.session.commit()


def is_revoked(jti: str) -> bool:
    return db.session.get(RevokedToken, jti) is not None


def _passwords() -> Passwords:
    return current_app.extensions["paint_passwords"]


def _failure_counts(username: str):
    """Each (limit, key) that failed sign-ins count against."""
    config = current_app.config
    for limit in parse_many(config["LOGIN_LIMIT_PER_USERNAME"]):
        yield limit, ("failed-sign-in", "username", username)
    for limit in parse_many(config["LOGIN_LIMIT_PER_ADDRESS"]):
        yield limit, ("failed-sign-in", "address", request.remote_addr or "unknown")


def _refuse_when_locked(username: str) -> None:
    for limit, key in _failure_counts(username):
        if not limiter.limiter.test(limit, *key):
            reset_at = limiter.limiter.get_window_stats(limit, *key).reset_time
            retry_after = max(1, math.ceil(reset_at - time.time()))
            log.warning("sign-in refused: too many failures for %s %s", key[1], key[2])
            raise TooManyFailedSignIns(
                f"Too many failed sign-ins; try again in {retry_after} seconds",
                headers={"Retry-After": str(retry_after)},
            )


def _count_failure(username: str) -> None:
    for limit, key in _failure_counts(username):
        limiter.limiter.hit(limit, *key)
