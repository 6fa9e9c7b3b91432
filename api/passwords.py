"""Password rules and argon2 hashing. The password itself is never stored, logged or returned."""
from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MAX_LENGTH = 1024  # hashing cost grows with length; nobody types more


def weakness(username: str, password: str, min_length: int) -> str | None:
    """The first rule ``password`` breaks, in words for the client, or None."""
    if not _is_text(password):
        return "must be valid Unicode text (it holds an unpaired surrogate)"
    if len(password) < min_length:
        return f"must be at least {min_length} characters long"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters long"
    if password.strip().lower() == username.strip().lower():
        return "must not be the username"
    if len(set(password)) == 1:
        return "must not be one character repeated"
    return None


class Passwords:
    """Hashing with the configured argon2id cost."""

    def __init__(self, config: Mapping[str, Any]):
        self.hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_KIB"],
            parallelism=config["ARGON2_PARALLELISM"],
        )

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Whether ``password`` matches; with no account (``None``) a dummy hash is checked,
        so that an unknown username takes as long to refuse as a wrong password."""
        if not _is_text(password):
            password = ""  # matches no hash; still checked, so the refusal takes as long as any other
        try:
            return self.hasher.verify(stored_hash or self._dummy_hash, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)

    @cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash("no account has this password")


def _is_text(password: str) -> bool:
    """JSON can carry lone surrogates ("\\ud800"), which no encoding, argon2's included, accepts."""
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
