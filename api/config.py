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
    # Pinned: the docs page must not change under us when the package publishes a new major.
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14/"

    # Serving (bin/serve). Solving is CPU-bound pure Python, so one process per core does the
    # work; a few threads per process cover waits on the database and slow clients.
    WSGI_PROCESSES = os.cpu_count() or 2
    WSGI_THREADS = 4
    # Client connections Apache holds at once (idle keep-alive ones included). mod_wsgi-express's
    # default, 1.5 x processes x threads, left the load balancer's extra connections waiting
    # seconds in the listen queue; Apache's connection threads are cheap, the work queues for
    # the WSGI processes either way.
    WSGI_MAX_CLIENTS = 128
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
    # The database. DATABASE_URL wins; without it the RDS_* variables that Elastic Beanstalk
    # sets for an attached RDS instance are used; without those, a SQLite file under
    # instance/ (development only).
    DATABASE_URL = None
    RDS_HOSTNAME = None
    RDS_PORT = 5432
    RDS_DB_NAME = None
    RDS_USERNAME = None
    RDS_PASSWORD = None
    # Per server process: several processes per instance share the RDS connection limit.
    DB_POOL_SIZE = 5
    DB_MAX_OVERFLOW = 5
    DB_POOL_TIMEOUT = 10  # seconds waiting for a free connection before answering 503
    DB_POOL_RECYCLE = 1800  # seconds; below RDS and load balancer idle timeouts
    DB_CONNECT_TIMEOUT = 5  # seconds; a dead database must turn into a quick 503
    SQLITE_BUSY_TIMEOUT = 15  # seconds a SQLite writer waits for another process's lock
    # Seconds a client is told to wait (Retry-After) when the database cannot take a write.
    DATABASE_RETRY_AFTER = 5

    # Tokens. This default is public and only for development and tests: production
    # refuses to start without its own JWT_SECRET_KEY.
    JWT_SECRET_KEY = "development-only-not-secret-paint-batch-optimizer-key"
    JWT_ACCESS_TOKEN_EXPIRES = 900  # seconds
    JWT_REFRESH_TOKEN_EXPIRES = 2_592_000  # seconds (30 days)

    # Password hashing (argon2id); the defaults are argon2-cffi's recommended profile.
    PASSWORD_MIN_LENGTH = 12
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 65536
    ARGON2_PARALLELISM = 4

    # Failed sign-ins (login and v1 Basic credentials) allowed before answering 429.
    # One instance keeps counts in memory; several instances must share redis://host:6379.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_LIMIT_PER_USERNAME = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "20 per 15 minutes"

    # "open": /v1/ answers anyone, as the legacy service did. "required": a bearer token
    # or HTTP Basic credentials of a registered user.
    LEGACY_AUTH = "open"


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    # Cheap hashing keeps the suite fast; never used outside tests.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 64
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    # One load balancer in front, terminating HTTPS.
    PROXY_FIX_X_FOR = 1
    PROXY_FIX_X_PROTO = 1
    HSTS_SECONDS = 31_536_000
    JWT_SECRET_KEY = None  # no default: it must come from the environment


ENVIRONMENTS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


LEGACY_AUTH_MODES = ("open", "required")
# RFC 7518 requires HS256 keys of at least 256 bits; shorter ones can be guessed offline.
MIN_SECRET_LENGTH = 32


def check_settings(config: Mapping[str, Any]) -> None:
    """Refuse settings the service must not run with; the message names the setting."""
    if config["LEGACY_AUTH"] not in LEGACY_AUTH_MODES:
        raise ConfigurationError(f"LEGACY_AUTH={config['LEGACY_AUTH']!r} is not one of {', '.join(LEGACY_AUTH_MODES)}")
    if config["APP_ENV"] != "production":
        return
    secret = config.get("JWT_SECRET_KEY") or ""
    if len(secret) < MIN_SECRET_LENGTH or secret == Config.JWT_SECRET_KEY:
        raise ConfigurationError(
            f"JWT_SECRET_KEY must be set to a secret of at least {MIN_SECRET_LENGTH} characters in production"
        )
    if config["SQLALCHEMY_DATABASE_URI"].get_backend_name() == "sqlite":
        raise ConfigurationError(
            "DATABASE_URL (or RDS_HOSTNAME and the other RDS_* settings) must name a PostgreSQL database "
            "in production; SQLite is for development only"
        )


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
