"""No success without its record: when the database cannot take the write, 503 with Retry-After."""
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from api.extensions import db
from models import Search

from ..conftest import bearer, make_app

PROBLEM = {"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "glossy"}]}]}
V1_INPUT = '{"colors":1,"customers":1,"demands":[[1,1,0]]}'


def unreachable(database_url):
    """A database of the same kind that cannot be reached."""
    if database_url.startswith("sqlite"):
        return "sqlite:////proc/no-such-directory/paint.sqlite3"
    return "postgresql+psycopg2://postgres@127.0.0.1:1/paint"


def assert_unavailable(response):
    assert response.status_code == 503, response.data
    assert response.get_json()["code"] == 503 and "database" in response.get_json()["message"]
    assert response.headers["Retry-After"] == "5"
    assert "X-Search-ID" not in response.headers


@pytest.fixture
def fail_writes_to(app):
    """Make every INSERT into one table fail the way a lost connection does."""
    def install(table):
        def refuse(connection, cursor, statement, parameters, context, executemany):
            if statement.startswith(f"INSERT INTO {table}"):
                raise OperationalError(statement, parameters, Exception("server closed the connection unexpectedly"))

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", refuse)
    return install


def test_database_down_v2_is_503(database_url):
    app = make_app(unreachable(database_url))
    response = app.test_client().post("/v2/solve", json=PROBLEM, headers=bearer(app, 1))
    assert_unavailable(response)


def test_database_down_v1_is_503_json_not_an_unrecorded_answer(database_url):
    response = make_app(unreachable(database_url)).test_client().get("/v1/", query_string={"input": V1_INPUT})
    assert_unavailable(response)


def test_database_down_login_is_503(database_url):
    response = make_app(unreachable(database_url)).test_client().post(
        "/v2/auth/login", json={"username": "acme", "password": "correct horse battery"}
    )
    assert_unavailable(response)


@pytest.mark.parametrize("table", ["searches", "search_data"])
def test_answer_whose_record_fails_is_replaced_by_503(client, auth_header, fail_writes_to, table):
    """searches fails while the view reserves the id; search_data at the commit after the view."""
    fail_writes_to(table)
    failures_before = history_write_failures()
    assert_unavailable(client.post("/v2/solve", json=PROBLEM, headers=auth_header))
    assert_unavailable(client.get("/v1/", query_string={"input": V1_INPUT}))
    assert history_write_failures() == failures_before + 2


def history_write_failures() -> float:
    return REGISTRY.get_sample_value("history_write_failures_total") or 0.0


def test_nothing_half_recorded_after_a_failed_commit(app, client, auth_header, fail_writes_to):
    fail_writes_to("search_data")
    client.post("/v2/solve", json=PROBLEM, headers=auth_header)
    with make_app(app.config["DATABASE_URL"]).app_context():  # its own engine, without the fault
        assert db.session.scalar(select(func.count()).select_from(Search)) == 0


def test_a_refusal_stands_when_its_record_fails(client, auth_header, fail_writes_to):
    fail_writes_to("search_data")
    response = client.post("/v2/solve", json={"colors": 0, "customers": []}, headers=auth_header)
    assert response.status_code == 422
