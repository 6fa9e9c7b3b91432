"""The paint batch domain: problems, their validation, and the fewest-mattes search.

Pure Python on purpose: nothing here knows about HTTP, databases or wire formats.
"""
from .problem import MAX_ISSUES, Customer, Finish, InvalidProblem, Issue, Limits, Problem, build_problem
from .search import Conflict, Forcing, Solution, solve

__all__ = [
    "MAX_ISSUES",
    "Conflict",
    "Customer",
    "Finish",
    "Forcing",
    "InvalidProblem",
    "Issue",
    "Limits",
    "Problem",
    "Solution",
    "build_problem",
    "solve",
]
