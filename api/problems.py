"""The request-scoped view of the solver: limits from settings, and the solution as v2 JSON."""
from __future__ import annotations

from time import perf_counter

from flask import current_app, request

from solver import Finish, Forcing, Limits, Problem, Solution, solve

from . import metrics

FINISH_NAMES = {Finish.GLOSSY: "glossy", Finish.MATTE: "matte"}
FINISH_CODES = {name: code for code, name in FINISH_NAMES.items()}


def limits_from_config(config) -> Limits:
    return Limits(colors=config["LIMIT_COLORS"], customers=config["LIMIT_CUSTOMERS"], likes=config["LIMIT_LIKES"])


def current_limits() -> Limits:
    return current_app.extensions["paint_limits"]


# The endpoints that take a problem: v2's JSON and v1's legacy format.
SOLVE_ENDPOINTS = frozenset({"solve.Solve", "legacy.solve_v1"})


def is_solve_request() -> bool:
    return request.endpoint in SOLVE_ENDPOINTS


def solve_observed(problem: Problem) -> Solution:
    """Solve, recording how long it took and how large the problem was."""
    started = perf_counter()
    solution = solve(problem)
    metrics.observe_solve(problem, solution, perf_counter() - started)
    return solution


def solution_to_json(solution: Solution) -> dict:
    if solution.finishes is None:
        return {"solvable": False, "explanation": _impossible_explanation(solution)}
    return {
        "solvable": True,
        "finishes": list(map(FINISH_NAMES.__getitem__, solution.finishes)),
        "matte_count": solution.matte_count,
        "explanation": {
            "summary": _solved_summary(solution),
            "mattes": [_forcing_json(forcing) for forcing in solution.forcings],
        },
    }


def _solved_summary(solution: Solution) -> str:
    if not solution.matte_order:
        return "Every colour glossy: no customer needs a matte batch."
    return (
        f"{solution.matte_count} matte batch(es): each is some customer's last remaining choice, "
        "forced in the order listed in `mattes`; every other colour is glossy."
    )


def _impossible_explanation(solution: Solution) -> dict:
    conflict = solution.conflict
    return {
        "summary": (
            f"Impossible: customer {conflict.customer} likes only glossy colours "
            f"({', '.join(map(str, conflict.ruled_out))}), and each of them must be matte "
            "to serve other customers, as `chain` shows."
        ),
        "unserved_customer": conflict.customer,
        "ruled_out": [
            {"color": color, "finish": "glossy", "forced_by_customer": solution.forced_by[color]}
            for color in conflict.ruled_out
        ],
        "chain": [_forcing_json(forcing) for forcing in conflict.chain],
    }


def _forcing_json(forcing: Forcing) -> dict:
    return {"color": forcing.color, "customer": forcing.customer, "because_matte": list(forcing.because)}
