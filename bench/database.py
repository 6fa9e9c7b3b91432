"""The history database for load and fault runs: a dedicated PostgreSQL database when one is reachable."""
from __future__ import annotations

import os
import subprocess
import sys

from .service import ROOT

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


def postgres_reachable(server_url: str = POSTGRES_URL) -> bool:
    import psycopg2

    try:
        psycopg2.connect(f"{server_url}/postgres", connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


def ensure_database(name: str, server_url: str = POSTGRES_URL) -> str:
    """Create database ``name`` unless it exists (history is kept between runs); return its URL."""
    import psycopg2

    connection = psycopg2.connect(f"{server_url}/postgres", connect_timeout=2)
    connection.autocommit = True  # CREATE DATABASE refuses to run inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return f"{server_url}/{name}"


def upgrade_schema(database_url: str) -> str:
    """Bring the schema up to date with ``flask db upgrade``; say what was done."""
    if not (ROOT / "migrations" / "env.py").exists():
        return "schema not migrated: migrations/env.py does not exist yet"
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "application", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed against {database_url}:\n{done.stderr}")
    return "schema migrated (flask db upgrade)"


def history_database(name: str) -> tuple[dict[str, str], str]:
    """Environment for the service, and a sentence saying which history database it uses."""
    if not postgres_reachable():
        return {}, "SQLite (the service's default): PostgreSQL at 127.0.0.1:5432 not reachable"
    url = ensure_database(name)
    return {"DATABASE_URL": url}, f"PostgreSQL database {name}; {upgrade_schema(url)}"
