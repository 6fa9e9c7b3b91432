"""Settings: one class of defaults per environment, every value overridable from the environment.

``APP_ENV`` picks the class (development by default). Any setting can then be
overridden by an environment variable of the same name; the default's type says
how the text is read (``true``/``false`` for flags, whole numbers, decimals).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


class ConfigurationError(RuntimeError):
    """The settings are unsafe or unreadable; the service must not start with them."""


class Config:
    # Largest problem accepted (published limits of current users).
    LIMIT_COLORS = 2000
    LIMIT_CUSTOMERS = 2000
    LIMIT_LIKES = 3000
    # Largest request body, and largest v1 ?input= value, in bytes. A problem at the
    # published limits takes well under 100 kB in either format.
    MAX_CONTENT_LENGTH = 1_000_000

    API_TITLE = "Paint batch optimizer"
    API_VERSION = "2"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist/"

    # Serving (bin/serve). Solving is CPU-bound pure Python, so one process per core does the
    # work; a few threads per process cover waits on the database and slow clients.
    WSGI_PROCESSES = os.cpu_count() or 2
    WSGI_THREADS = 4
    # Behind a load balancer: how many proxies' X-Forwarded-For / -Proto to trust (0: none).
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    # Strict-Transport-Security max-age for HTTPS responses; 0 sends none.
    HSTS_SECONDS = 0
    LOG_LEVEL = "INFO"
    # Bearer token that /metrics requires when set. In production /metrics exists only with it.
    METRICS_TOKEN = None
    # Fault injection, to exercise restarts; the application refuses to start in production
    # with either set (api/faults.py).
    CHAOS_CRASH_ENDPOINT = False
    CHAOS_FAILURE_RATE = 0.0


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True


class ProductionConfig(Config):
    # One load balancer in front, terminating HTTPS.
    PROXY_FIX_X_FOR = 1
    PROXY_FIX_X_PROTO = 1
    HSTS_SECONDS = 31_536_000


ENVIRONMENTS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The settings for ``environ['APP_ENV']``, each overridden by ``environ`` where it is set."""
    name = environ.get("APP_ENV", "development")
    if name not in ENVIRONMENTS:
        raise ConfigurationError(f"APP_ENV={name!r} is not one of {', '.join(ENVIRONMENTS)}")
    defaults = ENVIRONMENTS[name]
    settings = {key: getattr(defaults, key) for key in dir(defaults) if key.isupper()}
    for key, default in settings.items():
        if key in environ:
            settings[key] = _parse(key, environ[key], default)
    settings["APP_ENV"] = name
    return settings


def _parse(key: str, text: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[text.strip().lower()]
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
    except (KeyError, ValueError):
        raise ConfigurationError(f"{key}={text!r} is not a valid {type(default).__name__}") from None
    return text
