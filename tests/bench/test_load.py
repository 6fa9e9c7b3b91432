"""Load scenarios: the sizes asked for, and v1 problems too long for a URL sent as a body."""
import json

from bench.load import LONGEST_REQUEST_LINE, scenarios, v1_scenario


def test_v1_small_goes_in_the_query_string():
    scenario = v1_scenario("v1-small", '{"colors":1,"customers":1,"demands":[[1,1,0]]}')
    assert scenario.method == "GET" and scenario.path.startswith("/v1/?input=") and scenario.body is None


def test_v1_too_long_for_a_request_line_goes_as_raw_body():
    text = json.dumps({"colors": 1, "customers": 1, "demands": [[1, 1, 0]] * LONGEST_REQUEST_LINE})
    scenario = v1_scenario("v1-limits", text)
    assert (scenario.method, scenario.path, scenario.body) == ("POST", "/v1/", text.encode())
    assert "raw POST body" in scenario.note


def test_problems_at_the_published_limits():
    limits = {s.name: s for s in scenarios()}["v2-limits"]
    problem = json.loads(limits.body)
    assert problem["colors"] == 2000 and len(problem["customers"]) == 2000
    # The generator's first customer has no earlier colour to like, hence one like short of 3000.
    assert 2990 <= sum(len(c["likes"]) for c in problem["customers"]) <= 3000
