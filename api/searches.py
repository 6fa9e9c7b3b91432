"""``/v2/searches``: the caller's own history, newest first."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from models import LARGEST_ID

from . import history
from .parsing import Blueprint
from .schemas import ErrorSchema, PageArgsSchema, SearchDetailSchema, SearchPageSchema
from .tokens import BEARER, current_user_id, require_access_token

blp = Blueprint("searches", __name__, url_prefix="/v2/searches", description="Your searches, to look back up")
blp.before_request(require_access_token)


@blp.route("")
class Searches(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SearchPageSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No valid access token")
    @blp.alt_response(422, schema=ErrorSchema, description="page below 1, or page_size outside 1..100")
    def get(self, args):
        """Your searches, newest first, a page at a time; past the last page, an empty page"""
        return history.page_of(current_user_id(), args["page"], args["page_size"])


@blp.route("/<int:search_id>")
class SearchById(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, SearchDetailSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No valid access token")
    @blp.alt_response(404, schema=ErrorSchema, description="No such search in your history")
    def get(self, search_id):
        """One of your searches, with the request as sent and the answer or error as returned"""
        # An id past what the database's integers hold names no search either.
        search = history.find(current_user_id(), search_id) if search_id <= LARGEST_ID else None
        if search is None:
            abort(404, message=f"There is no search {search_id} in your history")
        return search
