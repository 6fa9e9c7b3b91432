"""``/v2/auth``: register, sign in for tokens, refresh the access token, sign out."""
from __future__ import annotations

from flask.views import MethodView
from flask_jwt_extended import create_access_token, create_refresh_token, get_jwt, get_jwt_identity, jwt_required

from . import accounts
from .parsing import Blueprint, json_body
from .schemas import AccessTokenSchema, CredentialsSchema, ErrorSchema, RegistrationSchema, TokensSchema, UserSchema
from .tokens import BEARER

blp = Blueprint("auth", __name__, url_prefix="/v2/auth", description="Accounts and their tokens")


@blp.route("/register")
class Register(MethodView):
    @json_body
    @blp.arguments(RegistrationSchema)
    @blp.alt_response(400, schema=ErrorSchema, description="The body is empty or not JSON")
    @blp.alt_response(415, schema=ErrorSchema, description="The body is not declared as application/json")
    @blp.response(201, UserSchema, description="The account is created; sign in with /v2/auth/login")
    @blp.alt_response(409, schema=ErrorSchema, description="The username is taken")
    @blp.alt_response(422, schema=ErrorSchema, description="A field is missing or the password breaks a rule")
    def post(self, credentials):
        """Create an account"""
        return accounts.register(credentials["username"], credentials["password"])


@blp.route("/login")
class Login(MethodView):
    @json_body
    @blp.arguments(CredentialsSchema)
    @blp.alt_response(400, schema=ErrorSchema, description="The body is empty or not JSON")
    @blp.alt_response(415, schema=ErrorSchema, description="The body is not declared as application/json")
    @blp.response(200, TokensSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="The username or password is wrong")
    @blp.alt_response(429, schema=ErrorSchema, description="Too many failed sign-ins; see Retry-After")
    def post(self, credentials):
        """Sign in: an access token for the API and a refresh token for new access tokens"""
        identity = str(accounts.authenticate(credentials["username"], credentials["password"]).id)
        return {"access_token": create_access_token(identity), "refresh_token": create_refresh_token(identity)}


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True)
    @blp.doc(security=BEARER)
    @blp.response(200, AccessTokenSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No valid refresh token")
    def post(self):
        """A new access token, for the refresh token sent as the bearer token"""
        return {"access_token": create_access_token(get_jwt_identity())}


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(verify_type=False)
    @blp.doc(security=BEARER)
    @blp.response(204, description="The token is revoked")
    @blp.alt_response(401, schema=ErrorSchema, description="No valid token")
    def post(self):
        """Revoke the bearer token sent (access or refresh; sign out of both by sending each)"""
        accounts.revoke(get_jwt())
