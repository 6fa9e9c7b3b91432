"""Fixtures. Every test that touches the database runs twice: on a SQLite file, and on the
PostgreSQL server named by TEST_DATABASE_URL (skipped, with the reason, when that is not set or
not reachable). Each session migrates a database of its own once; each test starts it empty."""
import os
import uuid

import pytest
import sqlalchemy as sa
from flask_jwt_extended import create_access_token
from flask_migrate import upgrade

from api import create_app
from api import accounts
from api.database import parse_url
from api.extensions import db
from models import Base

# The suite runs with the testing defaults (cheap password hashing among them).
os.environ["APP_ENV"] = "testing"
PASSWORD = "correct horse battery staple"
# Enough for production to start: a key that is long enough (and public: tests only), and a
# PostgreSQL server that is not there (nothing connects at start-up).
PRODUCTION_SETTINGS = {
    "APP_ENV": "production",
    "JWT_SECRET_KEY": "tests-only-production-key-0123456789abcdef",
    "DATABASE_URL": "postgresql://paint@127.0.0.1:9/paint",
    "DB_CONNECT_TIMEOUT": "1",
}


@pytest.fixture
def production(monkeypatch):
    """The environment of a production instance, as far as start-up checks go."""
    for name, value in PRODUCTION_SETTINGS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh database on the PostgreSQL server, so that parallel runs never meet; dropped after."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("PostgreSQL run skipped: TEST_DATABASE_URL is not set")
    server = parse_url(server)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"paint_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL run skipped: {server!r} is not reachable: {str(error.orig).strip()}")
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A database migrated to the newest schema, by `flask db upgrade`'s own code."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('database')}/paint.sqlite3"
    else:
        url = request.getfixturevalue("postgres_url")
    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def make_app(database_url, **settings):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, **settings})


@pytest.fixture
def settings():
    """Settings for the ``app`` of one test; override this fixture to change them."""
    return {}


@pytest.fixture
def app(database_url, settings):
    app = make_app(database_url, **settings)
    with app.app_context():
        empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def empty_tables():
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


def add_user(app, username="customer", password=PASSWORD) -> int:
    with app.app_context():
        return accounts.register(username, password).id


def bearer(app, user_id, **token_options) -> dict:
    with app.app_context():
        return {"Authorization": "Bearer " + create_access_token(str(user_id), **token_options)}


@pytest.fixture
def auth_header(app):
    """The header of a signed-in customer."""
    return bearer(app, add_user(app))
