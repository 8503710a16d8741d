"""The review under /api/v1: gathered items, redactions, stages, approval
and release, with the issue's bad input as specific problems (422 a
redaction without a reason, 409 approving one's own, 409 the guard
stopping a pack), nothing released, the attempt audited."""

from __future__ import annotations

import pytest
from django.test import Client

from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, Redaction, ReleaseStage
from tiaki.disclosure.tests.conftest_subject_access_review import NOTIFIER

pytestmark = pytest.mark.django_db(transaction=True)

JSON = "application/json"
REASON = "This is about your brother, so it is his to ask for."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reviewer_gathers_withholds_prepares_and_a_second_person_approves_and_releases(
    review_request, privacy_officer, approver, leaver
):
    api = signed_in(privacy_officer)
    base = f"/api/v1/subject-access/{review_request.pk}"
    gathered = api.get(f"{base}/gathered")
    assert gathered.status_code == 200, gathered.content
    items = {i["key"]: i for i in gathered.json()["items"]}
    report = f"report:{leaver.report.pk}"
    assert NOTIFIER in items[report]["notifier_passages"]
    made = api.post(f"{base}/redactions", {"item_key": report, "passage": "Tama was with her.",
                                           "ground": "other_person", "reason": REASON}, content_type=JSON)  # fmt: skip
    assert made.status_code == 201, made.content
    stage = api.post(f"{base}/stages", {"title": "The report", "item_keys": [report]}, content_type=JSON)
    assert stage.status_code == 201, stage.content
    stage_id = stage.json()["id"]
    own = api.post(f"/api/v1/subject-access/stages/{stage_id}/approve", content_type=JSON)
    assert own.status_code == 409
    assert own.json()["code"] == "approve_own"
    approved = signed_in(approver).post(f"/api/v1/subject-access/stages/{stage_id}/approve", content_type=JSON)
    assert approved.status_code == 200, approved.content
    out = api.post(f"/api/v1/subject-access/stages/{stage_id}/release", {"channel": "download"}, content_type=JSON)
    assert out.status_code == 200, out.content
    assert Disclosure.objects.get(pk=out.json()["disclosure_id"]).kind == "subject_access"
    listed = api.get(f"{base}/stages").json()
    assert listed[0]["status"] == "released"
    assert {r["passage"] for r in api.get(f"{base}/redactions").json()} >= {NOTIFIER, "Tama was with her."}


def test_a_stage_with_a_redaction_without_a_reason_is_422_naming_the_items(review_request, privacy_officer, leaver):
    api = signed_in(privacy_officer)
    base = f"/api/v1/subject-access/{review_request.pk}"
    key = f"care:{leaver.episode.pk}"
    assert api.post(f"{base}/redactions", {"item_key": key, "ground": "health", "reason": ""},
                    content_type=JSON).status_code == 201  # fmt: skip
    refused = api.post(f"{base}/stages", {"item_keys": [key]}, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["code"] == "redaction_no_reason"
    assert refused.json()["items"] == ["Time in care: You came into care on 2 March 2015"]
    assert not ReleaseStage.objects.exists()
    assert AuditEvent.objects.filter(reason=reasons.REDACTION_NO_REASON, outcome="refused").exists()


def test_removing_a_notifier_redaction_is_refused(review_request, privacy_officer, leaver):
    api = signed_in(privacy_officer)
    api.post(f"/api/v1/subject-access/{review_request.pk}/stages",
             {"item_keys": [f"report:{leaver.report.pk}"]}, content_type=JSON)  # fmt: skip
    automatic = Redaction.objects.filter(automatic=True).first()
    answer = api.delete(f"/api/v1/subject-access/redactions/{automatic.pk}")
    assert answer.status_code == 400
    assert Redaction.objects.filter(pk=automatic.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_REDACT, outcome="refused").exists()


def test_a_social_worker_is_refused_and_audited(review_request, alice):
    answer = signed_in(alice).get(f"/api/v1/subject-access/{review_request.pk}/gathered")
    assert answer.status_code == 403
    assert AuditEvent.objects.filter(outcome="refused", actor_id=alice.pk).exists()
