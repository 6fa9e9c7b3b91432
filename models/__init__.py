"""SQLAlchemy models: accounts, revoked tokens, and the history of searches.

Plain SQLAlchemy 2 (no Flask): the API binds them to its session; migrations/ holds the schema.
"""
from .base import LARGEST_ID, Base
from .search import ApiVersion, Outcome, Search, SearchData
from .user import RevokedToken, User

__all__ = ["LARGEST_ID", "ApiVersion", "Base", "Outcome", "RevokedToken", "Search", "SearchData", "User"]
