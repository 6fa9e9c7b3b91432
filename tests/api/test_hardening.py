"""Inputs that a first try of the service turned into a 5xx or a misleading answer.

Each runs on both databases (the ``app`` fixture): some broke only on PostgreSQL, some only on SQLite.
"""
import pytest
from flask_jwt_extended import create_access_token

from .test_searches import stored, stored_data

V1_PROBLEM = '{"colors":1,"customers":2,"demands":[[1,1,1],[1,1,0]]}'


@pytest.mark.parametrize("text", ["\x00", V1_PROBLEM + "\x00", '{"colors":"\x00"}'])
def test_nul_in_the_input_is_refused_and_recorded(app, client, text):
    response = client.get("/v1/", query_string={"input": text})
    assert response.status_code in (400, 422)
    (search,) = stored(app)
    request_text, _ = stored_data(app, search.id)
    assert "\\u0000" in request_text


def test_raw_json_posted_under_a_form_content_type_is_read_as_the_body(client):
    response = client.post("/v1/", data=V1_PROBLEM, content_type="application/x-www-form-urlencoded")
    assert response.get_data(as_text=True) == "IMPOSSIBLE"


def test_form_field_still_wins_over_the_body_it_sits_in(client):
    assert client.post("/v1/", data={"input": '{"colors":1,"customers":1,"demands":[[1,1,1]]}'}).data == b"1"


@pytest.mark.parametrize("search_id", ["9223372036854775808", "99999999999999999999"])
def test_an_id_past_the_database_integers_is_404(client, auth_header, search_id):
    assert client.get(f"/v2/searches/{search_id}", headers=auth_header).status_code == 404


def test_a_page_past_the_database_integers_is_422(client, auth_header):
    response = client.get("/v2/searches?page=99999999999999999999", headers=auth_header)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["path"] == "page"


def test_a_password_with_a_lone_surrogate_is_refused_by_name(client):
    credentials = {"username": "surrogate", "password": "\ud800abcdefghijkl"}
    response = client.post("/v2/auth/register", json=credentials)
    assert response.status_code == 422 and "Unicode" in response.get_json()["message"]
    assert client.post("/v2/auth/login", json=credentials).status_code == 401


@pytest.mark.parametrize("subject", ["999999", "abc", "-1"])
def test_a_signed_token_naming_no_account_is_401(app, client, subject):
    with app.app_context():
        token = create_access_token(subject)
    response = client.post("/v2/solve", json={"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "glossy"}]}]},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.get_json()["code"] == 401


@pytest.mark.parametrize("path", ["/v2/auth/login", "/v2/auth/register"])
def test_credentials_not_sent_as_json_are_415_not_missing_fields(client, path):
    response = client.post(path, data='{"username": "a", "password": "b"}', content_type="text/plain")
    assert response.status_code == 415


def test_a_wrong_method_says_which_are_allowed(client):
    response = client.delete("/v2/solve")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"POST"}


def test_type_errors_are_capped_like_rule_errors(client, auth_header):
    likes = [{"color": 1, "finish": "shiny"}] * 500
    response = client.post("/v2/solve", json={"colors": 1, "customers": [{"likes": likes}]}, headers=auth_header)
    assert response.status_code == 422
    assert len(response.get_json()["errors"]) == 20
