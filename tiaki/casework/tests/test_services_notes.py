"""Case notes: dated when the event happened, about children on the case,
corrected only by adding a version (the database refuses changing one)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.casework import selectors, services
from tiaki.casework.models import CaseNote, CaseNoteVersion, CaseParticipant, NoteSubject
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.tests.conftest import add_child, add_note, events_since, head
from tiaki.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def test_the_allocated_worker_records_a_visit_note_audited_and_in_the_chronology(alice, child, case):
    before = head()
    note = add_note(alice, case, kind=CaseNote.Kind.VISIT, child_seen=True, title="Home visit",
                    text="Saw Tūī in her room; she showed me her drawings.")  # fmt: skip
    assert (note.child_seen, note.current_version, note.recorded_by) == (True, 1, alice)
    assert list(note.versions.values_list("number", "title")) == [(1, "Home visit")]
    assert list(NoteSubject.objects.filter(note=note).values_list("person_id", flat=True)) == [child.pk]
    [entry] = ChronologyEntry.objects.filter(kind="note", source_id=note.pk)
    assert (entry.person_id, entry.title, entry.occurred_at) == (child.pk, "Visit: Home visit", note.occurred_at)
    [event] = events_since(before, alice)
    assert (event.action, event.outcome, event.subject_ids) == ("note.add", "allowed", f"[{child.pk}]")
    assert event.relationship == f"case:{case.pk}:note:{note.pk}"


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_record_a_note(actor_name, request, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        add_note(actor, case)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("note.add", "refused", "no_relationship")
    ]
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_at": timezone.now() + dt.timedelta(hours=1)}, "occurred_at"),
        ({"occurred_at": dt.datetime(2026, 1, 5, 10, 0)}, "occurred_at"),  # noqa: DTZ001 - naive on purpose
        ({"occurred_at": timezone.now() - dt.timedelta(days=366 * 6)}, "occurred_at"),
        ({"kind": CaseNote.Kind.PHONE, "child_seen": True}, "child_seen"),
        ({"kind": "gossip"}, "kind"),
        ({"text": "   "}, "text"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(alice, case, change, field):
    before = head()
    with pytest.raises(CaseworkError) as failed:
        add_note(alice, case, **change)
    assert failed.value.field == field
    assert not CaseNote.objects.exists()
    assert not ChronologyEntry.objects.filter(kind="note").exists()
    assert events_since(before, alice) == []


def test_a_note_is_only_about_children_on_the_case(alice, child, case, adult):
    CaseParticipant.objects.create(case=case, person=adult, role=CaseParticipant.Role.PARENT)
    with pytest.raises(CaseworkError) as failed:
        add_note(alice, case, about_ids=[adult.pk])
    assert failed.value.field == "about"
    assert not CaseNote.objects.exists()
    rawiri = add_child(case)
    note = add_note(alice, case, about_ids=[rawiri.pk])
    assert list(ChronologyEntry.objects.filter(source_id=note.pk, kind="note").values_list("person_id", flat=True)) == [
        rawiri.pk
    ]
    # With nobody named, the note is about every child on the case.
    both = add_note(alice, case)
    assert set(NoteSubject.objects.filter(note=both).values_list("person_id", flat=True)) == {child.pk, rawiri.pk}


def test_a_correction_is_a_new_version_and_the_first_stays(alice, child, case):
    note = add_note(alice, case, title="Call", text="Spoke to the teacher on Monday.")
    before = head()
    version = services.note_correct(actor=alice, note_id=note.pk, base_version=1, title="Call",
                                    text="Spoke to the teacher on Tuesday.", reason="Wrong day")  # fmt: skip
    assert (version.number, version.reason, version.written_by) == (2, "Wrong day", alice)
    note.refresh_from_db()
    assert note.current_version == 2
    first = CaseNoteVersion.objects.get(note=note, number=1)
    assert (first.text, first.reason) == ("Spoke to the teacher on Monday.", "")
    entry = ChronologyEntry.objects.get(kind="note", source_id=note.pk)
    assert entry.title == "Phone call: Call (corrected)"
    assert entry.summary == "Spoke to the teacher on Tuesday."
    [event] = events_since(before, alice)
    assert (event.action, event.relationship) == ("note.correct", f"case:{case.pk}:note:{note.pk}:v2")
    history = selectors.note_get(actor=alice, note_id=note.pk)
    assert [v.number for v in history.versions] == [2, 1]


def test_a_correction_from_a_stale_version_saves_nothing(alice, supervisor, case):
    note = add_note(alice, case, text="First words.")
    services.note_correct(actor=supervisor, note_id=note.pk, base_version=1, title="", text="Supervisor's words.",
                          reason="Clarified")  # fmt: skip
    with pytest.raises(StaleVersion) as stale:
        services.note_correct(actor=alice, note_id=note.pk, base_version=1, title="", text="Alice's words.",
                              reason="Typo")  # fmt: skip
    assert stale.value.field == "version"
    assert isinstance(stale.value.current, CaseNoteVersion)
    assert stale.value.current.text == "Supervisor's words."
    assert list(note.versions.order_by("number").values_list("text", flat=True)) == [
        "First words.",
        "Supervisor's words.",
    ]


def test_a_correction_that_changes_nothing_is_refused(alice, case):
    note = add_note(alice, case, title="Call", text="Same words.")
    with pytest.raises(CaseworkError, match="Nothing has changed") as failed:
        services.note_correct(actor=alice, note_id=note.pk, base_version=1, title="Call", text="Same words.",
                              reason="Because")  # fmt: skip
    assert failed.value.field == "text"
    with pytest.raises(CaseworkError) as failed:
        services.note_correct(actor=alice, note_id=note.pk, base_version=1, title="Call", text="New", reason=" ")
    assert failed.value.field == "reason"
    assert note.versions.count() == 1


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_correct_a_note(actor_name, request, alice, case):
    note = add_note(alice, case)
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        services.note_correct(actor=actor, note_id=note.pk, base_version=1, title="", text="x", reason="y")
    assert [(e.action, e.outcome) for e in events_since(before, actor)] == [("note.correct", "refused")]
    assert note.versions.count() == 1


def test_the_database_refuses_changing_a_recorded_version(alice, case):
    note = add_note(alice, case, text="What was written.")
    version = note.versions.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseNoteVersion.objects.filter(pk=version.pk).update(text="x")
    version.refresh_from_db()
    assert version.text == "What was written."


def test_a_sensitive_note_is_masked_for_a_reader_without_the_field_permission(alice, bob, child, case):
    from tiaki.access.services import breakglass_open

    note = add_note(alice, case, text="Disclosure made at kura.", sensitive=True)
    assert selectors.note_get(actor=alice, note_id=note.pk).note.text == "Disclosure made at kura."
    breakglass_open(actor=bob, person_id=child.pk, reason="Police at the door asking where Tūī is placed tonight")
    seen = selectors.note_get(actor=bob, note_id=note.pk)
    assert seen.note.masked
    assert "Disclosure" not in seen.note.text
    assert seen.versions == []
    assert not seen.may_record
