"""The Alembic migrations: up and down on both databases, and agreeing with the models."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from api.extensions import db
from models import Base

from ..conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"users", "revoked_tokens", "searches", "search_data"}


def tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_and_models_agree(database_url):
    app = make_app(database_url)
    with app.app_context():
        assert tables() == TABLES  # the session's database is at head
        downgrade(revision="base")
        assert tables() == set()
        upgrade()
        assert tables() == TABLES
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == [], "the models changed without a migration: flask db migrate -m '...'"
        db.engine.dispose()


@pytest.mark.e2e
def test_flask_db_upgrade_creates_a_fresh_sqlite_database(tmp_path):
    """What `make migrate` (and so `make run`) does on a fresh machine."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"}
    command = [sys.executable, "-m", "flask", "--app", "application", "db", "upgrade"]
    for _ in range(2):  # the second run finds nothing to do
        subprocess.run(command, cwd=tmp_path, env=environ, check=True, capture_output=True, timeout=60)
    app = make_app(environ["DATABASE_URL"])
    with app.app_context():
        assert tables() == TABLES
