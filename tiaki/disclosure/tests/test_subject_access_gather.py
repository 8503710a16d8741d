"""Gathering everything Tiaki holds about a requester (selectors.subject_access.gather)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tiaki.access import AccessDenied
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.selectors.subject_access.gather import gather, gather_item
from tiaki.disclosure.subject_access.errors import SubjectAccessError
from tiaki.disclosure.tests.conftest_subject_access_review import (
    NOTIFIER,
    NOTIFIER_PHONE,
    make_leaver,
    verified_request,
)

pytestmark = pytest.mark.django_db


def test_it_gathers_something_from_every_domain_with_source_and_date(review_request, privacy_officer, leaver):
    gathered = gather(actor=privacy_officer, request_id=review_request.pk)
    keys = gathered.by_key()
    assert gathered.person_name == "Ana Leaver-Synthetic"
    for prefix in ("person", "contact", "address", "relationship", "report", "case", "note", "plan", "fgc", "order",
                   "document", "email", "care", "placement", "missing", "about_me", "chronology"):  # fmt: skip
        assert any(k.startswith(f"{prefix}:") for k in keys), prefix
    assert all(count > 0 for domain, count in gathered.counts.items() if domain != "disclosure")
    note = keys[f"note:{leaver.notes[0]}"]
    assert note.text == "Ana played with her mother."
    assert [v.number for v in note.versions] == [1, 2]
    assert note.versions[1].reason == "Spelling"
    assert note.statements == ["I was not at home that day."]
    assert note.source.startswith("Case note")
    assert note.occurred_at is not None


def test_it_puts_the_notifier_in_passages_to_withhold(review_request, privacy_officer, leaver):
    report = gather(actor=privacy_officer, request_id=review_request.pk).by_key()[f"report:{leaver.report.pk}"]
    assert NOTIFIER in report.notifier_passages
    assert NOTIFIER_PHONE in report.notifier_passages
    assert all(p in report.text for p in report.notifier_passages)
    assert "Hana Leaver-Synthetic" in report.other_people
    assert report.difficult


def test_it_audits_one_event_about_the_person(review_request, privacy_officer, leaver):
    gather(actor=privacy_officer, request_id=review_request.pk)
    events = AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_GATHER)
    assert events.count() == 1
    event = events.get()
    assert event.subject_type == "person"
    assert json.loads(event.subject_ids) == [leaver.person.pk]
    assert event.relationship == f"subject-access:{review_request.pk}"


def test_it_refuses_before_identity_is_verified_and_audits_it(leaver, privacy_officer):
    request = verified_request(leaver.person, privacy_officer, verified=False)
    with pytest.raises(SubjectAccessError) as raised:
        gather(actor=privacy_officer, request_id=request.pk)
    assert raised.value.code == reasons.IDENTITY_NOT_VERIFIED
    refused = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_GATHER, outcome="refused")
    assert refused.reason == reasons.IDENTITY_NOT_VERIFIED
    assert json.loads(refused.subject_ids) == [leaver.person.pk]


def test_it_refuses_a_social_worker_and_audits_it(review_request, alice):
    with pytest.raises(AccessDenied):
        gather(actor=alice, request_id=review_request.pk)
    assert AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_GATHER, outcome="refused").exists()


def test_it_answers_an_unknown_request_with_404_audited(privacy_officer):
    with pytest.raises(Http404):
        gather(actor=privacy_officer, request_id=999999)
    assert AuditEvent.objects.filter(action=AuditAction.SUBJECT_ACCESS_GATHER, outcome="refused").exists()


def test_it_makes_the_same_number_of_queries_however_many_items(alice, site, privacy_officer):
    small = verified_request(make_leaver(alice, site, notes=1, entries=1, documents=1).person, privacy_officer)
    large = verified_request(make_leaver(alice, site, notes=30, entries=120, documents=25).person, privacy_officer)
    with CaptureQueriesContext(connection) as few:
        small_items = len(gather(actor=privacy_officer, request_id=small.pk).items)
    with CaptureQueriesContext(connection) as many:
        large_items = len(gather(actor=privacy_officer, request_id=large.pk).items)
    assert large_items > small_items + 150
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 60


def test_gather_item_finds_one_item_or_none(leaver, alice, site):
    note = gather_item(leaver.person.pk, f"note:{leaver.notes[0]}")
    assert note is not None
    assert note.statements == ["I was not at home that day."]
    assert gather_item(leaver.person.pk, f"report:{leaver.report.pk}") is not None
    other = make_leaver(alice, site)
    assert gather_item(other.person.pk, f"note:{leaver.notes[0]}") is None
    assert gather_item(leaver.person.pk, "note:999999") is None
    assert gather_item(leaver.person.pk, "nonsense") is None
    assert gather_item(leaver.person.pk, "note:abc") is None


def test_it_follows_records_merged_into_the_person(leaver, alice, site, privacy_officer):
    old = make_leaver(alice, site, notes=1, entries=0, documents=0)
    old.person.merged_into = leaver.person
    old.person.save()
    keys = gather(actor=privacy_officer, request_id=verified_request(leaver.person, privacy_officer).pk).by_key()
    assert f"note:{old.notes[0]}" in keys


def test_it_gathers_the_shared_care_leaver_with_her_notifier_withheld(access_request, privacy_officer, care_leaver):
    from tiaki.disclosure.tests.conftest_subject_access import NOTE_TEXT

    gathered = gather(actor=privacy_officer, request_id=access_request.pk)
    assert gathered.person_name == "Manaia Te Rangi"
    assert any(item.text == NOTE_TEXT for item in gathered.items)
    reports = [item for item in gathered.items if item.key.startswith("report:")]
    assert reports
    assert all(NOTIFIER in item.notifier_passages for item in reports)
    assert any(item.key.startswith("placement:") for item in gathered.items)
