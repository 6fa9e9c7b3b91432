"""The v2 contract: request and response bodies. The OpenAPI document is generated from these."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

FINISHES = ("glossy", "matte")


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
    chain = fields.List(
        fields.Nested(ForcingSchema),
        metadata={"description": "The forced mattes that rule this like out, oldest first, ending with its colour"},
    )


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
        fields.Nested(RuledOutSchema), metadata={"description": "Impossible: each like of that customer and why it fails"}
    )


class SolveResponseSchema(ma.Schema):
    solvable = fields.Boolean(required=True)
    finishes = fields.List(
        fields.String(validate=validate.OneOf(FINISHES)),
        metadata={"description": "Solvable only: one finish per colour, colour 1 first"},
    )
    matte_count = fields.Integer(metadata={"description": "Solvable only: the fewest matte batches possible"})
    explanation = fields.Nested(ExplanationSchema, required=True)


class ErrorDetailSchema(ma.Schema):
    path = fields.String(metadata={"description": "Where in the request, e.g. customers[2].likes[0].color"})
    message = fields.String()


class ErrorSchema(ma.Schema):
    code = fields.Integer(metadata={"description": "HTTP status code"})
    status = fields.String(metadata={"description": "HTTP status name"})
    message = fields.String(metadata={"description": "What went wrong, in one sentence"})
    errors = fields.List(fields.Nested(ErrorDetailSchema), metadata={"description": "Each problem found in the input"})
