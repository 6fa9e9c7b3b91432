"""SQLAlchemy models: accounts, revoked tokens, and the history of searches.

Plain SQLAlchemy 2 (no Flask): the API binds them to its session; migrations/ holds the schema.
"""
from .base import Base
from .search import ApiVersion, Outcome, Search, SearchData
from .user import RevokedToken, User

__all__ = ["ApiVersion", "Base", "Outcome", "RevokedToken", "Search", "SearchData", "User"]
