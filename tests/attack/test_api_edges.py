"""The API's edges, tried as a script would: bodies nested or sized to break
the parser, times without their UTC offset, a token after its revocation, a
form sent without its CSRF token. Each gets a clear refusal naming its rule
(problem+json under /api/, a plain page in the site's layout otherwise),
never a 500, a bare Django page or a quiet success."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.api.parsers import MAX_JSON_DEPTH
from tiaki.api.services import api_token_revoke
from tiaki.casework.models import CaseNote, CourtOrder
from tiaki.casework.tests.test_api import ago, note_body, order_body
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.tests.test_api import body as report_body
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def partner(site):
    return UserFactory(username="police-referrals", role=Role.PARTNER_WORKER, site=site)


def token_for(user) -> str:
    return AuthToken.objects.create(user)[1]


def api_for(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token_for(user)}", raise_request_exception=False)


def nested(depth: int, kind: str) -> str:
    """A JSON document ``depth`` levels deep, built as text (Python's own
    json.dumps would hit its recursion limit building it)."""
    if kind == "arrays":
        return "[" * depth + "]" * depth
    return '{"a":' * (depth - 1) + "{}" + "}" * (depth - 1)


def endpoints(case) -> list[str]:
    return ["/api/v1/reports", "/api/v1/persons", "/api/v1/persons/search", f"/api/v1/cases/{case.pk}/notes"]


# --- Deep JSON --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["arrays", "objects"])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 950, 100_000])
def test_it_refuses_deeply_nested_json_with_400_naming_the_limit(alice, case, kind, depth):
    api = api_for(alice)
    for url in endpoints(case):
        response = api.post(
            url, nested(depth, kind), content_type="application/json", HTTP_IDEMPOTENCY_KEY="deep-key-0001"
        )
        assert (response.status_code, response["Content-Type"]) == (400, PROBLEM), url
        problem = response.json()
        assert (problem["code"], problem["max_depth"]) == ("json_too_deep", MAX_JSON_DEPTH), url
        assert str(MAX_JSON_DEPTH) in problem["detail"]
    assert not CaseNote.objects.exists()


def test_it_reads_json_as_deep_as_the_limit_as_ordinary_json(alice, case):
    response = api_for(alice).post(
        f"/api/v1/cases/{case.pk}/notes",
        json.dumps({**note_body(), "title": json.loads(nested(MAX_JSON_DEPTH - 1, "objects"))}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="deep-key-0002",
    )
    # Not too deep: refused for its shape (a title is text), by field.
    assert (response.status_code, response.json()["code"]) == (400, "validation_failed")
    assert "title" in response.json()["errors"]


# --- Huge bodies ------------------------------------------------------------------


def test_it_refuses_json_over_the_memory_limit_with_413_naming_it(partner, alice, site, child, case):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    huge = json.dumps(report_body(site, [child], narrative="x" * (limit + 1)))
    for api, url in ((api_for(partner), "/api/v1/reports"), (api_for(alice), f"/api/v1/cases/{case.pk}/notes")):
        response = api.post(url, huge, content_type="application/json", HTTP_IDEMPOTENCY_KEY="huge-key-0001")
        assert (response.status_code, response["Content-Type"]) == (413, PROBLEM), url
        problem = response.json()
        assert (problem["code"], problem["limit_bytes"]) == ("body_too_large", limit)
        assert str(limit) in problem["detail"]
    assert not ReportOfConcern.objects.exists()


def test_it_refuses_a_multipart_field_over_the_limit_with_413(alice, case):
    """Uploads have their own limit for the file (TIAKI_UPLOAD_MAX_MB); the
    fields beside it are held to Django's."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api_for(alice).post(
        f"/api/v1/cases/{case.pk}/documents", {"title": "x" * (limit + 1), "classification": "in-confidence"}
    )
    assert (response.status_code, response["Content-Type"]) == (413, PROBLEM)
    assert (response.json()["code"], response.json()["limit_bytes"]) == ("body_too_large", limit)


def test_it_refuses_a_huge_form_body_to_the_json_api_without_reading_it(alice, case):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api_for(alice).post(
        f"/api/v1/cases/{case.pk}/notes",
        f"kind=visit&text={'x' * (limit + 1)}",
        content_type="application/x-www-form-urlencoded",
        HTTP_IDEMPOTENCY_KEY="huge-key-0002",
    )
    assert (response.status_code, response["Content-Type"]) == (415, PROBLEM)


def test_it_answers_a_huge_form_post_on_a_page_with_a_plain_413_page(alice, case):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    for url in ("/people/new/", f"/cases/{case.pk}/notes/add/"):
        response = client.post(url, {"text": "x" * (limit + 1)})
        page = response.content.decode()
        assert response.status_code == 413, url
        assert response["Content-Type"].startswith("text/html")
        assert "What you sent is too large" in page
        assert 'class="govuk-header' in page or "govuk-template" in page  # the site's layout
        assert "Traceback" not in page
        assert "DEBUG" not in page
    assert not CaseNote.objects.exists()


# --- Times without their UTC offset -------------------------------------------------


@pytest.mark.parametrize("naive", ["2026-03-02T14:30:00", "2026-03-02 14:30"])
def test_it_refuses_a_time_without_its_offset_on_every_endpoint_that_takes_one(
    naive, partner, alice, site, child, case
):
    aware = ago(hours=5).isoformat()
    attempt = {"attempted_at": aware, "method": "phone", "with_whom": "Mere (mother)", "outcome": "No answer"}
    cases = [
        (api_for(partner), "/api/v1/reports", report_body(site, [child], received_at=naive), "received_at"),
        (api_for(alice), f"/api/v1/cases/{case.pk}/notes", note_body(occurred_at=naive), "occurred_at"),
        (
            api_for(alice),
            f"/api/v1/cases/{case.pk}/orders",
            order_body(child, engagement_attempts=[{**attempt, "attempted_at": naive}]),
            "engagement_attempts",
        ),
    ]
    for n, (api, url, data, field) in enumerate(cases):
        response = api.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"naive-key-{n:04d}")
        assert (response.status_code, response["Content-Type"]) == (400, PROBLEM), url
        assert response.json()["code"] == "validation_failed"
        assert "UTC offset" in json.dumps(response.json()["errors"][field]), url
    assert not ReportOfConcern.objects.exists()
    assert not CaseNote.objects.exists()
    assert not CourtOrder.objects.exists()


# --- Revoked tokens -------------------------------------------------------------------


def test_it_refuses_a_revoked_token_on_its_next_request(partner, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    token = token_for(partner)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me").status_code == 200
    api_token_revoke(actor=admin, user=partner, token_key=token[:15])
    for response in (api.get("/api/v1/me"), api.post("/api/v1/reports", {}, content_type="application/json")):
        assert (response.status_code, response["Content-Type"]) == (401, PROBLEM)
        assert response.json()["code"] == "authentication_failed"


def test_it_refuses_tokens_revoked_from_the_administrators_page(partner, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    tokens = [token_for(partner) for _ in range(2)]
    page = Client()
    page.force_login(admin)
    page.post(f"/admin/users/{partner.pk}/tokens/", {"all": "on"})
    for token in tokens:
        response = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me")
        assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")


def test_it_never_shows_a_token_on_the_administrators_page(partner, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    token = token_for(partner)
    page = Client()
    page.force_login(admin)
    html = page.get(f"/admin/users/{partner.pk}/tokens/").content.decode()
    assert token[:15] in html
    assert token[15:25] not in html


# --- CSRF failures ------------------------------------------------------------------


def test_it_answers_a_form_without_its_csrf_token_with_a_plain_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/people/new/", {"given_names": "Tūī"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert "back button" in page
    assert "send it again" in page
    assert "Nothing you saved before has been lost" in page
    assert "govuk-template" in page  # the site's layout, signed in
    for django_words in ("DEBUG", "CSRF verification failed", "Help", "reason"):
        assert django_words not in page


def test_it_answers_an_api_write_without_its_csrf_token_with_problem_json(alice, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)  # a session, not a token: DRF checks CSRF itself
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes",
        note_body(),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="csrf-key-01",
    )
    assert (response.status_code, response["Content-Type"]) == (403, PROBLEM)
    assert response.json()["code"] == "csrf_failed"
    assert not CaseNote.objects.exists()


def test_it_answers_djangos_own_csrf_check_under_api_with_problem_json(rf):
    from tiaki.web.errors import csrf_failure

    response = csrf_failure(rf.post("/api/v1/anything"), reason="CSRF cookie not set.")
    assert (response.status_code, response["Content-Type"]) == (403, PROBLEM)
    body = json.loads(response.content)
    assert body["code"] == "csrf_failed"
    assert "cookie" not in body["detail"]  # the reason is for developers
