"""/v2/auth: registering, signing in, refreshing, signing out, and every way a token is refused."""
import logging
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask_jwt_extended import create_refresh_token
from sqlalchemy import select

from api.extensions import db
from models import User

from ..conftest import PASSWORD, add_user, bearer, make_app

SOLVE = {"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "glossy"}]}]}


def register(client, username="acme", password=PASSWORD):
    return client.post("/v2/auth/register", json={"username": username, "password": password})


def login(client, username="acme", password=PASSWORD):
    return client.post("/v2/auth/login", json={"username": username, "password": password})


def error(response, status):
    assert response.status_code == status, response.data
    body = response.get_json()
    assert body["code"] == status and body["message"], body
    return body


def test_register_creates_the_account_without_showing_the_password(client, app):
    response = register(client, "Acme-Paints")
    assert response.status_code == 201
    body = response.get_json()
    assert body["username"] == "acme-paints" and body["id"] and body["created_at"].endswith("+00:00")
    assert "password" not in body and "password_hash" not in body
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("username", ["acme", "ACME", "Acme"])
def test_a_taken_username_is_409_whatever_its_case(client, username):
    register(client, "acme")
    assert "taken" in error(register(client, username), 409)["message"]


@pytest.mark.parametrize(
    "body, path, words",
    [
        ({"username": "acme", "password": "short"}, "password", "at least 12 characters"),
        ({"username": "acme", "password": "x" * 1025}, "password", "at most 1024"),
        ({"username": "acmepaintsltd", "password": "AcmePaintsLtd"}, "password", "not be the username"),
        ({"username": "acme", "password": "a" * 20}, "password", "one character repeated"),
        ({"username": "acme"}, "password", "Missing"),
        ({"password": PASSWORD}, "username", "Missing"),
        ({"username": "ac", "password": PASSWORD}, "username", "Length"),
        ({"username": "acme paints", "password": PASSWORD}, "username", "letters, digits"),
        ({"username": "acme", "password": 123456789012345}, "password", "Not a valid string"),
    ],
)
def test_weak_password_or_bad_username_is_422_naming_the_rule(client, body, path, words):
    errors = error(client.post("/v2/auth/register", json=body), 422)["errors"]
    assert any(e["path"] == path and words in e["message"] for e in errors), errors


@pytest.mark.parametrize("settings", [{"PASSWORD_MIN_LENGTH": 20}])
def test_password_length_is_a_setting(client):
    assert "at least 20" in error(register(client, password="only sixteen chr"), 422)["message"]


def test_login_gives_tokens_that_work(client):
    register(client)
    response = login(client, "ACME")
    assert response.status_code == 200
    tokens = response.get_json()
    assert set(tokens) == {"access_token", "refresh_token"}
    solved = client.post("/v2/solve", json=SOLVE, headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert solved.status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_401(client):
    register(client)
    wrong_password = error(login(client, password="not the password"), 401)
    unknown_user = error(login(client, username="nobody"), 401)
    assert wrong_password == unknown_user


def test_unknown_user_still_costs_a_password_check(client, monkeypatch):
    """Equal work either way, so response time does not tell which usernames exist."""
    checks = []
    original = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda self, *a: checks.append(1) or original(self, *a))
    register(client)
    login(client, username="nobody")
    login(client, password="not the password")
    assert len(checks) == 2


def test_passwords_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    register(client)
    login(client, password="a wrong password")
    login(client)
    assert PASSWORD not in caplog.text and "a wrong password" not in caplog.text


def test_login_rehashes_when_the_cost_settings_were_raised(app, database_url):
    add_user(app, "acme")
    dearer = make_app(database_url, ARGON2_TIME_COST=2)
    assert login(dearer.test_client()).status_code == 200
    with dearer.app_context():
        assert "t=2" in db.session.scalar(select(User.password_hash))


def test_refresh_gives_a_new_access_token(client):
    register(client)
    refresh = login(client).get_json()["refresh_token"]
    response = client.post("/v2/auth/refresh", headers={"Authorization": f"Bearer {refresh}"})
    assert response.status_code == 200
    access = response.get_json()["access_token"]
    assert client.post("/v2/solve", json=SOLVE, headers={"Authorization": f"Bearer {access}"}).status_code == 200


def test_refresh_refuses_an_access_token(client):
    register(client)
    access = login(client).get_json()["access_token"]
    error(client.post("/v2/auth/refresh", headers={"Authorization": f"Bearer {access}"}), 401)


@pytest.mark.parametrize("kind", ["access_token", "refresh_token"])
def test_logout_revokes_the_token_presented(client, kind):
    register(client)
    tokens = login(client).get_json()
    header = {"Authorization": f"Bearer {tokens[kind]}"}
    assert client.post("/v2/auth/logout", headers=header).status_code == 204
    assert "revoked" in error(client.post("/v2/auth/logout", headers=header), 401)["message"]
    other = "refresh_token" if kind == "access_token" else "access_token"
    # Only the token presented: the other one still works until it too is revoked.
    assert client.post("/v2/auth/logout", headers={"Authorization": f"Bearer {tokens[other]}"}).status_code == 204


def test_revocation_holds_on_every_instance(client, database_url):
    register(client)
    access = login(client).get_json()["access_token"]
    client.post("/v2/auth/logout", headers={"Authorization": f"Bearer {access}"})
    other_instance = make_app(database_url).test_client()
    response = other_instance.post("/v2/solve", json=SOLVE, headers={"Authorization": f"Bearer {access}"})
    assert "revoked" in error(response, 401)["message"]


def refresh_token(app, user_id):
    with app.app_context():
        return "Bearer " + create_refresh_token(str(user_id))


def signed_by_another_key(app, user_id):
    other = make_app(app.config["DATABASE_URL"], JWT_SECRET_KEY="another-secret-key-of-enough-length-0123")
    return bearer(other, user_id)["Authorization"]


def revoked(app, user_id):
    header = bearer(app, user_id)
    app.test_client().post("/v2/auth/logout", headers=header)
    return header["Authorization"]


UNAUTHORIZED = {
    "missing": lambda app, user: None,
    "not bearer": lambda app, user: "Token abc",
    "empty bearer": lambda app, user: "Bearer ",
    "malformed": lambda app, user: "Bearer not.a.jwt",
    "wrong signature": signed_by_another_key,
    "expired": lambda app, user: bearer(app, user, expires_delta=timedelta(seconds=-1))["Authorization"],
    "revoked": revoked,
    "refresh as access": refresh_token,
}


@pytest.mark.parametrize("case", UNAUTHORIZED)
@pytest.mark.parametrize("method, path", [("POST", "/v2/solve"), ("GET", "/v2/searches"), ("GET", "/v2/searches/1")])
def test_every_bad_token_is_401_in_our_shape(app, client, case, method, path):
    authorization = UNAUTHORIZED[case](app, add_user(app))
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.open(path, method=method, json=SOLVE if method == "POST" else None, headers=headers)
    error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_401_comes_before_any_look_at_the_body(client):
    response = client.post("/v2/solve", data="not json", content_type="text/plain")
    error(response, 401)


def test_openapi_documents_bearer_auth(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert spec["paths"]["/v2/solve"]["post"]["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/v2/searches"]["get"]["security"] == [{"bearerAuth": []}]
    assert "security" not in spec["paths"]["/v2/auth/login"]["post"]
    assert "search_id" in spec["components"]["schemas"]["SolveResponse"]["properties"]
