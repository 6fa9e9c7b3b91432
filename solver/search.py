"""The fewest-mattes search.

Every customer likes at most one matte, so "customer i is served" reads as a Horn
clause: *if all of i's glossy colours are matte, then i's matte colour is matte*.
Start with every colour glossy and make a colour matte only when some customer
leaves no other choice; what results is the least model, i.e. the unique answer
with the fewest mattes. If a customer with no matte like ends with all its glossy
colours forced matte, no answer serves everyone.

Each colour turns matte at most once and each glossy like is looked at once when
its colour turns, so the search takes O(colours + likes).
"""
from __future__ import annotations

from dataclasses import dataclass

from .problem import Finish, Problem


@dataclass(frozen=True, slots=True)
class Forcing:
    """Why a colour is matte: ``customer`` had every glossy colour in ``because`` already matte."""

    color: int
    customer: int
    because: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RuledOut:
    """A glossy like of the unserved customer, and the forcings, in order, that made its colour matte."""

    color: int
    chain: tuple[Forcing, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """The customer left with nothing: every like it has is ruled out."""

    customer: int
    likes: tuple[RuledOut, ...]


@dataclass(frozen=True, slots=True)
class Solution:
    """The search's answer.

    ``finishes`` has one finish per colour (colour 1 first), or is ``None`` when the
    problem is impossible, in which case ``conflict`` says why. ``matte_order`` lists
    the colours forced matte, in the order the search forced them; ``forcings`` says
    why each is matte, built only when asked for (the legacy API never asks).
    """

    problem: Problem
    finishes: tuple[Finish, ...] | None
    matte_order: list[int]
    forced_by: list[int]
    conflict: Conflict | None

    @property
    def solvable(self) -> bool:
        return self.finishes is not None

    @property
    def matte_count(self) -> int:
        return len(self.matte_order) if self.finishes is not None else 0

    @property
    def forcings(self) -> tuple[Forcing, ...]:
        return tuple(_forcing(self.problem, self.forced_by, color) for color in self.matte_order)


def solve(problem: Problem) -> Solution:
    customers = problem.customers
    forced_by = [-1] * (problem.colors + 1)  # colour -> customer that made it matte
    order: list[int] = []  # colours in the order they turned matte; doubles as the work queue
    waiting = [len(customer.glossy) for customer in customers]
    start, watchers = _watchers(problem)

    # Customers who like nothing glossy are settled first; then each colour made
    # matte may leave a watcher with no glossy choice, which settles it in turn.
    ready = [index for index, count in enumerate(waiting) if count == 0]
    next_color = 0
    while True:
        for index in ready:
            matte = customers[index].matte
            if matte is None:
                return _impossible(problem, forced_by, order, index)
            if forced_by[matte] < 0:
                forced_by[matte] = index
                order.append(matte)
        if next_color == len(order):
            return _solved(problem, forced_by, order)
        ready = []
        color = order[next_color]
        for index in watchers[start[color] : start[color + 1]]:
            waiting[index] -= 1
            if not waiting[index]:
                ready.append(index)
        next_color += 1


def _watchers(problem: Problem) -> tuple[list[int], list[int]]:
    """For each colour, the customers who like it glossy: ``watchers[start[c]:start[c + 1]]``.

    One flat list rather than a list per colour: at 10^6 likes, a million small
    lists cost more in allocation and garbage-collector passes than the search itself.
    """
    start = [0] * (problem.colors + 2)
    for customer in problem.customers:
        for color in customer.glossy:
            start[color + 1] += 1
    for color in range(1, problem.colors + 2):
        start[color] += start[color - 1]
    watchers = [0] * start[-1]
    filled = start[:]
    for index, customer in enumerate(problem.customers):
        for color in customer.glossy:
            watchers[filled[color]] = index
            filled[color] += 1
    return start, watchers


def _forcing(problem: Problem, forced_by: list[int], color: int) -> Forcing:
    customer = forced_by[color]
    return Forcing(color, customer, problem.customers[customer].glossy)


def _solved(problem: Problem, forced_by: list[int], order: list[int]) -> Solution:
    finishes = [Finish.GLOSSY] * problem.colors
    for color in order:
        finishes[color - 1] = Finish.MATTE
    return Solution(problem, tuple(finishes), order, forced_by, None)


def _impossible(problem: Problem, forced_by: list[int], order: list[int], customer: int) -> Solution:
    rank = {color: position for position, color in enumerate(order)}
    likes = tuple(
        RuledOut(color, _chain(problem, forced_by, rank, color)) for color in problem.customers[customer].glossy
    )
    return Solution(problem, None, order, forced_by, Conflict(customer, likes))


def _chain(problem: Problem, forced_by: list[int], rank: dict[int, int], color: int) -> tuple[Forcing, ...]:
    """Every forcing that ``color`` being matte rests on, oldest first, ending with its own."""
    seen = {color}
    stack = [color]
    while stack:
        for earlier in problem.customers[forced_by[stack.pop()]].glossy:
            if earlier not in seen:
                seen.add(earlier)
                stack.append(earlier)
    return tuple(_forcing(problem, forced_by, c) for c in sorted(seen, key=rank.__getitem__))
