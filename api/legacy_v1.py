"""v1: the legacy endpoint, unchanged for old clients. The translation lives in ``legacy``."""
from __future__ import annotations

from flask import Response, abort, current_app, request

from legacy import format_answer, parse_payload, to_problem
from models import ApiVersion

from . import history
from .legacy_auth import require_legacy_credentials
from .parsing import Blueprint
from .problems import current_limits, solve_observed
from .tokens import SECURITY_SCHEMES

blp = Blueprint("legacy", __name__, url_prefix="/v1", description="Legacy API, kept for old clients")

INPUT_PARAMETER = {
    "in": "query",
    "name": "input",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The problem as JSON, e.g. {"colors":1,"customers":1,"demands":[[1,1,0]]}',
}


@blp.route("/", methods=["GET", "POST"])
@blp.doc(
    parameters=[INPUT_PARAMETER],
    # Open by default; with LEGACY_AUTH=required, either scheme.
    security=[{}, *({name: []} for name in SECURITY_SCHEMES)],
    responses={
        "200": {"description": "`1 0 0 0 0` (one finish code per colour) or `IMPOSSIBLE`",
                "content": {"text/plain": {"schema": {"type": "string"}}}},
        "400": {"description": "`input` missing or not JSON"},
        "413": {"description": "`input` larger than MAX_CONTENT_LENGTH"},
        "422": {"description": "The problem breaks a rule or a limit; `errors` says where"},
        "401": {"description": "LEGACY_AUTH=required and no valid bearer token or Basic credentials"},
        "503": {"description": "The search could not be recorded; see Retry-After"},
    },
)
def solve_v1():
    """Solve a problem in the legacy format

    The JSON goes in the `input` query parameter, in the form field `input`, or as the raw POST body.
    """
    problem = to_problem(parse_payload(_input_text()), current_limits())
    solution = solve_observed(problem)
    history.record_answer(problem, solution)  # the body stays the legacy text; the id goes in X-Search-ID
    return Response(format_answer(solution), mimetype="text/plain")


def _sent_input() -> str | None:
    text = request.args.get("input")
    if text is None and request.method == "POST":
        # Read the body before the form: legacy clients POST raw JSON under a form content type
        # (curl -d does), which parses as a form without an 'input' field.
        body = request.get_data(cache=True, as_text=True)
        text = request.form.get("input", body)
    return text


def _input_text() -> str | None:
    text = _sent_input()
    if text is not None and len(text) > current_app.config["MAX_CONTENT_LENGTH"]:
        abort(413, f"'input' is larger than {current_app.config['MAX_CONTENT_LENGTH']} bytes")
    return text


history.track(blp, ApiVersion.V1, _sent_input)
blp.before_request(require_legacy_credentials)
