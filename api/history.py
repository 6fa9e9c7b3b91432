"""The history of searches: every answer and every rejected request is recorded, and read back.

One mechanism for both solve endpoints. ``track(blueprint, ...)`` starts a clock before each
request and, after it, writes the record and commits it before the response leaves. A view
that answers calls ``record_answer`` (which also gives the search its id for the answer);
a rejected request (400/413/415/422) is recorded from its error response. An answer whose
record cannot be committed is replaced by 503: no success without its record.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial

from flask import Blueprint, Response, g
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from models import ApiVersion, Outcome, Search, SearchData
from solver import Problem, Solution

from .errors import database_unavailable
from .extensions import db
from .metrics import record_history_write_failure
from .tokens import current_user_id

log = logging.getLogger(__name__)

REJECTED_STATUSES = frozenset({400, 413, 415, 422})


def track(blueprint: Blueprint, api_version: ApiVersion, request_text: Callable[[], str | None]) -> None:
    """Record every search made through ``blueprint``; ``request_text`` reads the request as sent."""
    blueprint.before_request(partial(_start, api_version))
    blueprint.after_request(partial(_finish, request_text))


def record_answer(problem: Problem, solution: Solution) -> int:
    """Record an answer about to be given; returns its search id. Committed after the view."""
    search = _new_search(
        200,
        outcome=Outcome.SOLVED if solution.solvable else Outcome.IMPOSSIBLE,
        colors=problem.colors,
        customers=problem.customer_count,
        likes=problem.like_count,
        matte_count=solution.matte_count if solution.solvable else None,
    )
    try:
        db.session.flush()  # assigns the id; a database that is down raises here, before any answer
    except SQLAlchemyError:
        record_history_write_failure()
        raise  # answered 503 by the error handlers
    g.search = search
    return search.id


def page_of(user_id: int, page: int, page_size: int) -> dict:
    """One page of ``user_id``'s searches, newest first, without their (large) bodies."""
    mine = Search.user_id == user_id
    total = db.session.scalar(select(func.count()).select_from(Search).where(mine))
    items = db.session.scalars(
        select(Search).where(mine).order_by(Search.created_at.desc(), Search.id.desc())
        .limit(page_size).offset((page - 1) * page_size)
    ).all()
    return {"items": items, "page": page, "page_size": page_size, "total": total}


def find(user_id: int, search_id: int) -> Search | None:
    """One of ``user_id``'s searches with its bodies; another user's is as absent as a missing one."""
    return db.session.scalar(
        select(Search).options(joinedload(Search.data)).where(Search.id == search_id, Search.user_id == user_id)
    )


def _start(api_version: ApiVersion) -> None:
    g.search_started = time.perf_counter()
    g.search_api_version = api_version


def _new_search(http_status: int, **fields) -> Search:
    search = Search(
        user_id=current_user_id(),
        api_version=g.search_api_version,
        http_status=http_status,
        duration_ms=_elapsed_ms(),
        **fields,
    )
    db.session.add(search)
    return search


def _storable(text: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL, which a client may send (and see echoed in an error):
    kept as the JSON escape instead, so the record is written and still shows what came."""
    return text.replace("\x00", "\\u0000") if text else text


def _elapsed_ms() -> float:
    return (time.perf_counter() - g.search_started) * 1000


def _finish(request_text: Callable[[], str | None], response: Response) -> Response:
    search = g.pop("search", None)
    status = response.status_code
    if search is None and status in REJECTED_STATUSES and "search_api_version" in g:
        search = _new_search(status, outcome=Outcome.REJECTED)
    if search is None or not (200 <= status < 300 or status in REJECTED_STATUSES):
        return response
    search.http_status = status
    search.duration_ms = _elapsed_ms()
    # A 413 body was never read, and reading it now would only fail again.
    request = None if status == 413 else request_text()
    answer = response.get_data(as_text=True)
    db.session.add(SearchData(search=search, request=_storable(request), response=_storable(answer)))
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        record_history_write_failure()
        log.exception("could not record search (HTTP %s)", status)
        # A refusal stands without its record; an answer must not leave unrecorded.
        return response if search.outcome is Outcome.REJECTED else database_unavailable()
    response.headers["X-Search-ID"] = str(search.id)
    return response
