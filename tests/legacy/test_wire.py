"""The v1 payload adapter: every legacy defect is now a named refusal."""
import pytest

from legacy import IMPOSSIBLE, MalformedPayload, format_answer, parse_payload, to_problem
from solver import InvalidProblem, Limits, solve


def answer(payload, limits=Limits()):
    return format_answer(solve(to_problem(payload, limits)))


def refusal(payload, limits=Limits()):
    with pytest.raises(InvalidProblem) as raised:
        to_problem(payload, limits)
    return [(issue.location, issue.message) for issue in raised.value.issues]


def test_documented_examples():
    assert answer({"colors": 1, "customers": 2, "demands": [[1, 1, 1], [1, 1, 0]]}) == IMPOSSIBLE
    assert answer({"colors": 5, "customers": 3, "demands": [[1, 1, 1], [2, 1, 0, 2, 0], [1, 5, 0]]}) == "1 0 0 0 0"


@pytest.mark.parametrize("text", [None, "", "   ", "{", "colors=1", b"\xff\xfe"])
def test_missing_or_unreadable_input(text):
    with pytest.raises(MalformedPayload):
        parse_payload(text)


@pytest.mark.parametrize(
    "payload, location, words",
    [
        ([1, 2], (), "JSON object"),
        ({"customers": 1, "demands": [[1, 1, 0]]}, ("colors",), "whole number"),
        ({"colors": True, "customers": 1, "demands": [[1, 1, 0]]}, ("colors",), "boolean"),
        ({"colors": 1.5, "customers": 1, "demands": [[1, 1, 0]]}, ("colors",), "fraction"),
        ({"colors": 0, "customers": 1, "demands": [[1, 1, 0]]}, ("colors",), "at least 1"),
        ({"colors": 1, "customers": -1, "demands": []}, ("customers",), "at least 1"),
        ({"colors": 1, "customers": 1, "demands": {}}, ("demands",), "list"),
        ({"colors": 5, "customers": 2, "demands": [[1, 1, 1], [1, 2, 0], [1, 5, 0]]}, ("customers",), "says 2"),
        ({"colors": 5, "customers": 4, "demands": [[1, 1, 1], [1, 2, 0], [1, 5, 0]]}, ("customers",), "says 4"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 0, 2]]}, ("demands", 0), "4 numbers"),
        ({"colors": 5, "customers": 1, "demands": [[1, 1, 0, 2, 0]]}, ("demands", 0), "2 numbers"),
        ({"colors": 5, "customers": 1, "demands": [[0]]}, ("demands", 0, 0), "at least 1"),
        ({"colors": 5, "customers": 1, "demands": [[]]}, ("demands", 0), "expected [T"),
        ({"colors": 5, "customers": 1, "demands": [5]}, ("demands", 0), "expected [T"),
        ({"colors": 5, "customers": 1, "demands": [[1, "1", 0]]}, ("demands", 0, 1), "whole number"),
        ({"colors": 5, "customers": 1, "demands": [[1, 1, False]]}, ("demands", 0, 2), "whole number"),
        ({"colors": 5, "customers": 1, "demands": [[1, 6, 0]]}, ("demands", 0, 1), "outside 1..5"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 0, 0, 1]]}, ("demands", 0, 3), "outside 1..5"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 0, 2, 2]]}, ("demands", 0, 4), "neither 0"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 1, 2, 1]]}, ("demands", 0, 3), "one matte"),
    ],
)
def test_each_legacy_defect_is_refused_and_located(payload, location, words):
    found = refusal(payload)
    assert any(loc == location and words in message for loc, message in found), found


def test_limits_apply_to_v1():
    payload = {"colors": 3, "customers": 3, "demands": [[1, 1, 0]] * 3}
    assert refusal(payload, Limits(customers=2))[0][1] == "3 customers exceed the limit of 2"
    assert "limit of 2" in refusal(payload, Limits(colors=2))[0][1]
    assert "limit of 2" in refusal(payload, Limits(likes=2))[0][1]


def test_repeated_pair_and_extra_keys_are_accepted():
    assert answer({"colors": 2, "customers": 1, "demands": [[2, 1, 1, 1, 1]], "note": "x"}) == "1 0"
