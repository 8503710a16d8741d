"""The API shell: token sign-in, the OpenAPI schema and docs, problem details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token_client(role: Role = Role.SOCIAL_WORKER) -> Client:
    user = UserFactory(username=f"client-{role.value}", role=role)
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"]
    assert body["detail"]
    return body


def test_a_token_identifies_the_agency_client():
    response = token_client(Role.PARTNER_WORKER).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "client-partner-worker",
        "role": "partner-worker",
        "role_label": "Partner (NGO) worker",
    }
    assert response["Cache-Control"] == "no-store"


def test_no_token_is_a_401_problem(client):
    assert_problem(client.get("/api/v1/me"), 401, "not_authenticated")


def test_a_wrong_token_is_a_401_problem():
    assert_problem(Client(HTTP_AUTHORIZATION="Token " + "0" * 64).get("/api/v1/me"), 401, "authentication_failed")


def test_a_role_without_the_permission_gets_a_403_problem():
    assert_problem(token_client(Role.ANALYST).get("/api/v1/persons/1"), 403, "permission_missing")


def test_a_missing_person_is_a_404_problem(alice):
    _, token = AuthToken.objects.create(alice)
    assert_problem(Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/persons/987654"), 404, "not_found")


def test_an_unknown_api_address_is_a_404_problem(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_a_wrong_method_is_a_405_problem():
    assert_problem(token_client().delete("/api/v1/me"), 405, "method_not_allowed")


def test_a_person_comes_back_with_the_protected_address_masked_for_a_contact_centre_client(alice, child, case):
    _, token = AuthToken.objects.create(alice)
    sensitive = Client(HTTP_AUTHORIZATION=f"Token {token}").get(f"/api/v1/persons/{child.pk}").json()
    assert sensitive["display_name"] == "Tūī Te Whare"
    assert "Kōwhai Street" in sensitive["addresses"][0]["text"]
    kaimahi = inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=case.site))
    now = timezone.now()
    IntakeDuty.objects.create(
        user=kaimahi, site=case.site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    report = ReportOfConcern.objects.create(reference="R-9", site=case.site, received_at=now)
    ReportPerson.objects.create(report=report, person=child)
    _, token = AuthToken.objects.create(kaimahi)
    masked = Client(HTTP_AUTHORIZATION=f"Token {token}").get(f"/api/v1/persons/{child.pk}").json()
    assert masked["addresses"][0]["masked"] is True
    assert "Kōwhai" not in str(masked)


def test_a_person_out_of_reach_is_a_404_problem(bob, child, case):
    _, token = AuthToken.objects.create(bob)
    assert_problem(Client(HTTP_AUTHORIZATION=f"Token {token}").get(f"/api/v1/persons/{child.pk}"), 404, "not_found")


def test_the_schema_is_openapi_3_and_documents_the_endpoints(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/persons/{person_id}" in schema["paths"]
    assert "/api/v1/me" in schema["paths"]


def test_the_browsable_docs_load_without_inline_script(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
