"""The legacy v1 wire format, translated to and from the solver's model.

A v1 payload is ``{"colors": N, "customers": M, "demands": [[T, x1, y1, ...], ...]}``
and the answer is plain text: the finish codes separated by spaces, or ``IMPOSSIBLE``.
Where the legacy service guessed (miscounted lists, short pairs), this adapter
refuses and says where, using paths into the payload as the client sent it.
"""
from __future__ import annotations

import json
from typing import Any

from solver import Finish, InvalidProblem, Issue, Limits, Problem, Solution, build_problem

IMPOSSIBLE = "IMPOSSIBLE"
WIRE_CODES = {Finish.GLOSSY: "0", Finish.MATTE: "1"}


class MalformedPayload(ValueError):
    """The request carries no readable v1 payload at all (missing, or not JSON)."""


def parse_payload(text: str | bytes | None) -> Any:
    """Decode the JSON text of a v1 request; the caller decides where it came from."""
    if text is None or not text.strip():
        raise MalformedPayload("missing 'input': send the problem as JSON in ?input=, the form field 'input' or the body")
    try:
        return json.loads(text)
    except RecursionError:
        raise MalformedPayload("'input' is not valid JSON: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as error:  # also integers past Python's digit limit
        raise MalformedPayload(f"'input' is not valid JSON: {error}") from None


def to_problem(payload: Any, limits: Limits = Limits()) -> Problem:
    """Check a decoded v1 payload and build the solver's problem from it."""
    if not isinstance(payload, dict):
        raise InvalidProblem([Issue((), f"expected a JSON object with colors, customers and demands, got {_kind(payload)}")])
    issues: list[Issue] = []
    colors = _integer(payload, "colors", issues)
    declared = _integer(payload, "customers", issues)
    demands = payload.get("demands")
    if not isinstance(demands, list):
        issues.append(Issue(("demands",), f"expected a list of demand lists, got {_kind(demands)}"))
    if issues:
        raise InvalidProblem(issues)
    if declared != len(demands):
        raise InvalidProblem([Issue(("customers",), f"says {declared} customers but demands holds {len(demands)} lists")])
    if len(demands) > limits.customers:
        # Refuse before reading thousands of lists that would be refused anyway.
        raise InvalidProblem([Issue(("customers",), f"{len(demands)} customers exceed the limit of {limits.customers}")])
    customers = [_pairs(index, demand, issues) for index, demand in enumerate(demands)]
    if issues:
        raise InvalidProblem(issues[:20])
    try:
        return build_problem(colors, customers, limits)
    except InvalidProblem as invalid:
        raise InvalidProblem([Issue(_v1_location(i.location), i.message) for i in invalid.issues]) from None


def format_answer(solution: Solution) -> str:
    """The legacy answer text: ``1 0 0 0 0`` (no trailing newline) or ``IMPOSSIBLE``."""
    if solution.finishes is None:
        return IMPOSSIBLE
    return " ".join(map(WIRE_CODES.__getitem__, solution.finishes))


def _integer(payload: dict, key: str, issues: list[Issue]) -> int:
    value = payload.get(key)
    if not _is_int(value):
        issues.append(Issue((key,), f"expected a whole number, got {_kind(value)}"))
        return 0
    if value < 1:
        issues.append(Issue((key,), f"must be at least 1, got {value}"))
    return value


def _pairs(index: int, demand: Any, issues: list[Issue]) -> list[tuple[int, int]]:
    """Read ``[T, x1, y1, ...]`` into T (colour, finish) pairs, checking T against what was sent."""
    where = ("demands", index)
    if not isinstance(demand, list) or not demand:
        issues.append(Issue(where, f"expected [T, colour, finish, ...], got {_kind(demand)}"))
        return []
    count, numbers = demand[0], demand[1:]
    if not _is_int(count) or count < 1:
        issues.append(Issue(where + (0,), f"T must be a whole number of at least 1, got {_show(count)}"))
        return []
    if len(numbers) != 2 * count:
        issues.append(Issue(where, f"T is {count} so {2 * count} numbers must follow it, got {len(numbers)}"))
        return []
    for position, number in enumerate(numbers, start=1):
        if not _is_int(number):
            issues.append(Issue(where + (position,), f"expected a whole number, got {_show(number)}"))
            return []
    return list(zip(numbers[0::2], numbers[1::2]))


def _v1_location(location: tuple) -> tuple:
    """Map a location in the solver's terms to the place in the v1 payload that holds it."""
    if len(location) < 2 or location[0] != "customers":
        return location
    index = location[1]
    if len(location) < 4:
        return ("demands", index)
    pair = location[3]  # pair j sits at 1 + 2j (colour) and 2 + 2j (finish), after T
    return ("demands", index, 2 + 2 * pair if location[4:] == ("finish",) else 1 + 2 * pair)


def _is_int(value: Any) -> bool:
    # JSON true/false decode to bool, a subclass of int: never a count or a colour.
    return type(value) is int


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", float: "a number with a fraction"}.get(
        type(value), type(value).__name__
    )


def _show(value: Any) -> str:
    return json.dumps(value) if isinstance(value, (int, float, str, bool)) or value is None else _kind(value)
