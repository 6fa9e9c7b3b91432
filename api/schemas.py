"""The v2 contract: request and response bodies. The OpenAPI document is generated from these."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from marshmallow import fields, validate

from .passwords import weakness

FINISHES = ("glossy", "matte")
MAX_PAGE = 1_000_000_000
MAX_PAGE_SIZE = 100


def _whole(**kwargs) -> fields.Integer:
    # strict: 1.0, "1" and true are refused rather than quietly read as 1.
    return fields.Integer(strict=True, required=True, error_messages={"invalid": "expected a whole number"}, **kwargs)


class LikeSchema(ma.Schema):
    color = _whole(metadata={"description": "Colour number, 1..colors", "example": 1})
    finish = fields.String(
        required=True,
        validate=validate.OneOf(FINISHES, error="expected 'glossy' or 'matte'"),
        metadata={"example": "matte"},
    )


class CustomerSchema(ma.Schema):
    likes = fields.List(
        fields.Nested(LikeSchema),
        required=True,
        metadata={"description": "At least one like; at most one of them matte. A repeated like is harmless."},
    )


LIKE_KEYS = {"color", "finish"}


def _plain_customers(customers) -> bool:
    """True when ``customers`` has exactly the documented shape and types, nothing else."""
    if type(customers) is not list:
        return False
    for customer in customers:
        if type(customer) is not dict or customer.keys() != {"likes"} or type(customer["likes"]) is not list:
            return False
        for like in customer["likes"]:
            if (
                type(like) is not dict
                or like.keys() != LIKE_KEYS
                or type(like["color"]) is not int
                or type(like["finish"]) is not str
                or like["finish"] not in FINISHES
            ):
                return False
    return True


class CustomerList(fields.List):
    """The customers list, read fast when well formed.

    Nested schemas cost ~15 us per like, ~45 ms at the published limits: most of a
    request. Well-formed input (the usual case) is checked in one tight loop instead;
    anything else takes marshmallow's full path, so every error is reported as usual.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if _plain_customers(value):
            return value
        return super()._deserialize(value, attr, data, **kwargs)


class SolveRequestSchema(ma.Schema):
    colors = _whole(metadata={"description": "Number of colours N; colours are numbered 1..N", "example": 5})
    customers = CustomerList(fields.Nested(CustomerSchema), required=True)


class ForcingSchema(ma.Schema):
    color = fields.Integer(metadata={"description": "A colour that must be matte"})
    customer = fields.Integer(metadata={"description": "0-based position in `customers` of the customer who forced it"})
    because_matte = fields.List(
        fields.Integer(), metadata={"description": "That customer's glossy likes, all already forced matte"}
    )


class RuledOutSchema(ma.Schema):
    color = fields.Integer()
    finish = fields.String(metadata={"example": "glossy"})
    forced_by_customer = fields.Integer(metadata={"description": "Who forced this colour matte; see `chain` for why"})


class ExplanationSchema(ma.Schema):
    summary = fields.String()
    mattes = fields.List(
        fields.Nested(ForcingSchema),
        metadata={"description": "Solvable: why each matte colour is matte, in the order they were forced"},
    )
    unserved_customer = fields.Integer(
        metadata={"description": "Impossible: 0-based position of a customer no choice can serve"}
    )
    ruled_out = fields.List(
        fields.Nested(RuledOutSchema), metadata={"description": "Impossible: each like of that customer, all forced matte"}
    )
    chain = fields.List(
        fields.Nested(ForcingSchema),
        metadata={"description": "Impossible: every forced matte the ruled-out likes rest on, oldest first"},
    )


class SolveResponseSchema(ma.Schema):
    solvable = fields.Boolean(required=True)
    finishes = fields.List(
        fields.String(validate=validate.OneOf(FINISHES)),
        metadata={"description": "Solvable only: one finish per colour, colour 1 first"},
    )
    matte_count = fields.Integer(metadata={"description": "Solvable only: the fewest matte batches possible"})
    explanation = fields.Nested(ExplanationSchema, required=True)
    search_id = fields.Integer(
        required=True, metadata={"description": "This search in your history: GET /v2/searches/{search_id}"}
    )


class ErrorDetailSchema(ma.Schema):
    path = fields.String(metadata={"description": "Where in the request, e.g. customers[2].likes[0].color"})
    message = fields.String()


class ErrorSchema(ma.Schema):
    code = fields.Integer(metadata={"description": "HTTP status code"})
    status = fields.String(metadata={"description": "HTTP status name"})
    message = fields.String(metadata={"description": "What went wrong, in one sentence"})
    errors = fields.List(fields.Nested(ErrorDetailSchema), metadata={"description": "Each problem found in the input"})


USERNAME_PATTERN = r"^[A-Za-z0-9._@-]+$"


class CredentialsSchema(ma.Schema):
    username = fields.String(
        required=True,
        validate=[
            validate.Length(min=3, max=64),
            validate.Regexp(USERNAME_PATTERN, error="use only letters, digits and . _ @ -"),
        ],
        metadata={"description": "3 to 64 letters, digits or . _ @ -; not case-sensitive", "example": "acme-paints"},
    )
    password = fields.String(required=True, load_only=True, metadata={"example": "correct horse battery"})


class RegistrationSchema(CredentialsSchema):
    password = fields.String(
        required=True,
        load_only=True,
        metadata={
            "description": "At least PASSWORD_MIN_LENGTH (12) characters, at most 1024, not the username, "
            "not one character repeated",
            "example": "correct horse battery",
        },
    )

    @ma.validates_schema
    def _password_rules(self, data, **kwargs):
        if "username" not in data or "password" not in data:
            return  # the missing field is reported on its own
        problem = weakness(data["username"], data["password"], current_app.config["PASSWORD_MIN_LENGTH"])
        if problem:
            raise ma.ValidationError(f"the password {problem}", field_name="password")


class UserSchema(ma.Schema):
    id = fields.Integer()
    username = fields.String()
    created_at = fields.DateTime()


class TokensSchema(ma.Schema):
    access_token = fields.String(metadata={"description": "Send as 'Authorization: Bearer <access_token>'"})
    refresh_token = fields.String(metadata={"description": "Send to /v2/auth/refresh for a new access token"})


class AccessTokenSchema(ma.Schema):
    access_token = fields.String()


class PageArgsSchema(ma.Schema):
    # Bounded so that the row offset, (page - 1) x page_size, fits a database integer.
    page = fields.Integer(
        load_default=1, validate=validate.Range(min=1, max=MAX_PAGE), metadata={"description": f"1 to {MAX_PAGE}"}
    )
    page_size = fields.Integer(
        load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE), metadata={"description": f"1 to {MAX_PAGE_SIZE}"}
    )


class SearchSchema(ma.Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    api_version = fields.Function(lambda search: search.api_version.value, metadata={"example": "v2"})
    colors = fields.Integer(allow_none=True, metadata={"description": "None when the request was rejected"})
    customers = fields.Integer(allow_none=True)
    likes = fields.Integer(allow_none=True, metadata={"description": "Distinct (colour, finish) likes, summed"})
    outcome = fields.Function(
        lambda search: search.outcome.value, metadata={"description": "solved, impossible or rejected"}
    )
    matte_count = fields.Integer(allow_none=True)
    duration_ms = fields.Float()
    http_status = fields.Integer()


class SearchDetailSchema(SearchSchema):
    request = fields.Function(
        lambda search: search.data.request,
        metadata={"description": "The request as sent (the v1 `input`, or the v2 body); null for a 413"},
    )
    response = fields.Function(
        lambda search: search.data.response, metadata={"description": "The answer or the error, as returned"}
    )


class SearchPageSchema(ma.Schema):
    items = fields.List(fields.Nested(SearchSchema), metadata={"description": "Newest first"})
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer(metadata={"description": "All of the caller's searches"})
