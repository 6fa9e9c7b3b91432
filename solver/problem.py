"""The paint batch problem: colours, finishes, customers and what each likes.

A problem is built only through :func:`build_problem`, which checks every rule
the solver relies on, so the solver itself never meets a malformed problem.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from enum import IntEnum


class Finish(IntEnum):
    """How one colour's single batch is made. The values are the legacy wire codes."""

    GLOSSY = 0
    MATTE = 1


@dataclass(frozen=True, slots=True)
class Limits:
    """Largest problem accepted. The defaults are the published limits of current users."""

    colors: int = 2000
    customers: int = 2000
    likes: int = 3000


@dataclass(frozen=True, slots=True)
class Customer:
    """One customer's likes, split the way the solver reads them.

    ``glossy`` holds each colour liked glossy once, in first-seen order; ``matte``
    is the one colour liked matte, or ``None``. A customer is served when one of
    the glossy colours stays glossy or the matte colour is made matte.
    """

    glossy: tuple[int, ...]
    matte: int | None


@dataclass(frozen=True, slots=True)
class Problem:
    """A checked problem, stored flat: every customer's glossy colours one after another.

    At 10^6 likes, a million small per-customer objects lie scattered in memory and each
    visit is a cache miss: passes over them cost more than the search. Flat arrays are read
    in order. ``customer(i)`` gives one customer's view, for explanations.
    """

    colors: int
    glossy: array  # the glossy colours of customer 0, then customer 1, ... (each once per customer)
    glossy_owner: array  # glossy_owner[k]: the customer whose like glossy[k] is
    glossy_start: array  # customer i's glossy colours are glossy[glossy_start[i]:glossy_start[i + 1]]
    mattes: array  # mattes[i]: customer i's matte colour, 0 for none

    @property
    def customer_count(self) -> int:
        return len(self.mattes)

    @property
    def like_count(self) -> int:
        """Distinct likes: a pair a customer repeated counts once."""
        return len(self.glossy) + self.customer_count - self.mattes.count(0)

    def customer(self, index: int) -> Customer:
        glossy = tuple(self.glossy[self.glossy_start[index] : self.glossy_start[index + 1]])
        return Customer(glossy, self.mattes[index] or None)


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong with a problem.

    ``location`` is a path into the problem as the caller laid it out, e.g.
    ``("customers", 2, "likes", 0, "color")``; each wire format renders it its own way.
    """

    location: tuple[str | int, ...]
    message: str


class InvalidProblem(ValueError):
    """The problem breaks a rule; ``issues`` names every place that does."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(f"{_render(i.location)}: {i.message}" for i in issues))


def _render(location: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location).lstrip(".")


# Past this many issues the caller has the gist; listing thousands helps no one.
MAX_ISSUES = 20

RawLike = tuple[int, int]


def build_problem(colors: int, customers: list[list[RawLike]], limits: Limits = Limits()) -> Problem:
    """Check a problem given as plain integers and return it ready for the solver.

    ``customers`` holds, per customer, its liked ``(colour, finish code)`` pairs.
    Raises :class:`InvalidProblem` naming every broken rule (up to ``MAX_ISSUES``).
    The sizes are checked first so that an oversized problem costs nothing more.
    """
    _check_sizes(colors, customers, limits)
    issues: list[Issue] = []
    glossy: list[int] = []
    owner: list[int] = []
    start = [0]
    mattes = []
    for index, likes in enumerate(customers):
        customer = _build_customer(index, likes, colors, issues)
        glossy.extend(customer.glossy)
        owner.extend([index] * len(customer.glossy))
        start.append(len(glossy))
        mattes.append(customer.matte or 0)
        if len(issues) >= MAX_ISSUES:
            break
    if issues:
        raise InvalidProblem(issues[:MAX_ISSUES])
    return Problem(colors, array("l", glossy), array("l", owner), array("l", start), array("l", mattes))


def _check_sizes(colors: int, customers: list[list[RawLike]], limits: Limits) -> None:
    issues = []
    if colors < 1:
        issues.append(Issue(("colors",), f"must be at least 1, got {colors}"))
    elif colors > limits.colors:
        issues.append(Issue(("colors",), f"{colors} colours exceed the limit of {limits.colors}"))
    if not customers:
        issues.append(Issue(("customers",), "at least one customer is required"))
    elif len(customers) > limits.customers:
        issues.append(Issue(("customers",), f"{len(customers)} customers exceed the limit of {limits.customers}"))
    total = sum(len(likes) for likes in customers)
    if total > limits.likes:
        issues.append(Issue(("customers",), f"{total} likes in all exceed the limit of {limits.likes}"))
    if issues:
        raise InvalidProblem(issues)


def _build_customer(index: int, likes: list[RawLike], colors: int, issues: list[Issue]) -> Customer:
    if not likes:
        issues.append(Issue(("customers", index, "likes"), "a customer must like at least one colour"))
    glossy: dict[int, None] = {}
    matte: int | None = None
    for position, (color, finish) in enumerate(likes):
        # Hot loop at 10^6 likes: plain int compares, and error paths built only when needed.
        if not 1 <= color <= colors:
            issues.append(Issue(("customers", index, "likes", position, "color"), f"colour {color} is outside 1..{colors}"))
        if finish == 0:
            glossy[color] = None
        elif finish != 1:
            issues.append(
                Issue(("customers", index, "likes", position, "finish"), f"finish {finish} is neither 0 (glossy) nor 1 (matte)")
            )
        elif matte is None or matte == color:
            matte = color
        else:
            issues.append(
                Issue(
                    ("customers", index, "likes", position),
                    f"a customer likes at most one matte colour; already likes colour {matte} matte",
                )
            )
    return Customer(tuple(glossy), matte)
