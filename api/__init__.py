"""The HTTP edge: app factory, settings, blueprints, schemas and error translation."""
from .app import create_app

__all__ = ["create_app"]
