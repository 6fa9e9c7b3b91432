"""The application factory."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import legacy_v1, solve
from .config import load_config
from .errors import register_error_handlers
from .extensions import api
from .problems import limits_from_config


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the service. ``overrides`` take precedence over the environment (used by tests)."""
    app = Flask(__name__.split(".")[0], instance_relative_config=False)
    app.config.from_mapping(load_config())
    app.config.update(overrides or {})
    app.json.sort_keys = False  # keep answers in the documented field order
    app.extensions["paint_limits"] = limits_from_config(app.config)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    return app


def register_extensions(app: Flask) -> None:
    api.init_app(app)


def register_blueprints(app: Flask) -> None:
    api.register_blueprint(solve.blp)
    api.register_blueprint(legacy_v1.blp)
