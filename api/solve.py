"""v2: ``POST /v2/solve``, the JSON API."""
from __future__ import annotations

from flask import jsonify, request
from flask.views import MethodView
from flask_smorest import abort

from models import ApiVersion
from solver import build_problem

from . import history
from .parsing import Blueprint, require_json_body
from .problems import FINISH_CODES, current_limits, solution_to_json, solve_observed
from .schemas import ErrorSchema, SolveRequestSchema, SolveResponseSchema
from .tokens import BEARER, require_access_token

blp = Blueprint("solve", __name__, url_prefix="/v2", description="Find the batches that serve every customer")
history.track(blp, ApiVersion.V2, lambda: request.get_data(as_text=True))
# Before the body is looked at: a caller who is not signed in learns only that.
blp.before_request(require_access_token)


blp.before_request(require_json_body)


@blp.route("/solve")
class Solve(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(SolveRequestSchema)
    @blp.response(200, SolveResponseSchema, description="The answer; an impossible problem is an answer too")
    @blp.alt_response(400, schema=ErrorSchema, description="The body is not JSON")
    @blp.alt_response(415, schema=ErrorSchema, description="The body is not declared as application/json")
    @blp.alt_response(413, schema=ErrorSchema, description="The body is larger than MAX_CONTENT_LENGTH")
    @blp.alt_response(422, schema=ErrorSchema, description="The problem breaks a rule or a limit; `errors` says where")
    @blp.alt_response(401, schema=ErrorSchema, description="No valid access token")
    @blp.alt_response(503, schema=ErrorSchema, description="The search could not be recorded; see Retry-After")
    def post(self, problem):
        """Make every customer happy with the fewest matte batches

        Each customer likes one or more (colour, finish) pairs, at most one of them matte,
        and is served when at least one is made. Answers the finish of every colour, or
        that no choice serves everyone, with an explanation either way.
        """
        likes = [[(like["color"], FINISH_CODES[like["finish"]]) for like in c["likes"]] for c in problem["customers"]]
        problem = build_problem(problem["colors"], likes, current_limits())
        solution = solve_observed(problem)
        answer = {**solution_to_json(solution), "search_id": history.record_answer(problem, solution)}
        # Built by our own code in the documented shape, so it goes out as is: dumping it through
        # the schema again took a third of a request at the published limits. The contract
        # tests check it against the schema.
        return jsonify(answer)
