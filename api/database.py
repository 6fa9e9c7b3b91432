"""Which database, and how to connect to it from several server processes at once."""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, make_url

SQLITE_FILE = "paint.sqlite3"
POSTGRESQL_DRIVER = "postgresql+psycopg2"


def database_url(config: Mapping[str, Any], instance_path: str) -> URL:
    """DATABASE_URL, else the RDS_* settings Elastic Beanstalk provides, else a SQLite file."""
    if config.get("DATABASE_URL"):
        return parse_url(config["DATABASE_URL"])
    if config.get("RDS_HOSTNAME"):
        # URL.create escapes the password, which may hold @, / or %.
        return URL.create(
            POSTGRESQL_DRIVER,
            username=config.get("RDS_USERNAME"),
            password=config.get("RDS_PASSWORD"),
            host=config["RDS_HOSTNAME"],
            port=int(config.get("RDS_PORT") or 5432),
            database=config.get("RDS_DB_NAME"),
        )
    return URL.create("sqlite", database=_default_sqlite_file(instance_path))


def parse_url(text: str) -> URL:
    # Heroku-style and some RDS tooling write postgres://, which SQLAlchemy 2 no longer reads.
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    url = make_url(text)
    # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3; the driver installed is psycopg2.
    if url.drivername == "postgresql":
        url = url.set(drivername=POSTGRESQL_DRIVER)
    return url


def engine_options(url: URL, config: Mapping[str, Any]) -> dict[str, Any]:
    if url.get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": config["SQLITE_BUSY_TIMEOUT"]}}
    return {
        "pool_pre_ping": True,  # a connection dropped by a failover or idle timeout is replaced, not used
        "pool_recycle": config["DB_POOL_RECYCLE"],
        "pool_size": config["DB_POOL_SIZE"],
        "max_overflow": config["DB_MAX_OVERFLOW"],
        "pool_timeout": config["DB_POOL_TIMEOUT"],
        "connect_args": {"connect_timeout": config["DB_CONNECT_TIMEOUT"]},
    }


def configure(config: dict[str, Any], instance_path: str) -> None:
    """Fill in the Flask-SQLAlchemy settings from ours."""
    url = database_url(config, instance_path)
    config["SQLALCHEMY_DATABASE_URI"] = url
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url, config)


def prepare_engine(engine: Engine, config: Mapping[str, Any], instance_path: str) -> None:
    if engine.dialect.name == "sqlite":
        if engine.url.database == _default_sqlite_file(instance_path):
            os.makedirs(instance_path, exist_ok=True)  # a fresh checkout has no instance/ yet
        busy_ms = int(config["SQLITE_BUSY_TIMEOUT"] * 1000)
        event.listen(engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, busy_ms))


def _default_sqlite_file(instance_path: str) -> str:
    return os.path.join(instance_path, SQLITE_FILE)


def _sqlite_pragmas(connection, busy_ms: int) -> None:
    cursor = connection.cursor()
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers in other server processes go on while one process writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.close()
