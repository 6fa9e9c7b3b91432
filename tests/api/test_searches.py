"""The history: every answer and rejection recorded, and each customer seeing only their own."""
import json

import pytest
from sqlalchemy import select

from api.extensions import db
from models import Outcome, Search, SearchData

from ..conftest import add_user, bearer

PROBLEM = {"colors": 2, "customers": [{"likes": [{"color": 1, "finish": "matte"}]}, {"likes": [{"color": 2, "finish": "glossy"}]}]}
IMPOSSIBLE = {"colors": 1, "customers": [{"likes": [{"color": 1, "finish": "matte"}]}, {"likes": [{"color": 1, "finish": "glossy"}]}]}
V1_INPUT = '{"colors":5,"customers":3,"demands":[[1,1,1],[2,1,0,2,0],[1,5,0]]}'


def solve(client, header, problem=PROBLEM):
    response = client.post("/v2/solve", json=problem, headers=header)
    assert response.status_code == 200, response.data
    return response.get_json()["search_id"]


def searches(client, header, **query):
    return client.get("/v2/searches", query_string=query, headers=header)


def stored(app):
    with app.app_context():
        return db.session.scalars(select(Search).order_by(Search.id)).all()


def stored_data(app, search_id):
    with app.app_context():
        data = db.session.get(SearchData, search_id)
        return data.request, data.response


def test_the_answer_names_its_record_which_holds_request_and_answer(client, auth_header):
    response = client.post("/v2/solve", json=PROBLEM, headers=auth_header)
    search_id = response.get_json()["search_id"]
    assert response.headers["X-Search-ID"] == str(search_id)
    detail = client.get(f"/v2/searches/{search_id}", headers=auth_header).get_json()
    assert detail["outcome"] == "solved" and detail["api_version"] == "v2" and detail["http_status"] == 200
    assert (detail["colors"], detail["customers"], detail["likes"], detail["matte_count"]) == (2, 2, 2, 1)
    assert detail["duration_ms"] > 0 and detail["created_at"].endswith("+00:00")
    assert json.loads(detail["request"]) == PROBLEM
    assert detail["response"] == response.get_data(as_text=True)


def test_impossible_is_recorded_as_such(client, auth_header):
    search_id = solve(client, auth_header, IMPOSSIBLE)
    detail = client.get(f"/v2/searches/{search_id}", headers=auth_header).get_json()
    assert detail["outcome"] == "impossible" and detail["matte_count"] is None


def test_list_is_newest_first_without_the_bodies(client, auth_header):
    ids = [solve(client, auth_header) for _ in range(3)]
    body = searches(client, auth_header).get_json()
    assert [item["id"] for item in body["items"]] == ids[::-1]
    assert (body["page"], body["page_size"], body["total"]) == (1, 20, 3)
    assert "request" not in body["items"][0] and "response" not in body["items"][0]


def test_pages(client, auth_header):
    ids = [solve(client, auth_header) for _ in range(5)][::-1]
    pages = [searches(client, auth_header, page=page, page_size=2).get_json() for page in (1, 2, 3)]
    assert [[item["id"] for item in page["items"]] for page in pages] == [ids[0:2], ids[2:4], ids[4:5]]
    assert all(page["total"] == 5 for page in pages)


def test_a_page_past_the_end_is_empty_with_the_total(client, auth_header):
    solve(client, auth_header)
    body = searches(client, auth_header, page=99).get_json()
    assert body["items"] == [] and body["total"] == 1 and body["page"] == 99


@pytest.mark.parametrize(
    "query, path", [({"page_size": 0}, "page_size"), ({"page_size": 101}, "page_size"), ({"page": 0}, "page"), ({"page": "x"}, "page")]
)
def test_bad_paging_is_422(client, auth_header, query, path):
    response = searches(client, auth_header, **query)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["path"] == path


def test_page_size_of_100_is_allowed(client, auth_header):
    assert searches(client, auth_header, page_size=100).status_code == 200


def test_customers_see_only_their_own_searches(app, client, auth_header):
    theirs = solve(client, auth_header)
    mine_header = bearer(app, add_user(app, "someone-else"))
    mine = solve(client, mine_header)
    assert [item["id"] for item in searches(client, mine_header).get_json()["items"]] == [mine]
    assert searches(client, mine_header).get_json()["total"] == 1
    other = client.get(f"/v2/searches/{theirs}", headers=mine_header)
    missing = client.get(f"/v2/searches/{theirs + mine + 1000}", headers=mine_header)
    assert other.status_code == missing.status_code == 404
    assert other.get_json()["message"].replace(str(theirs), "N") == missing.get_json()["message"].replace(
        str(theirs + mine + 1000), "N"
    )


@pytest.mark.parametrize(
    "send, status",
    [
        (lambda c, h: c.post("/v2/solve", data="{oops", content_type="application/json", headers=h), 400),
        (lambda c, h: c.post("/v2/solve", data="{}", content_type="text/plain", headers=h), 415),
        (lambda c, h: c.post("/v2/solve", json={"colors": 0, "customers": []}, headers=h), 422),
        (lambda c, h: c.post("/v2/solve", json={**PROBLEM, "padding": "x" * 2000}, headers=h), 413),
    ],
)
def test_rejected_v2_requests_are_recorded_with_their_error(app, client, auth_header, send, status):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = send(client, auth_header)
    assert response.status_code == status
    listed = searches(client, auth_header).get_json()["items"]
    assert [(item["outcome"], item["http_status"]) for item in listed] == [("rejected", status)]
    detail = client.get(f"/v2/searches/{listed[0]['id']}", headers=auth_header).get_json()
    assert json.loads(detail["response"]) == response.get_json()
    assert detail["colors"] is None
    assert (detail["request"] is None) == (status == 413)  # a body too large is never read


def test_unauthenticated_calls_are_not_recorded(app, client):
    client.post("/v2/solve", json=PROBLEM)
    client.post("/v2/solve", data="{oops", content_type="application/json")
    assert stored(app) == []


def test_anonymous_v1_is_recorded_and_its_body_unchanged(app, client):
    response = client.get("/v1/", query_string={"input": V1_INPUT})
    assert response.get_data() == b"1 0 0 0 0" and response.mimetype == "text/plain"
    [search] = stored(app)
    assert response.headers["X-Search-ID"] == str(search.id)
    assert search.user_id is None and search.api_version.value == "v1" and search.outcome is Outcome.SOLVED
    assert (search.colors, search.customers, search.likes, search.matte_count) == (5, 3, 4, 1)
    assert stored_data(app, search.id) == (V1_INPUT, "1 0 0 0 0")


@pytest.mark.parametrize("query, status", [({}, 400), ({"input": "{oops"}, 400), ({"input": '{"colors": 0}'}, 422)])
def test_rejected_v1_requests_are_recorded_with_their_error(app, client, query, status):
    response = client.get("/v1/", query_string=query)
    assert response.status_code == status
    [search] = stored(app)
    assert (search.outcome, search.http_status, search.user_id) == (Outcome.REJECTED, status, None)
    assert json.loads(stored_data(app, search.id)[1]) == response.get_json()


def test_v1_post_body_is_recorded_as_sent(app, client):
    client.post("/v1/", data={"input": V1_INPUT})
    [search] = stored(app)
    assert stored_data(app, search.id)[0] == V1_INPUT
