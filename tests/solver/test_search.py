"""The search against brute force, plus the explanation's consistency with the answer."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from solver import Finish, Problem, Solution, build_problem, solve

GLOSSY, MATTE = 0, 1


@st.composite
def raw_problems(draw, max_colors: int = 8, max_customers: int = 8):
    """Small problems: each customer likes some glossy colours and at most one matte colour."""
    colors = draw(st.integers(1, max_colors))
    color = st.integers(1, colors)
    customers = []
    for _ in range(draw(st.integers(1, max_customers))):
        likes = [(c, GLOSSY) for c in draw(st.lists(color, max_size=4))]
        matte = draw(st.none() | color)
        if matte is not None:
            likes.insert(draw(st.integers(0, len(likes))), (matte, MATTE))
        if not likes:
            likes = [(draw(color), draw(st.sampled_from([GLOSSY, MATTE])))]
        customers.append(likes)
    return colors, customers


def brute_force(colors: int, customers: list[list[tuple[int, int]]]) -> list[tuple[int, ...]]:
    """Every assignment that serves all customers and has the fewest mattes."""
    best: list[tuple[int, ...]] = []
    for mask in range(1 << colors):
        finishes = tuple((mask >> (c - 1)) & 1 for c in range(1, colors + 1))
        if all(any(finishes[c - 1] == f for c, f in likes) for likes in customers):
            if not best or sum(finishes) < sum(best[0]):
                best = [finishes]
            elif sum(finishes) == sum(best[0]):
                best.append(finishes)
    return best


@settings(max_examples=400, deadline=None)
@given(raw_problems())
def test_search_agrees_with_brute_force(raw):
    colors, customers = raw
    solution = solve(build_problem(colors, customers))
    best = brute_force(colors, customers)
    if not best:
        assert not solution.solvable
        return
    assert len(best) == 1, "the fewest-mattes answer is unique"
    assert solution.solvable
    assert tuple(int(f) for f in solution.finishes) == best[0]
    assert solution.matte_count == sum(best[0])


@settings(max_examples=400, deadline=None)
@given(raw_problems())
def test_explanation_is_consistent_with_the_answer(raw):
    colors, customers = raw
    problem = build_problem(colors, customers)
    solution = solve(problem)
    if solution.solvable:
        assert_forcings_valid(problem, solution.forcings)
        mattes = {c for c, f in enumerate(solution.finishes, start=1) if f == Finish.MATTE}
        assert mattes == {forcing.color for forcing in solution.forcings}
    else:
        assert_conflict_valid(problem, solution)


def assert_forcings_valid(problem: Problem, forcings) -> None:
    """Each forcing names a customer whose matte is that colour and whose glossy likes were all matte before."""
    matte_so_far: set[int] = set()
    for forcing in forcings:
        customer = problem.customer(forcing.customer)
        assert customer.matte == forcing.color
        assert set(forcing.because) == set(customer.glossy)
        assert set(forcing.because) <= matte_so_far
        assert forcing.color not in matte_so_far
        matte_so_far.add(forcing.color)


def assert_conflict_valid(problem: Problem, solution: Solution) -> None:
    conflict = solution.conflict
    customer = problem.customer(conflict.customer)
    assert customer.matte is None, "a customer with a matte like can always be served"
    assert conflict.ruled_out == customer.glossy
    assert_forcings_valid(problem, conflict.chain)
    chain_colors = [forcing.color for forcing in conflict.chain]
    assert set(conflict.ruled_out) <= set(chain_colors)
    # Nothing superfluous: each forcing is ruled out itself or a later forcing rests on it.
    for position, forcing in enumerate(conflict.chain):
        later = {c for f in conflict.chain[position + 1 :] for c in f.because}
        assert forcing.color in conflict.ruled_out or forcing.color in later


def test_examples_from_the_legacy_documentation():
    assert not solve(build_problem(1, [[(1, MATTE)], [(1, GLOSSY)]])).solvable
    solution = solve(build_problem(5, [[(1, MATTE)], [(1, GLOSSY), (2, GLOSSY)], [(5, GLOSSY)]]))
    assert [int(f) for f in solution.finishes] == [1, 0, 0, 0, 0]
    assert [(f.color, f.customer, f.because) for f in solution.forcings] == [(1, 0, ())]


def test_conflict_chain_follows_forced_mattes_in_order():
    # customer 0 forces 1; customer 1 then forces 2; customer 2 wants 1 or 2 glossy: impossible.
    problem = build_problem(3, [[(1, MATTE)], [(1, GLOSSY), (2, MATTE)], [(2, GLOSSY), (1, GLOSSY)]])
    solution = solve(problem)
    assert solution.conflict.customer == 2
    assert solution.conflict.ruled_out == (2, 1)
    assert [(f.color, f.customer, f.because) for f in solution.conflict.chain] == [(1, 0, ()), (2, 1, (1,))]


def test_glossy_and_matte_of_one_colour_always_serves_that_customer():
    solution = solve(build_problem(2, [[(1, GLOSSY), (1, MATTE)], [(1, MATTE)]]))
    assert [int(f) for f in solution.finishes] == [1, 0]


def test_long_forcing_chain_is_linear():
    # Colour k+1 is forced by colour k: a chain of 50,000 that a recursive or quadratic search would choke on.
    n = 50_000
    customers = [[(1, MATTE)]] + [[(k, GLOSSY), (k + 1, MATTE)] for k in range(1, n)]
    solution = solve(build_problem(n, customers, limits=_unlimited(n)))
    assert solution.matte_count == n


def _unlimited(n: int):
    from solver import Limits

    return Limits(colors=n, customers=n, likes=2 * n)


def test_conflict_explanation_stays_linear_in_the_likes():
    # A chain of 1,000 forcings and a customer liking every colour of it glossy: one chain per
    # like would hold ~500,000 forcings; the shared chain holds 1,000.
    n = 1000
    customers = [[(1, MATTE)]] + [[(k, GLOSSY), (k + 1, MATTE)] for k in range(1, n)]
    customers.append([(k, GLOSSY) for k in range(1, n + 1)])
    from solver import Limits

    solution = solve(build_problem(n, customers, Limits(colors=n, customers=n + 1, likes=3 * n)))
    assert solution.conflict.customer == n
    assert len(solution.conflict.chain) == n
