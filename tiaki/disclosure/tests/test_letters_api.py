"""Letters and templates under /api/v1: the same rules as the pages."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from knox.models import AuthToken

from tiaki.disclosure.tests.world import PROTECTED_STREET

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_templates_api_refuses_an_unknown_field_and_a_stale_version(privacy_officer, appointment_template, alice):
    api = client_for(privacy_officer)
    listed = api.get("/api/v1/letter-templates").json()
    assert "child_first_name" in listed["placeholders"]
    url = f"/api/v1/letter-templates/{appointment_template.pk}"
    body = {"name": "Appointment", "audience": "whanau", "subject": "Hui", "body": "Kia ora $chlid_name",
            "expected_version": 1}  # fmt: skip
    refused = api.put(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("$chlid_name is not a field letters can use.")
    ok = api.put(url, body | {"body": "Kia ora $recipient_name"}, content_type="application/json")
    assert ok.json()["version"] == 2
    assert api.put(url, body | {"body": "Again"}, content_type="application/json").status_code == 409
    made = api.post(
        "/api/v1/letter-templates", body | {"name": "New one", "body": "Hi"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert client_for(alice).get("/api/v1/letter-templates").status_code == 403


def test_write_and_send_letters_through_the_api(letters_whanau):
    w = letters_whanau
    api = client_for(w.worker)
    listed = api.get(f"/api/v1/cases/{w.case.pk}/letters").json()
    assert f"person:{w.father.pk}" in {r["key"] for r in listed["recipients"]}
    made = api.post(f"/api/v1/cases/{w.case.pk}/letters", {"template_id": w.template.pk,
                    "recipient": f"person:{w.father.pk}"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    letter = made.json()
    send = {"expected_version": letter["version"], "subject": letter["subject"],
            "body": letter["body"] + f"\nShe is at {PROTECTED_STREET}.", "channel": "post"}  # fmt: skip
    blocked = api.post(f"/api/v1/letters/{letter['id']}/send", send, content_type="application/json")
    assert blocked.status_code == 422
    assert blocked.json()["code"] == "disclosure_blocked"
    assert blocked.json()["findings"]
    assert blocked.json()["letter"]["status"] == "blocked"
    changed = api.put(f"/api/v1/letters/{letter['id']}", {"expected_version": 2, "subject": "Hui",
                      "body": "Kia ora."}, content_type="application/json")  # fmt: skip
    assert changed.json()["version"] == 3
    sent = api.post(f"/api/v1/letters/{letter['id']}/send", send | {"expected_version": 3, "body": "Kia ora."},
                    content_type="application/json")  # fmt: skip
    assert sent.status_code == 200, sent.json()
    assert base64.b64decode(sent.json()["pdf_base64"]).startswith(b"%PDF")
    assert api.get(f"/api/v1/letters/{letter['id']}").json()["status"] == "sent"
