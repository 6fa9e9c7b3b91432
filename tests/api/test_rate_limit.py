"""Failed sign-ins are limited per username and per client address: 429 with Retry-After."""
import uuid

import pytest
import redis

from ..conftest import PASSWORD, add_user, make_app

LIMITS = {"LOGIN_LIMIT_PER_USERNAME": "3 per minute", "LOGIN_LIMIT_PER_ADDRESS": "5 per minute"}


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/v2/auth/login", json={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def assert_too_many(response):
    assert response.status_code == 429, response.data
    assert response.get_json()["code"] == 429 and "Too many failed sign-ins" in response.get_json()["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60


@pytest.mark.parametrize("settings", [LIMITS])
def test_failures_per_username_lock_that_username_even_for_the_right_password(app, client):
    add_user(app, "acme")
    for attempt in range(3):
        assert login(client, "acme", f"wrong password {attempt}", address=f"10.0.0.{attempt}").status_code == 401
    assert_too_many(login(client, "ACME", PASSWORD, address="10.9.9.9"))
    add_user(app, "other")
    assert login(client, "other", PASSWORD, address="10.9.9.9").status_code == 200


@pytest.mark.parametrize("settings", [LIMITS])
def test_failures_per_address_lock_that_address_for_every_username(app, client):
    add_user(app, "acme")
    for attempt in range(5):
        assert login(client, f"guess{attempt}", "wrong password!").status_code == 401
    assert_too_many(login(client, "acme", PASSWORD))
    assert login(client, "acme", PASSWORD, address="10.0.0.2").status_code == 200


@pytest.mark.parametrize("settings", [LIMITS])
def test_successful_sign_ins_are_not_counted(app, client):
    add_user(app, "acme")
    for _ in range(6):
        assert login(client, "acme", PASSWORD).status_code == 200


def redis_url():
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis limiter storage not tested: {url} is not reachable: {error}")
    return url


def test_counts_are_shared_through_redis_across_instances(app):
    url = redis_url()
    # Redis outlives the test: a username and address of this run only.
    username, address = f"user{uuid.uuid4().hex[:8]}", f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.1"
    first = make_app(app.config["DATABASE_URL"], RATELIMIT_STORAGE_URI=url, **LIMITS).test_client()
    for _ in range(3):
        assert login(first, username, "wrong password!", address).status_code == 401
    second = make_app(app.config["DATABASE_URL"], RATELIMIT_STORAGE_URI=url, **LIMITS).test_client()
    assert_too_many(login(second, username, "wrong password!", address))
