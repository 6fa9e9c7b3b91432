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

from array import array
from dataclasses import dataclass
from operator import sub

from .problem import Finish, Problem


@dataclass(frozen=True, slots=True)
class Forcing:
    """Why a colour is matte: ``customer`` had every glossy colour in ``because`` already matte."""

    color: int
    customer: int
    because: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """The customer left with nothing: it likes only glossy colours, and each was forced matte.

    ``ruled_out`` lists those colours; ``chain`` every forcing they rest on, oldest first, so each
    forcing's ``because`` colours come earlier in it. One chain for all the likes, not one per
    like: chains share their beginnings, and per-like copies could grow as likes x forcings.
    """

    customer: int
    ruled_out: tuple[int, ...]
    chain: tuple[Forcing, ...]


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
    mattes, glossy_start = problem.mattes, problem.glossy_start
    waiting = list(map(sub, glossy_start[1:], glossy_start[:-1]))  # glossy likes not yet matte
    start, watchers = _watchers(problem)
    forced_by = [-1] * (problem.colors + 1)  # colour -> customer that made it matte
    order: list[int] = []  # colours in the order they turned matte; doubles as the work queue

    # A customer whose glossy colours are all matte (or who has none) must get its matte.
    # The loops allocate nothing per step: at 10^6 likes, small lists made per colour
    # would cost more in garbage-collector passes than the search itself.
    for index, count in enumerate(waiting):
        if not count:
            matte = mattes[index]  # never 0: a customer with no glossy like has a matte one
            if forced_by[matte] < 0:
                forced_by[matte] = index
                order.append(matte)
    next_color = 0
    while next_color < len(order):
        color = order[next_color]
        next_color += 1
        for position in range(start[color], start[color + 1]):
            index = watchers[position]
            waiting[index] -= 1
            if waiting[index]:
                continue
            matte = mattes[index]
            if not matte:
                return _impossible(problem, forced_by, order, index)
            if forced_by[matte] < 0:
                forced_by[matte] = index
                order.append(matte)
    return _solved(problem, forced_by, order)


def _watchers(problem: Problem) -> tuple[array, array]:
    """For each colour, the customers who like it glossy: ``watchers[start[c]:start[c + 1]]``.

    One flat array rather than a list per colour, for the same reason as in ``solve``, and
    arrays of plain numbers rather than lists of int objects, which at 10^6 likes lie
    scattered in memory; built by counting sort, in two passes over the likes in order.
    """
    start = array("l", [0]) * (problem.colors + 2)
    for color in problem.glossy:
        start[color + 1] += 1
    for color in range(1, problem.colors + 2):
        start[color] += start[color - 1]
    watchers = array("l", [0]) * len(problem.glossy)
    filled = array("l", start)
    for color, index in zip(problem.glossy, problem.glossy_owner):
        watchers[filled[color]] = index
        filled[color] += 1
    return start, watchers


def _forcing(problem: Problem, forced_by: list[int], color: int) -> Forcing:
    customer = forced_by[color]
    return Forcing(color, customer, problem.customer(customer).glossy)


def _solved(problem: Problem, forced_by: list[int], order: list[int]) -> Solution:
    finishes = [Finish.GLOSSY] * problem.colors
    for color in order:
        finishes[color - 1] = Finish.MATTE
    return Solution(problem, tuple(finishes), order, forced_by, None)


def _impossible(problem: Problem, forced_by: list[int], order: list[int], customer: int) -> Solution:
    ruled_out = problem.customer(customer).glossy
    chain = _chain(problem, forced_by, order, ruled_out)
    return Solution(problem, None, order, forced_by, Conflict(customer, ruled_out, chain))


def _chain(problem: Problem, forced_by: list[int], order: list[int], colors: tuple[int, ...]) -> tuple[Forcing, ...]:
    """Every forcing that ``colors`` being matte rests on, theirs included, oldest first."""
    needed = set(colors)
    stack = list(colors)
    while stack:
        for earlier in problem.customer(forced_by[stack.pop()]).glossy:
            if earlier not in needed:
                needed.add(earlier)
                stack.append(earlier)
    return tuple(_forcing(problem, forced_by, color) for color in order if color in needed)
