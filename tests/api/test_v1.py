"""GET/POST /v1/: the legacy contract over HTTP."""
import json

import pytest

DOCUMENTED = [
    ('{"colors":1,"customers":2,"demands":[[1,1,1],[1,1,0]]}', "IMPOSSIBLE"),
    ('{"colors":5,"customers":3,"demands":[[1,1,1],[2,1,0,2,0],[1,5,0]]}', "1 0 0 0 0"),
]


@pytest.mark.parametrize("text, expected", DOCUMENTED)
def test_get_answers_plain_text_without_newline(client, text, expected):
    response = client.get("/v1/", query_string={"input": text})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == expected


@pytest.mark.parametrize("text, expected", DOCUMENTED)
def test_post_raw_body_and_form_field(client, text, expected):
    assert client.post("/v1/", data=text).get_data(as_text=True) == expected
    assert client.post("/v1/", data=text, content_type="application/json").get_data(as_text=True) == expected
    assert client.post("/v1/", data={"input": text}).get_data(as_text=True) == expected


def error(response, status):
    assert response.status_code == status, response.data
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == status and body["message"]
    return body


@pytest.mark.parametrize("query", [{}, {"input": ""}, {"input": "{oops"}, {"input": "null x"}])
def test_missing_or_malformed_input_is_400(client, query):
    body = error(client.get("/v1/", query_string=query), 400)
    assert "input" in body["message"]


def test_post_without_body_is_400(client):
    error(client.post("/v1/"), 400)


@pytest.mark.parametrize(
    "payload, path",
    [
        ({"colors": 5, "customers": 2, "demands": [[1, 1, 1], [1, 2, 0], [1, 5, 0]]}, "customers"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 0]]}, "demands[0]"),
        ({"colors": 5, "customers": 1, "demands": [[1, 7, 0]]}, "demands[0][1]"),
        ({"colors": 5, "customers": 1, "demands": [[1, 2, 5]]}, "demands[0][2]"),
        ({"colors": 5, "customers": 1, "demands": [[2, 1, 1, 2, 1]]}, "demands[0][3]"),
        ({"colors": True, "customers": 1, "demands": [[1, 1, 0]]}, "colors"),
        ({"colors": 2001, "customers": 1, "demands": [[1, 1, 0]]}, "colors"),
        ([], ""),
    ],
)
def test_invalid_problem_is_422_naming_the_place(client, payload, path):
    body = error(client.get("/v1/", query_string={"input": json.dumps(payload)}), 422)
    assert body["errors"][0]["path"] == path


def test_oversized_input_is_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 100
    client = app.test_client()
    big = json.dumps({"colors": 1, "customers": 30, "demands": [[1, 1, 0]] * 30})
    error(client.get("/v1/", query_string={"input": big}), 413)
    error(client.post("/v1/", data=big), 413)


def test_v1_without_slash_redirects_to_the_documented_path(client):
    assert client.get("/v1?input=x").status_code in (301, 308)
