"""The application factory."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from . import accounts, auth, database, legacy_v1, searches, solve, tokens
from .config import check_settings, load_config
from .errors import register_error_handlers
from .faults import register_fault_injection
from .health import register_health
from .metrics import register_metrics
from .observability import register_request_logging
from .extensions import api, db, jwt, limiter, migrate
from .problems import limits_from_config
from .security_headers import register_security_headers

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the service. ``overrides`` take precedence over the environment (used by tests)."""
    app = Flask(__name__.split(".")[0], instance_relative_config=False)
    app.config.from_mapping(load_config())
    app.config.update(overrides or {})
    database.configure(app.config, app.instance_path)
    check_settings(app.config)
    app.json.sort_keys = False  # keep answers in the documented field order
    app.extensions["paint_limits"] = limits_from_config(app.config)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_operations(app)
    return app


def register_extensions(app: Flask) -> None:
    api.init_app(app)
    for name, scheme in tokens.SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    db.init_app(app)
    with app.app_context():
        database.prepare_engine(db.engine, app.config, app.instance_path)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    jwt.init_app(app)
    limiter.init_app(app)
    accounts.init_app(app)


def register_blueprints(app: Flask) -> None:
    api.register_blueprint(solve.blp)
    api.register_blueprint(legacy_v1.blp)
    api.register_blueprint(auth.blp)
    api.register_blueprint(searches.blp)


def register_operations(app: Flask) -> None:
    """Logs, headers, metrics, health and fault injection: edge modules switched by settings."""
    register_request_logging(app)
    register_security_headers(app)
    register_metrics(app)
    register_health(app)
    register_fault_injection(app)
