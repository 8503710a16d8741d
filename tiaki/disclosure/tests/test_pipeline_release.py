"""The pipeline (services.pipeline.release): what leaves is recorded with a
document id and audited; what the guard blocks is a near miss and nothing
leaves; an override by a second person lets exactly that attempt out, once.

The guard's own rules are the guard part's: these tests stand its ``check``
in with a fixed finding (monkeypatch), except the one end-to-end test."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re

import pytest
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, DisclosureFile, GuardFinding
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.services import pipeline
from tiaki.disclosure.services.pipeline import DisclosureBlocked, DisclosureError, release
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ID = re.compile(r"^D-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


@pytest.fixture
def blocking(monkeypatch, finding):
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    return finding


def test_a_document_id_is_d_and_two_groups_of_four_unambiguous_characters():
    ids = {pipeline.new_document_id() for _ in range(200)}
    assert all(ID.match(i) for i in ids)
    assert len(ids) == 200


def test_a_release_is_recorded_with_its_subjects_file_and_audit_event(
    alice, whanau, letter_about_child, mother_recipient
):
    before = head()
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient,
                  purpose="Tell Aroha about the plan", channel="download")  # fmt: skip
    row = Disclosure.objects.get()
    assert row == out.disclosure
    assert ID.match(row.document_id)
    assert (row.outcome, row.kind, row.channel, row.sender, row.recipient_person) == (
        "released",
        "letter",
        "download",
        alice,
        whanau.mother,
    )
    assert row.recipient_label == "Aroha Pene"
    assert row.purpose == "Tell Aroha about the plan"
    assert row.case_id == whanau.case.pk
    assert row.content_hash == letter_about_child.content_hash()
    assert [s.person_id for s in row.subjects.all()] == [whanau.child.pk]
    assert out.pdf is not None
    assert out.pdf.startswith(b"%PDF")
    assert row.pages == 1
    assert row.file_sha256 == hashlib.sha256(out.pdf).hexdigest()
    assert not row.encrypted
    assert out.password is None
    file = DisclosureFile.objects.get(disclosure=row)
    assert bytes(file.data) == out.pdf
    assert file.filename == f"{row.document_id}.pdf"
    assert file.downloaded_at is None
    [event] = events_since(before)
    assert (event.action, event.outcome, event.actor_id, event.subject_type) == (
        "disclosure.make",
        "allowed",
        alice.pk,
        "person",
    )
    assert event.relationship == f"disclosure:{row.document_id}:letter:person"
    assert json.loads(event.subject_ids) == [whanau.child.pk]


def test_email_and_removable_media_leave_encrypted_and_the_password_is_never_stored(
    alice, whanau, letter_about_child, mother_recipient
):
    for channel in ("email", "removable_media"):
        out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                      channel=channel)  # fmt: skip
        assert out.password
        assert out.disclosure.encrypted
        stored = bytes(DisclosureFile.objects.get(disclosure=out.disclosure).data)
        assert stored == out.pdf
        assert b"/Encrypt" in stored
        row = Disclosure.objects.filter(pk=out.disclosure.pk).values()[0]
        assert out.password not in json.dumps(row, default=str)
        assert not AuditEvent.objects.filter(relationship__contains=out.password).exists()


def test_portal_and_api_disclosures_are_recorded_without_a_file(alice, whanau, letter_about_child, mother_recipient):
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="portal")  # fmt: skip
    assert out.pdf is None
    assert out.disclosure.pages is None
    assert not DisclosureFile.objects.exists()
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="download", render=False)  # fmt: skip
    assert out.pdf is None
    assert not DisclosureFile.objects.exists()


def test_a_letter_to_post_with_no_address_on_record_is_refused_and_audited(
    alice, whanau, letter_about_child, mother_recipient
):
    before = head()
    nowhere = dataclasses.replace(mother_recipient, address_lines="")
    with pytest.raises(DisclosureError) as raised:
        release(actor=alice, artefact=letter_about_child, recipient=nowhere, purpose="Plan", channel="post")
    assert raised.value.field == "recipient"
    assert "no address on record for Aroha Pene" in raised.value.message
    assert not Disclosure.objects.exists()
    [event] = events_since(before)
    assert (event.action, event.outcome, event.reason) == ("disclosure.make", "refused", reasons.NO_ADDRESS)


def test_a_release_without_a_purpose_is_refused_and_audited(alice, whanau, letter_about_child, mother_recipient):
    before = head()
    with pytest.raises(DisclosureError) as raised:
        release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="  ", channel="print")
    assert raised.value.field == "purpose"
    assert not Disclosure.objects.exists()
    assert [(e.action, e.outcome) for e in events_since(before)] == [("disclosure.make", "refused")]


@pytest.mark.parametrize("who", ["trainee", "analyst", "uninducted"])
def test_someone_who_may_not_send_is_refused_before_anything_is_looked_at(
    who, site, whanau, letter_about_child, mother_recipient
):
    from tiaki.access.roles import Role
    from tiaki.access.tests.conftest import inducted

    actor = {
        "trainee": lambda: inducted(UserFactory(role=Role.TRAINEE, site=site)),
        # Not a privacy officer: they send subject access packs (tiaki.access.role_permissions).
        "analyst": lambda: inducted(UserFactory(role=Role.ANALYST, site=site)),
        "uninducted": lambda: UserFactory(role=Role.SOCIAL_WORKER, site=site),
    }[who]()
    before = head()
    with pytest.raises(AccessDenied):
        release(actor=actor, artefact=letter_about_child, recipient=mother_recipient, purpose="", channel="post")
    assert [(e.action, e.outcome, e.actor_id) for e in events_since(before)] == [
        ("disclosure.make", "refused", actor.pk)
    ]
    assert not Disclosure.objects.exists()


# --- Blocked: a near miss --------------------------------------------------------------


def _blocked(actor, artefact, recipient, **kwargs) -> DisclosureBlocked:
    with pytest.raises(DisclosureBlocked) as raised:
        release(actor=actor, artefact=artefact, recipient=recipient, purpose="Tell him about the plan",
                channel="post", **kwargs)  # fmt: skip
    return raised.value


def test_a_blocked_attempt_is_a_near_miss_with_its_findings_and_nothing_leaves(
    alice, whanau, letter_about_child, father_recipient, blocking
):
    before = head()
    blocked = _blocked(alice, letter_about_child, father_recipient)
    row = Disclosure.objects.get()
    assert blocked.disclosure == row
    assert blocked.findings == [blocking]
    assert (row.outcome, row.recipient_person, row.sender) == ("blocked", whanau.father, alice)
    assert ID.match(row.document_id)
    assert row.pages is None
    assert row.file_sha256 == ""
    assert row.content == letter_about_child.as_json()
    assert row.content_hash == letter_about_child.content_hash()
    [found] = GuardFinding.objects.filter(disclosure=row)
    assert (found.rule, found.item_key, found.about_person, found.protected_from, found.overridable) == (
        "protected_address",
        "body",
        whanau.mother,
        whanau.father,
        True,
    )
    assert "Remove Aroha Pene's address" in found.words
    assert [s.person_id for s in row.subjects.all()] == [whanau.child.pk]
    assert not DisclosureFile.objects.exists()
    events = events_since(before)
    assert [(e.action, e.outcome, e.reason) for e in events] == [
        ("disclosure.make", "refused", reasons.DISCLOSURE_BLOCKED),
        ("disclosure.block", "allowed", ""),
    ]
    assert all(e.relationship == f"disclosure:{row.document_id}" for e in events)
    assert all(json.loads(e.subject_ids) == [whanau.child.pk] for e in events)


def _approve(row: Disclosure, by) -> None:
    # The override service is the guard part's; its outcome is these fields.
    Disclosure.objects.filter(pk=row.pk).update(override_by=by, override_reason="Court directed it.",
                                                override_at=timezone.now())  # fmt: skip


def test_an_approved_override_lets_exactly_that_attempt_out_once(
    alice, supervisor, whanau, letter_about_child, father_recipient, blocking
):
    blocked = _blocked(alice, letter_about_child, father_recipient).disclosure
    _approve(blocked, supervisor)
    out = release(actor=alice, artefact=letter_about_child, recipient=father_recipient, purpose="Court order",
                  channel="post", override_of=blocked.pk)  # fmt: skip
    assert out.disclosure.outcome == "released"
    assert out.disclosure.override_of == blocked
    assert out.disclosure.document_id != blocked.document_id
    # Used once: a second release with the same override is blocked again (a new near miss).
    _blocked(alice, letter_about_child, father_recipient, override_of=blocked.pk)
    assert Disclosure.objects.filter(outcome="blocked").count() == 2


def test_an_override_approved_by_the_sender_is_not_honoured(
    alice, whanau, letter_about_child, father_recipient, blocking
):
    blocked = _blocked(alice, letter_about_child, father_recipient).disclosure
    _approve(blocked, alice)
    _blocked(alice, letter_about_child, father_recipient, override_of=blocked.pk)
    assert not Disclosure.objects.filter(outcome="released").exists()


def test_an_unapproved_override_is_not_honoured(alice, whanau, letter_about_child, father_recipient, blocking):
    blocked = _blocked(alice, letter_about_child, father_recipient).disclosure
    _blocked(alice, letter_about_child, father_recipient, override_of=blocked.pk)
    assert not Disclosure.objects.filter(outcome="released").exists()


def test_an_override_is_for_exactly_that_content_recipient_and_sender(
    alice, bob, supervisor, whanau, letter_about_child, father_recipient, mother_recipient, blocking
):
    blocked = _blocked(alice, letter_about_child, father_recipient).disclosure
    _approve(blocked, supervisor)
    changed = dataclasses.replace(letter_about_child, title="Another letter")
    _blocked(alice, changed, father_recipient, override_of=blocked.pk)
    _blocked(bob, letter_about_child, father_recipient, override_of=blocked.pk)
    other = dataclasses.replace(father_recipient, person_id=whanau.caregiver.pk)
    _blocked(alice, letter_about_child, other, override_of=blocked.pk)
    assert not Disclosure.objects.filter(outcome="released").exists()


def test_nobody_may_override_a_finding_that_is_not_overridable(
    monkeypatch, alice, supervisor, whanau, letter_about_child, father_recipient, finding
):
    sealed = dataclasses.replace(finding, rule="sealed", overridable=False)
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [sealed])
    blocked = _blocked(alice, letter_about_child, father_recipient).disclosure
    _approve(blocked, supervisor)
    _blocked(alice, letter_about_child, father_recipient, override_of=blocked.pk)
    assert not Disclosure.objects.filter(outcome="released").exists()


def test_end_to_end_the_guard_stops_the_mothers_address_reaching_the_father(
    alice, whanau, letter_about_child, father_recipient, mother_recipient
):
    blocked = _blocked(alice, letter_about_child, father_recipient)
    assert any(f.rule == "protected_address" for f in blocked.findings)
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="post")  # fmt: skip
    assert out.disclosure.outcome == "released"
