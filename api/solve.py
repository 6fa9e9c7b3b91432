"""v2: ``POST /v2/solve``, the JSON API."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from solver import build_problem

from .problems import FINISH_CODES, current_limits, solution_to_json, solve_observed
from .schemas import ErrorSchema, SolveRequestSchema, SolveResponseSchema

blp = Blueprint("solve", __name__, url_prefix="/v2", description="Find the batches that serve every customer")


@blp.before_request
def require_json_body():
    """Without this an empty or non-JSON body would read as "fields missing", which misleads."""
    if request.method != "POST":
        return
    if not request.is_json:
        abort(415, message="send the problem as JSON with Content-Type: application/json")
    if not request.get_data():
        abort(400, message="the request body is empty; send the problem as JSON")


@blp.route("/solve")
class Solve(MethodView):
    @blp.arguments(SolveRequestSchema)
    @blp.response(200, SolveResponseSchema, description="The answer; an impossible problem is an answer too")
    @blp.alt_response(400, schema=ErrorSchema, description="The body is not JSON")
    @blp.alt_response(415, schema=ErrorSchema, description="The body is not declared as application/json")
    @blp.alt_response(413, schema=ErrorSchema, description="The body is larger than MAX_CONTENT_LENGTH")
    @blp.alt_response(422, schema=ErrorSchema, description="The problem breaks a rule or a limit; `errors` says where")
    def post(self, problem):
        """Make every customer happy with the fewest matte batches

        Each customer likes one or more (colour, finish) pairs, at most one of them matte,
        and is served when at least one is made. Answers the finish of every colour, or
        that no choice serves everyone, with an explanation either way.
        """
        likes = [[(like["color"], FINISH_CODES[like["finish"]]) for like in c["likes"]] for c in problem["customers"]]
        return solution_to_json(solve_observed(build_problem(problem["colors"], likes, current_limits())))
