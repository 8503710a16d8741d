"""tiaki.web.errors: plain pages for people, problem details for the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.test import Client

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.staff.tests.factories import UserFactory
from tiaki.web import errors

pytestmark = pytest.mark.django_db


def test_it_turns_djangos_memory_limit_into_413_with_the_limit(rf, settings):
    page = errors.bad_request(rf.post("/people/new/"), RequestDataTooBig("too big"))
    assert page.status_code == 413
    assert "What you sent is too large" in page.content.decode()
    api = errors.bad_request(rf.post("/api/v1/reports"), RequestDataTooBig("too big"))
    assert (api.status_code, api["Content-Type"]) == (413, "application/problem+json")
    body = json.loads(api.content)
    assert (body["code"], body["limit_bytes"]) == ("body_too_large", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def test_it_leaves_other_bad_requests_as_400(rf):
    assert errors.bad_request(rf.get("/x/"), SuspiciousOperation("odd")).status_code == 400


def test_it_shows_a_plain_csrf_page_to_someone_signed_out(db):
    response = Client(enforce_csrf_checks=True).post("/sign-in/", {"username": "a", "password": "b"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert "sign in" in page
    assert "DEBUG" not in page
    assert response["X-Request-ID"] in page  # a reference to quote to support


def test_a_page_outside_the_role_says_which_role_and_whom_to_ask(client, db):
    officer = inducted(UserFactory(username="officer", role=Role.PRIVACY_OFFICER))
    client.force_login(officer)
    refused = client.get("/intake/dashboard/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Your role (Privacy officer) does not include this." in page
    assert "ask your supervisor or an administrator" in page
