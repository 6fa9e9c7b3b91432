"""Malformed legacy payloads, generated: /v1/ never fails with a 5xx and every refusal says why.

Each payload goes the three ways old clients send it: ``?input=``, the form field
``input`` and the raw POST body. Bounded and derandomized to stay quick and reproducible.
"""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import create_app

ANSWER = re.compile(r"IMPOSSIBLE|[01]( [01])*")
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

app = create_app({"TESTING": True})
client = app.test_client()

numbers = st.one_of(
    st.integers(-3, 8),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.just(2001),
    st.text(max_size=3),
    st.none(),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)
# Close to the real shape, so the checks past "is it an object" are reached too.
demand = st.lists(numbers, max_size=7) | json_values
nearly_valid = st.fixed_dictionaries(
    {"colors": numbers, "customers": numbers, "demands": st.lists(demand, max_size=5) | json_values},
    optional={"extra": json_values},
)
payload_texts = st.one_of(
    nearly_valid.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=40),
    nearly_valid.map(lambda payload: json.dumps(payload)[:-1]),  # cut short: not JSON any more
)


def send_every_way(text: str):
    yield "query", client.get("/v1/", query_string={"input": text})
    yield "form", client.post("/v1/", data={"input": text})
    yield "body", client.post("/v1/", data=text.encode())


def assert_answer_or_named_refusal(way: str, text: str, response) -> None:
    where = f"{way} {text!r}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    assert response.status_code < 500, where
    if response.status_code == 200:
        assert response.mimetype == "text/plain", where
        assert ANSWER.fullmatch(response.get_data(as_text=True)), where
        return
    assert response.mimetype == "application/json", where
    body = response.get_json()
    assert body["code"] == response.status_code, where
    assert isinstance(body["message"], str) and body["message"].strip(), where
    if response.status_code == 400:
        assert "input" in body["message"], where
    if response.status_code == 422:
        assert body["errors"] and all({"path", "message"} <= detail.keys() for detail in body["errors"]), where
        assert body["errors"][0]["message"] in body["message"], where


@FUZZ
@given(payload_texts)
def test_malformed_payloads_are_refused_by_name(text):
    for way, response in send_every_way(text):
        assert_answer_or_named_refusal(way, text, response)


@FUZZ
@given(st.binary(max_size=60))
def test_raw_bytes_body_is_refused_by_name(raw):
    assert_answer_or_named_refusal("body", repr(raw), client.post("/v1/", data=raw))


# Nesting past the interpreter's recursion limit.
DEEPLY_NESTED = "[" * 5000 + "]" * 5000  # 10 kB, well under MAX_CONTENT_LENGTH


@pytest.mark.parametrize("way", ["query", "form", "body"])
def test_deeply_nested_input_is_refused_by_name(way):
    response = dict(send_every_way(DEEPLY_NESTED))[way]
    assert_answer_or_named_refusal(way, DEEPLY_NESTED[:20] + "...", response)
