"""Every Flask extension, created unbound here and bound to the app in the factory."""
from flask_smorest import Api

from .errors import handle_http_exception
from .schemas import ErrorSchema


class PaintApi(Api):
    """flask-smorest's Api, answering errors in this service's one JSON shape."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        return handle_http_exception(error)


api = PaintApi()
