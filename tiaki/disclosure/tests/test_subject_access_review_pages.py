"""The review workspace and a release stage as pages: what the reviewer
sees, withholding with a reason (an error next to the field, nothing lost),
preparing a stage, approval by a second person only, release through the
pipeline's download page, the guard's findings shown, outsiders refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.disclosure.models import Disclosure, Redaction, ReleaseStage
from tiaki.disclosure.services.subject_access.review import redaction_add, stage_approve, stage_prepare
from tiaki.disclosure.tests.conftest_subject_access_review import NOTIFIER

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "This is about your brother, so it is his to ask for."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_url(request) -> str:
    return reverse("web:subject-access-review", args=[request.pk])


def test_the_workspace_shows_every_domain_and_starts_the_review(review_request, privacy_officer, leaver):
    client = signed_in(privacy_officer)
    page = client.get(review_url(review_request))
    assert page.status_code == 200
    html = page.content.decode()
    for words in ("Your details on our register", "Reports of concern", "Care and placements", "Your chronology"):
        assert words in html
    assert "Start review" in html
    answer = client.post(review_url(review_request), {"action": "start"})
    assert answer.status_code == 302
    assert Redaction.objects.filter(request=review_request, automatic=True, passage=NOTIFIER).exists()
    assert "Always withheld" in client.get(review_url(review_request)).content.decode()


def test_withholding_words_not_in_the_item_is_an_error_next_to_the_field(review_request, privacy_officer, leaver):
    client = signed_in(privacy_officer)
    key = f"report:{leaver.report.pk}"
    answer = client.post(review_url(review_request), {"action": "redact", "item_key": key, "passage": "not there",
                                                      "ground": "other_person", "reason": REASON})  # fmt: skip
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "There is a problem" in html
    assert "Those words are not in this item" in html
    assert "not there" in html  # what they typed is kept
    assert not Redaction.objects.exists()


def test_a_reviewer_withholds_a_passage_and_prepares_a_stage(review_request, privacy_officer, leaver):
    client = signed_in(privacy_officer)
    key = f"report:{leaver.report.pk}"
    answer = client.post(review_url(review_request), {"action": "redact", "item_key": key,
                                                      "passage": "Tama was with her.", "ground": "other_person",
                                                      "reason": REASON})  # fmt: skip
    assert answer.status_code == 302
    answer = client.post(review_url(review_request), {"action": "prepare", "title": "The report", "item_keys": [key]})
    assert answer.status_code == 302
    stage = ReleaseStage.objects.get(request=review_request)
    assert answer["Location"] == reverse("web:subject-access-stage", args=[review_request.pk, stage.number])


def test_preparing_with_a_redaction_without_a_reason_says_which_item(review_request, privacy_officer, leaver):
    key = f"care:{leaver.episode.pk}"
    redaction_add(actor=privacy_officer, request_id=review_request.pk, item_key=key, passage="", ground="health",
                  reason="")  # fmt: skip
    answer = signed_in(privacy_officer).post(review_url(review_request),
                                             {"action": "prepare", "item_keys": [key]})  # fmt: skip
    assert answer.status_code == 400
    assert "Every redaction needs a reason" in answer.content.decode()
    assert not ReleaseStage.objects.exists()


def test_the_reviewer_cannot_approve_and_a_second_person_can(review_request, privacy_officer, approver, leaver):
    stage = stage_prepare(actor=privacy_officer, request_id=review_request.pk, title="Care",
                          item_keys=[f"care:{leaver.episode.pk}"])  # fmt: skip
    url = reverse("web:subject-access-stage", args=[review_request.pk, stage.number])
    own = signed_in(privacy_officer)
    page = own.get(url)
    assert "ask another privacy officer" in page.content.decode()
    refused = own.post(url, {"action": "approve"})
    assert refused.status_code == 400
    assert "A second person approves a release" in refused.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_APPROVE, outcome="refused").exists()
    second = signed_in(approver)
    assert "Approve stage 1" in second.get(url).content.decode()
    assert second.post(url, {"action": "approve"}).status_code == 302
    stage.refresh_from_db()
    assert stage.approved_by == approver


def test_release_leaves_through_the_pipeline_download_page(review_request, privacy_officer, approver, leaver):
    stage = stage_prepare(actor=privacy_officer, request_id=review_request.pk, title="Care",
                          item_keys=[f"care:{leaver.episode.pk}"])  # fmt: skip
    stage_approve(actor=approver, stage_id=stage.pk)
    url = reverse("web:subject-access-stage", args=[review_request.pk, stage.number])
    client = signed_in(privacy_officer)
    assert client.post(url, {"action": "release"}).status_code == 400
    answer = client.post(url, {"action": "release", "channel": "download"})
    assert answer.status_code == 200
    disclosure = Disclosure.objects.get(kind="subject_access", outcome="released")
    assert disclosure.document_id in answer.content.decode()
    stage.refresh_from_db()
    assert stage.status == ReleaseStage.Status.RELEASED


def test_an_outsider_is_refused_the_workspace_and_audited(review_request, alice):
    answer = signed_in(alice).get(review_url(review_request))
    assert answer.status_code in {403, 404}
    assert AuditEvent.objects.filter(outcome="refused", actor_id=alice.pk).exists()
