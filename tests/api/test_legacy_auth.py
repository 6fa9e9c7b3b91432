"""LEGACY_AUTH: /v1/ open by default; when required, a bearer token or Basic credentials."""
import base64
from datetime import timedelta

import pytest
from sqlalchemy import select

from api.extensions import db
from models import Search

from ..conftest import PASSWORD, add_user, bearer, make_app

V1_INPUT = '{"colors":5,"customers":3,"demands":[[1,1,1],[2,1,0,2,0],[1,5,0]]}'
REQUIRED = {"LEGACY_AUTH": "required"}


def basic(username, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def call(client, headers=None):
    return client.get("/v1/", query_string={"input": V1_INPUT}, headers=headers or {})


def assert_answered(response):
    assert response.status_code == 200, response.data
    assert response.get_data() == b"1 0 0 0 0"


def assert_refused(response):
    assert response.status_code == 401, response.data
    assert response.get_json()["code"] == 401
    assert response.headers["WWW-Authenticate"]


def test_open_by_default(client):
    assert_answered(call(client))


@pytest.mark.parametrize("settings", [REQUIRED])
def test_required_refuses_a_call_without_credentials(client):
    response = call(client)
    assert_refused(response)
    assert "Basic" in response.headers["WWW-Authenticate"] and "Bearer" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("settings", [REQUIRED])
def test_required_accepts_a_bearer_token_and_records_the_user(app, client):
    user = add_user(app)
    assert_answered(call(client, bearer(app, user)))
    with app.app_context():
        assert db.session.scalar(select(Search.user_id)) == user


@pytest.mark.parametrize("settings", [REQUIRED])
def test_required_accepts_basic_credentials_and_records_the_user(app, client):
    user = add_user(app, "acme")
    assert_answered(call(client, basic("Acme", PASSWORD)))
    with app.app_context():
        assert db.session.scalar(select(Search.user_id)) == user


@pytest.mark.parametrize("settings", [REQUIRED])
@pytest.mark.parametrize("username, password", [("acme", "not the password"), ("nobody", PASSWORD), ("", "")])
def test_required_refuses_wrong_basic_credentials(app, client, username, password):
    add_user(app, "acme")
    assert_refused(call(client, basic(username, password)))


@pytest.mark.parametrize("settings", [REQUIRED])
def test_required_refuses_a_bad_bearer_token(app, client):
    expired = bearer(app, add_user(app), expires_delta=timedelta(seconds=-1))
    assert_refused(call(client, expired))
    assert_refused(call(client, {"Authorization": "Bearer nonsense"}))


@pytest.mark.parametrize("settings", [{**REQUIRED, "LOGIN_LIMIT_PER_USERNAME": "2 per minute"}])
def test_wrong_basic_passwords_count_as_failed_sign_ins(app, client):
    add_user(app, "acme")
    for _ in range(2):
        assert_refused(call(client, basic("acme", "not the password")))
    response = call(client, basic("acme", PASSWORD))
    assert response.status_code == 429 and response.headers["Retry-After"]


@pytest.mark.parametrize("settings", [REQUIRED])
def test_refused_calls_are_not_recorded(app, client):
    call(client)
    with app.app_context():
        assert db.session.scalars(select(Search)).all() == []


def test_the_v1_body_is_the_same_open_or_required(database_url, app):
    open_body = call(app.test_client()).get_data()
    required = make_app(database_url, **REQUIRED)
    assert call(required.test_client(), bearer(required, add_user(required))).get_data() == open_body == b"1 0 0 0 0"
