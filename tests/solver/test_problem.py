"""Validation of problems: every rule, named where it breaks."""
import pytest

from solver import InvalidProblem, Limits, build_problem


def issues_of(colors, customers, limits=Limits()):
    with pytest.raises(InvalidProblem) as raised:
        build_problem(colors, customers, limits)
    return [(issue.location, issue.message) for issue in raised.value.issues]


def test_colour_outside_range_is_named_by_customer_and_like():
    assert issues_of(2, [[(1, 0)], [(1, 0), (3, 1)]]) == [(("customers", 1, "likes", 1, "color"), "colour 3 is outside 1..2")]
    assert issues_of(2, [[(0, 0)]])[0][0] == ("customers", 0, "likes", 0, "color")


def test_finish_other_than_glossy_or_matte():
    assert issues_of(2, [[(1, 2)]]) == [(("customers", 0, "likes", 0, "finish"), "finish 2 is neither 0 (glossy) nor 1 (matte)")]


def test_two_different_mattes_for_one_customer():
    (location, message), = issues_of(3, [[(1, 1), (2, 0), (3, 1)]])
    assert location == ("customers", 0, "likes", 2)
    assert "at most one matte" in message


def test_repeated_pairs_are_harmless():
    problem = build_problem(3, [[(1, 1), (2, 0), (1, 1), (2, 0)]])
    assert problem.customer(0).glossy == (2,)
    assert problem.customer(0).matte == 1
    assert problem.like_count == 2


def test_customer_with_no_likes():
    assert issues_of(1, [[(1, 0)], []]) == [(("customers", 1, "likes"), "a customer must like at least one colour")]


@pytest.mark.parametrize(
    "colors, customers, location, words",
    [
        (0, [[(1, 0)]], ("colors",), "at least 1"),
        (-3, [[(1, 0)]], ("colors",), "at least 1"),
        (3, [], ("customers",), "at least one customer"),
        (5, [[(1, 0)]], ("colors",), "limit of 4"),
        (4, [[(1, 0)]] * 3, ("customers",), "limit of 2"),
        (4, [[(1, 0), (2, 0)], [(1, 0), (2, 0)]], ("customers",), "limit of 3"),
    ],
)
def test_sizes_and_limits(colors, customers, location, words):
    found = issues_of(colors, customers, Limits(colors=4, customers=2, likes=3))
    assert any(loc == location and words in message for loc, message in found), found


def test_many_issues_are_capped():
    found = issues_of(1, [[(5, 0)]] * 100, Limits(customers=100))
    assert len(found) == 20
