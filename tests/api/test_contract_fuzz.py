"""The published contract, fuzzed: schemathesis generates requests from /openapi.json in-process.

Every operation must answer without a 5xx, with a documented status code, the
documented content type and a body matching the documented schema. Bounded and
derandomized so a failure reproduces and the run stays quick.
"""
import atexit
import shutil
import tempfile

import pytest
import schemathesis
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import create_app
from bench.accounts import client_sender, fetch_spec, has_bearer_scheme, sign_in

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# One app for the whole module (the account signed in below must exist where the fuzzer
# sends), on a SQLite file of its own, migrated as `flask db upgrade` does.
_database_dir = tempfile.mkdtemp(prefix="paint-contract-")
atexit.register(shutil.rmtree, _database_dir, True)
contract_app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{_database_dir}/paint.sqlite3"})
with contract_app.app_context():
    upgrade()
schema = schemathesis.openapi.from_wsgi("/openapi.json", contract_app)


@pytest.fixture
def auth_headers():
    """A fresh bearer token when the contract declares one; the fuzzer then reaches past the auth
    check. Fresh per test: the fuzzer also calls /v2/auth/logout, which revokes the token it sends."""
    send = client_sender(contract_app.test_client())
    spec = fetch_spec(send)
    return sign_in(send, spec, prefix="fuzz") if has_bearer_scheme(spec) else {}


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_documented(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=CHECKS)



# Generated bodies almost never form a solvable problem, so the 200 answer's schema is
# checked on two known problems too: one solvable, one impossible.
KNOWN_PROBLEMS = [
    {"colors": 2, "customers": [{"likes": [{"color": 1, "finish": "matte"}]}, {"likes": [{"color": 2, "finish": "glossy"}]}]},
    {"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "matte"}]}, {"likes": [{"color": 1, "finish": "glossy"}]}]},
]


@pytest.mark.parametrize("problem", KNOWN_PROBLEMS, ids=["solvable", "impossible"])
def test_answers_match_the_documented_schema(problem, auth_headers):
    case = schema["/v2/solve"]["POST"].Case(body=problem, media_type="application/json")
    response = case.call_and_validate(headers=auth_headers, checks=CHECKS)
    assert response.status_code == 200


# Bodies json.loads cannot read for reasons beyond syntax: too deep, or a number too long.
UNREADABLE_BODIES = {
    "deeply nested": "[" * 5000 + "]" * 5000,
    "5000-digit number": '{"colors": 1' + "0" * 5000 + ', "customers": [{"likes": [{"color": 1, "finish": "matte"}]}]}',
}


@pytest.mark.parametrize("body", UNREADABLE_BODIES.values(), ids=UNREADABLE_BODIES.keys())
def test_unreadable_json_is_a_400(body, auth_headers):
    response = contract_app.test_client().post(
        "/v2/solve", data=body, content_type="application/json", headers=auth_headers)
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.get_json()["message"]
