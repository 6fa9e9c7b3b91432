"""Which database, its connection settings, and the settings production refuses to start with."""
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api import create_app
from api.config import ConfigurationError
from api.database import database_url, engine_options
from api.extensions import db

SECRET = "s" * 40
RDS = {"RDS_HOSTNAME": "paint.abc.eu-west-1.rds.amazonaws.com", "RDS_PORT": 5433, "RDS_DB_NAME": "ebdb",
       "RDS_USERNAME": "paint", "RDS_PASSWORD": "p@ss/w:rd%?"}


def test_rds_settings_build_an_escaped_url():
    url = database_url(RDS, "/srv/instance")
    assert url.drivername == "postgresql+psycopg2"
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "paint.abc.eu-west-1.rds.amazonaws.com", 5433, "ebdb", "paint", "p@ss/w:rd%?")
    rendered = url.render_as_string(hide_password=False)
    assert "p%40ss%2Fw%3Ard%25%3F@paint.abc" in rendered
    assert make_url(rendered).password == "p@ss/w:rd%?"


def test_database_url_wins_over_rds_settings():
    url = database_url({**RDS, "DATABASE_URL": "postgresql://u:p@db.example:5432/paint"}, "/srv/instance")
    assert (url.drivername, url.host) == ("postgresql+psycopg2", "db.example")


def test_postgres_scheme_is_read_as_postgresql():
    assert database_url({"DATABASE_URL": "postgres://u:p@db.example/paint"}, "/x").drivername == "postgresql+psycopg2"


def test_without_either_a_sqlite_file_under_instance():
    url = database_url({"RDS_PORT": 5432}, "/srv/app/instance")
    assert (url.drivername, url.database) == ("sqlite", "/srv/app/instance/paint.sqlite3")


def test_postgresql_pool_suits_several_processes():
    config = {"DB_POOL_RECYCLE": 1800, "DB_POOL_SIZE": 5, "DB_MAX_OVERFLOW": 5, "DB_POOL_TIMEOUT": 10, "DB_CONNECT_TIMEOUT": 5}
    options = engine_options(make_url("postgresql+psycopg2://db/paint"), config)
    assert options["pool_pre_ping"] is True
    assert (options["pool_size"], options["max_overflow"], options["pool_recycle"]) == (5, 5, 1800)
    assert options["connect_args"] == {"connect_timeout": 5}


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DB_POOL_SIZE", "3")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/paint")
    app = create_app()
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == 3
    assert app.config["SQLALCHEMY_DATABASE_URI"].host == "db.example"


def test_sqlite_enforces_foreign_keys_and_allows_several_processes(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/paint.sqlite3"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def production(monkeypatch, **environ):
    monkeypatch.setenv("APP_ENV", "production")
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    return create_app()


def test_production_refuses_to_start_without_its_own_jwt_secret(monkeypatch):
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY"):
        production(monkeypatch, DATABASE_URL="postgresql://db.example/paint")


@pytest.mark.parametrize("secret", ["short", "development-only-not-secret-paint-batch-optimizer-key"])
def test_production_refuses_a_short_or_public_jwt_secret(monkeypatch, secret):
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY"):
        production(monkeypatch, DATABASE_URL="postgresql://db.example/paint", JWT_SECRET_KEY=secret)


@pytest.mark.parametrize("environ", [{}, {"DATABASE_URL": "sqlite:////tmp/paint.sqlite3"}])
def test_production_refuses_sqlite(monkeypatch, environ):
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        production(monkeypatch, JWT_SECRET_KEY=SECRET, **environ)


def test_production_starts_with_a_secret_and_rds(monkeypatch):
    app = production(monkeypatch, JWT_SECRET_KEY=SECRET, **{key: str(value) for key, value in RDS.items()})
    assert app.config["SQLALCHEMY_DATABASE_URI"].password == "p@ss/w:rd%?"


def test_development_has_a_labelled_default_secret():
    assert "not-secret" in create_app({"DATABASE_URL": "sqlite://"}).config["JWT_SECRET_KEY"]


def test_unknown_legacy_auth_mode_is_refused():
    with pytest.raises(ConfigurationError, match="LEGACY_AUTH"):
        create_app({"LEGACY_AUTH": "maybe", "DATABASE_URL": "sqlite://"})
