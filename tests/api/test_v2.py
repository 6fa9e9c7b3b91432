"""POST /v2/solve: the JSON contract, answers, explanations and every refusal."""
import pytest


@pytest.fixture
def client(app, auth_header):
    """v2 needs a signed-in caller: every request of these tests carries an access token."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = auth_header["Authorization"]
    return client

EXAMPLE = {
    "colors": 5,
    "customers": [
        {"likes": [{"color": 1, "finish": "matte"}]},
        {"likes": [{"color": 1, "finish": "glossy"}, {"color": 2, "finish": "glossy"}]},
        {"likes": [{"color": 5, "finish": "glossy"}]},
    ],
}


def like(color, finish):
    return {"color": color, "finish": finish}


def test_documented_example(client):
    response = client.post("/v2/solve", json=EXAMPLE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["solvable"] is True
    assert body["finishes"] == ["matte", "glossy", "glossy", "glossy", "glossy"]
    assert body["matte_count"] == 1
    assert body["explanation"]["mattes"] == [{"color": 1, "customer": 0, "because_matte": []}]


def test_impossible_is_an_answer_with_its_reason(client):
    problem = {"colors": 1, "customers": [{"likes": [like(1, "matte")]}, {"likes": [like(1, "glossy")]}]}
    response = client.post("/v2/solve", json=problem)
    assert response.status_code == 200
    body = response.get_json()
    assert body["solvable"] is False and "finishes" not in body
    assert body["explanation"]["unserved_customer"] == 1
    assert body["explanation"]["ruled_out"] == [{"color": 1, "finish": "glossy", "forced_by_customer": 0}]
    assert body["explanation"]["chain"] == [{"color": 1, "customer": 0, "because_matte": []}]


def refusal(client, body, status=422):
    response = client.post("/v2/solve", json=body)
    assert response.status_code == status, response.data
    payload = response.get_json()
    assert payload["code"] == status and payload["message"]
    return payload


@pytest.mark.parametrize(
    "body, path, words",
    [
        ({"customers": EXAMPLE["customers"]}, "colors", "Missing"),
        ({"colors": 5}, "customers", "Missing"),
        ({**EXAMPLE, "colors": "5"}, "colors", "whole number"),
        ({**EXAMPLE, "colors": True}, "colors", "whole number"),
        ({**EXAMPLE, "colors": 5.0}, "colors", "whole number"),
        ({**EXAMPLE, "colors": 0}, "colors", "at least 1"),
        ({**EXAMPLE, "colors": -2}, "colors", "at least 1"),
        ({**EXAMPLE, "colors": 2001}, "colors", "limit of 2000"),
        ({**EXAMPLE, "extra": 1}, "extra", "Unknown"),
        ({"colors": 5, "customers": []}, "customers", "at least one customer"),
        ({"colors": 5, "customers": [{"likes": []}]}, "customers[0].likes", "at least one"),
        ({"colors": 5, "customers": [{}]}, "customers[0].likes", "Missing"),
        ({"colors": 5, "customers": [{"likes": [like(6, "glossy")]}]}, "customers[0].likes[0].color", "outside 1..5"),
        ({"colors": 5, "customers": [{"likes": [like(0, "glossy")]}]}, "customers[0].likes[0].color", "outside 1..5"),
        ({"colors": 5, "customers": [{"likes": [like(1, "shiny")]}]}, "customers[0].likes[0].finish", "glossy"),
        ({"colors": 5, "customers": [{"likes": [like(1, 1)]}]}, "customers[0].likes[0].finish", ""),
        ({"colors": 5, "customers": [{"likes": [like(True, "matte")]}]}, "customers[0].likes[0].color", "whole"),
        ({"colors": 5, "customers": [{"likes": [like(1.5, "matte")]}]}, "customers[0].likes[0].color", "whole"),
        ({"colors": 5, "customers": [{"likes": [{"color": 1}]}]}, "customers[0].likes[0].finish", "Missing"),
        ({"colors": 5, "customers": [{"likes": [like(1, "matte"), like(2, "matte")]}]}, "customers[0].likes[1]", "one matte"),
        ({"colors": 5, "customers": "all"}, "customers", ""),
        ({"colors": 5, "customers": [[1, 2]]}, "customers[0]", ""),
        ({"colors": 5, "customers": [{"likes": [like(1, "glossy")]}] * 2001}, "customers", "limit of 2000"),
        ({"colors": 5, "customers": [{"likes": [like(1, "glossy")] * 3001}]}, "customers", "limit of 3000"),
    ],
)
def test_invalid_requests_are_422_naming_the_field(client, body, path, words):
    errors = refusal(client, body)["errors"]
    assert any(e["path"] == path and words in e["message"] for e in errors), errors


def test_repeated_like_is_harmless(client):
    body = {"colors": 2, "customers": [{"likes": [like(2, "matte"), like(2, "matte"), like(1, "glossy")]}]}
    assert client.post("/v2/solve", json=body).get_json()["finishes"] == ["glossy", "glossy"]


@pytest.mark.parametrize("data", ["{", "", "[1,", "nan"])
def test_malformed_json_is_400(client, data):
    response = client.post("/v2/solve", data=data, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["code"] == 400


@pytest.mark.parametrize("data", ["[]", '"text"', "3", "null"])
def test_json_that_is_not_an_object_is_422(client, data):
    response = client.post("/v2/solve", data=data, content_type="application/json")
    assert response.status_code == 422, response.data
    assert response.get_json()["errors"]


def test_oversized_body_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 200
    response = client.post("/v2/solve", json={**EXAMPLE, "customers": EXAMPLE["customers"] * 10})
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


def test_limits_are_settings(client, app):
    app.extensions["paint_limits"] = app.extensions["paint_limits"].__class__(colors=3, customers=2, likes=2)
    errors = refusal(client, EXAMPLE)["errors"]
    assert {e["path"] for e in errors} == {"colors", "customers"}


def test_unknown_route_and_wrong_method_are_json(client):
    assert client.get("/v2/nothing").get_json()["code"] == 404
    assert client.get("/v2/solve").get_json()["code"] == 405


def test_openapi_document_and_docs_page(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["info"]["title"] == "Paint batch optimizer"
    assert "/v2/solve" in spec["paths"] and "/v1/" in spec["paths"]
    assert {"200", "422"} <= set(spec["paths"]["/v2/solve"]["post"]["responses"])
    assert client.get("/docs").status_code == 200


def test_body_not_declared_as_json_is_415(client):
    response = client.post("/v2/solve", data='{"colors": 1}', content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.get_json()["message"]
