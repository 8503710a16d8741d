"""Exports as PDF: built through the domains' selectors with the actor
(their reads audited as theirs), sent through the pipeline: for the staff
member themselves, or for a named recipient encrypted with a password
shown once; the page and the API."""

from __future__ import annotations

import base64
import io

import pytest
from django.test import Client
from knox.models import AuthToken
from pypdf import PdfReader

from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.care.services.about import about_me_save
from tiaki.disclosure import exports
from tiaki.disclosure.models import Disclosure

pytestmark = pytest.mark.django_db


def test_builders_read_through_the_selectors_as_the_actor(letters_whanau):
    w = letters_whanau
    about_me_save(actor=w.worker, child_id=w.child.pk, expected_version=0,
                  items=[{"topic": "likes", "text": "Kapa haka", "own_words": True, "shareable": True}])  # fmt: skip
    summary = exports.build_case_summary_artefact(w.worker, w.case.pk)
    assert summary.subject_ids == [w.child.pk]
    assert any(i.section == "People" and i.label == "Tūī Te Whare" for i in summary.items)
    about = exports.build_about_me_artefact(w.worker, w.child.pk, w.case.pk)
    assert [i.text for i in about.items] == ["“Kapa haka”"]
    chronology = exports.build_chronology_artefact(w.worker, case_id=w.case.pk)
    assert chronology.subject_ids == [w.child.pk]
    actions = set(AuditEvent.objects.filter(actor_id=w.worker.pk).values_list("action", flat=True))
    assert {AuditAction.CASE_READ, AuditAction.ABOUT_ME_READ, AuditAction.CHRONOLOGY_READ} <= actions
    with pytest.raises(ValueError, match="no plan"):
        exports.build_plan_artefact(w.worker, w.case.pk)


def test_a_worker_exports_the_case_summary_for_themselves(client, letters_whanau):
    w = letters_whanau
    client.force_login(w.worker)
    url = f"/cases/{w.case.pk}/export/case_summary/"
    assert "Export the case summary as PDF" in client.get(url).content.decode()
    assert client.post(url, {"channel": "download", "purpose": ""}).status_code == 400
    done = client.post(url, {"channel": "download", "purpose": "For the review meeting"})
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient_kind == "staff"
    assert disclosure.document_id in done.content.decode()
    pdf = client.post(f"/exports/{disclosure.pk}/pdf/")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert disclosure.document_id in text
    assert client.post(f"/exports/{disclosure.pk}/pdf/").status_code == 404


def test_the_api_exports_to_a_named_recipient_encrypted(letters_whanau, bob):
    w = letters_whanau
    _, token = AuthToken.objects.create(w.worker)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    body = {"kind": "case_summary", "channel": "email", "purpose": "Caregiver hui",
            "recipient": f"household:{w.household.pk}"}  # fmt: skip
    made = api.post(f"/api/v1/cases/{w.case.pk}/exports", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    answer = made.json()
    assert answer["disclosure"]["encrypted"] is True
    reader = PdfReader(io.BytesIO(base64.b64decode(answer["pdf_base64"])))
    assert reader.is_encrypted
    assert reader.decrypt(answer["password"])
    missing = api.post(f"/api/v1/cases/{w.case.pk}/exports", body | {"recipient": ""}, content_type="application/json")
    assert missing.status_code == 400
    _, other = AuthToken.objects.create(bob)
    refused = Client(HTTP_AUTHORIZATION=f"Token {other}").post(f"/api/v1/cases/{w.case.pk}/exports", body,
                                                                content_type="application/json")  # fmt: skip
    assert refused.status_code == 404
