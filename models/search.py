"""Every search: who asked, when, how big it was and how it ended; its bodies kept apart."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utc_now


class ApiVersion(str, enum.Enum):
    V1 = "v1"
    V2 = "v2"


class Outcome(str, enum.Enum):
    SOLVED = "solved"
    IMPOSSIBLE = "impossible"
    REJECTED = "rejected"


def _text_enum(kind: type[enum.Enum], name: str) -> Enum:
    # Stored as the value text with a CHECK constraint: readable in SQL, and no PostgreSQL
    # enum type that every new value would have to ALTER.
    return Enum(
        kind, name=name, native_enum=False, create_constraint=True, length=16,
        values_callable=lambda members: [member.value for member in members],
    )


class Search(Base):
    __tablename__ = "searches"
    # Listing one customer's searches newest first is the common query.
    __table_args__ = (Index("ix_searches_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for anonymous legacy calls.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    api_version: Mapped[ApiVersion] = mapped_column(_text_enum(ApiVersion, "api_version"))
    # Sizes are unknown (None) for a rejected request.
    colors: Mapped[int | None]
    customers: Mapped[int | None]
    likes: Mapped[int | None]
    outcome: Mapped[Outcome] = mapped_column(_text_enum(Outcome, "outcome"))
    matte_count: Mapped[int | None]
    duration_ms: Mapped[float]
    http_status: Mapped[int]

    data: Mapped[SearchData] = relationship(back_populates="search", cascade="all, delete-orphan", lazy="raise")


class SearchData(Base):
    """The request as sent and the answer or error as returned: large, so read only on demand."""

    __tablename__ = "search_data"

    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"), primary_key=True)
    # None when the body was too large to read (413).
    request: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text)

    search: Mapped[Search] = relationship(back_populates="data")
