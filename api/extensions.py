"""Every Flask extension, created unbound here and bound to the app in the factory."""
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from models import Base

from .errors import handle_http_exception
from .schemas import ErrorSchema


class PaintApi(Api):
    """flask-smorest's Api, answering errors in this service's one JSON shape."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        return handle_http_exception(error)


api = PaintApi()
db = SQLAlchemy(metadata=Base.metadata)
# Flask-Migrate 4 renders batch operations by default: SQLite alters a table only by copying it.
migrate = Migrate()
jwt = JWTManager()
# Only its storage and strategy are used, by the failed sign-in counts (api/accounts.py):
# no route has a limit of its own.
limiter = Limiter(key_func=get_remote_address)
