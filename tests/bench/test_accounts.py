"""The accounts client: a token only when the service has accounts, one place for field names."""
import pytest

from bench import accounts

SPEC_WITH_ACCOUNTS = {"paths": {accounts.REGISTER_PATH: {}}, "components": {"securitySchemes": {
    "bearer": {"type": "http", "scheme": "bearer"}}}}


class FakeService:
    def __init__(self, answers):
        self.answers, self.sent = answers, []

    def __call__(self, method, path, body, headers):
        self.sent.append((method, path, body, headers))
        return self.answers[(method, path.split("?")[0])]


def test_no_accounts_means_no_token_and_no_requests():
    service = FakeService({})
    assert accounts.sign_in(service, {"paths": {"/v2/solve": {}}}) == {}
    assert service.sent == []


def test_registers_then_logs_in_with_the_same_credentials():
    service = FakeService({
        ("POST", accounts.REGISTER_PATH): (201, {}),
        ("POST", accounts.LOGIN_PATH): (200, {accounts.ACCESS_TOKEN_FIELD: "abc", "refresh_token": "r"}),
    })
    assert accounts.has_bearer_scheme(SPEC_WITH_ACCOUNTS)
    assert accounts.sign_in(service, SPEC_WITH_ACCOUNTS) == {"Authorization": "Bearer abc"}
    (_, _, registered, _), (_, _, logged_in, _) = service.sent
    assert registered == logged_in and len(registered["password"]) >= 12
    assert registered["username"] not in registered["password"]


def test_a_refused_registration_says_what_the_service_answered():
    service = FakeService({("POST", accounts.REGISTER_PATH): (422, {"message": "password too short"})})
    with pytest.raises(RuntimeError, match="password too short"):
        accounts.sign_in(service, SPEC_WITH_ACCOUNTS)


def test_counts_searches_from_the_total_field():
    service = FakeService({("GET", accounts.SEARCHES_PATH): (200, {accounts.SEARCHES_TOTAL_FIELD: 7, "items": []})})
    assert accounts.count_searches(service, {"Authorization": "Bearer abc"}) == 7
