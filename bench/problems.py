"""Problem generators for benchmarks and load tests: solvable, with long forcing chains.

Half the colours end up matte, each forced by a customer whose glossy likes were
forced before it, so the search must propagate through the whole problem (a
random problem tends to be impossible early, which flatters the timings).
"""
from __future__ import annotations

import random


def chained_problem(colors: int, customers: int, likes: int, seed: int = 0) -> list[list[tuple[int, int]]]:
    """Customers' (colour, finish code) likes, about ``likes`` in all; solvable."""
    rng = random.Random(seed)
    order = rng.sample(range(1, colors + 1), colors)
    forced, free = order[: colors // 2], order[colors // 2 :]
    per_customer = max(1, likes // customers)
    extra = likes - per_customer * customers
    rows: list[list[tuple[int, int]]] = []
    for index in range(customers):
        size = per_customer + (1 if index < extra else 0)
        if index < len(forced):
            # Glossy likes among the colours forced before this one (none for the first).
            glossy = [forced[rng.randrange(index)] for _ in range(size - 1)] if index else []
            rows.append([(c, 0) for c in glossy] + [(forced[index], 1)])
        else:
            # Served by a colour that stays glossy, whatever else it likes.
            rest = [(rng.choice(forced), 0) for _ in range(size - 1)]
            rows.append([(rng.choice(free), 0)] + rest)
    return rows


def as_v2(colors: int, rows: list[list[tuple[int, int]]]) -> dict:
    names = ("glossy", "matte")
    return {"colors": colors, "customers": [{"likes": [{"color": c, "finish": names[f]} for c, f in row]} for row in rows]}


def as_v1(colors: int, rows: list[list[tuple[int, int]]]) -> dict:
    demands = [[len(row)] + [n for pair in row for n in pair] for row in rows]
    return {"colors": colors, "customers": len(rows), "demands": demands}
