"""Corrections (IPP 7): a request about something Tiaki holds about the
person, corrected as a new note version or answered with a statement of
correction that then travels with the information (the chronology, the
note's page, the chronology export); a request about something Tiaki does
not hold about them is refused, nothing saved, the attempt audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.audit.models import AuditEvent
from tiaki.casework.models import CaseNoteVersion
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.chronology.selectors import chronology_page
from tiaki.disclosure import reasons
from tiaki.disclosure.exports import build_chronology_artefact
from tiaki.disclosure.models import CorrectionRequest
from tiaki.disclosure.selectors.corrections import correction_get, correction_list_for
from tiaki.disclosure.services import corrections

pytestmark = pytest.mark.django_db

STATEMENT = "I was never left alone overnight: my nan was there. The neighbour was wrong."


def _ask(actor, care_leaver, item_key, **changes):
    values = {"what_is_wrong": "It says I was left alone.", "should_say": "My nan was with me.",
              "received_on": timezone.localdate()}  # fmt: skip
    values.update(changes)
    return corrections.correction_request_create(actor=actor, person_id=care_leaver.person.pk, item_key=item_key,
                                                 **values)  # fmt: skip


def test_a_correction_request_about_her_note_is_recorded_with_its_due_date(privacy_officer, care_leaver):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    assert correction.reference.startswith("COR-")
    assert correction.item_label == "Case note (visit): Home visit"
    assert correction.due_on > correction.received_on
    event = AuditEvent.objects.get(action="correction.create", outcome="allowed")
    assert event.relationship == f"correction:{correction.pk}"
    assert event.subject_ids == f"[{care_leaver.person.pk}]"


@pytest.mark.parametrize("key", ["note:999999", "report:0", "placement:abc", "person:1234567", "garden:1", ""])
def test_it_refuses_a_correction_about_information_tiaki_does_not_hold(privacy_officer, care_leaver, key):
    with pytest.raises(corrections.CorrectionError) as refused:
        _ask(privacy_officer, care_leaver, key)
    assert refused.value.reason == reasons.CORRECTION_NOT_HELD
    assert refused.value.message.startswith("Tiaki does not hold that about Manaia Te Rangi")
    assert not CorrectionRequest.objects.exists()
    event = AuditEvent.objects.get(action="correction.create", outcome="refused")
    assert event.reason == reasons.CORRECTION_NOT_HELD
    assert event.subject_ids == f"[{care_leaver.person.pk}]"


def test_it_refuses_a_correction_about_someone_elses_note(privacy_officer, care_leaver, whanau, alice):
    from tiaki.casework import services as casework

    other = casework.note_add(actor=alice, case_id=whanau.case.pk, kind="phone", title="Call",
                              occurred_at=timezone.now() - dt.timedelta(hours=1), text="About Tūī only.")  # fmt: skip
    with pytest.raises(corrections.CorrectionError) as refused:
        _ask(privacy_officer, care_leaver, f"note:{other.pk}")
    assert refused.value.reason == reasons.CORRECTION_NOT_HELD
    assert not CorrectionRequest.objects.exists()


def test_it_refuses_a_correction_with_nothing_said_to_be_wrong(privacy_officer, care_leaver):
    with pytest.raises(corrections.CorrectionError) as refused:
        _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}", what_is_wrong=" ")
    assert refused.value.field == "what_is_wrong"
    assert AuditEvent.objects.filter(action="correction.create", outcome="refused").count() == 1


def test_correcting_her_note_makes_a_new_version_with_who_and_why(privacy_officer, care_leaver):
    note = care_leaver.note
    correction = _ask(privacy_officer, care_leaver, f"note:{note.pk}")
    done = corrections.correction_correct(
        actor=privacy_officer, correction_id=correction.pk, text="Visited Manaia at the Tipene whānau's home.",
        reason="She says she did not say she feels safe; her words were that it was okay.", version=1,
    )  # fmt: skip
    assert done.status == CorrectionRequest.Status.CORRECTED
    assert done.corrected_version == f"note:{note.pk}:v2"
    versions = list(CaseNoteVersion.objects.filter(note=note).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].written_by == privacy_officer
    assert versions[1].reason.startswith(f"Corrected at the person's request ({correction.reference}): ")
    note.refresh_from_db()
    assert note.current_version == 2
    entry = ChronologyEntry.objects.get(kind="note", source_id=note.pk)
    assert entry.title == "Visit: Home visit (corrected)"
    assert AuditEvent.objects.filter(action="note.correct", relationship__startswith=f"correction:{correction.pk}:")
    with pytest.raises(corrections.CorrectionError) as again:
        corrections.correction_correct(actor=privacy_officer, correction_id=correction.pk, text="Again",
                                       reason="Again", version=done.version)  # fmt: skip
    assert again.value.field == "status"


def test_only_a_note_is_corrected_as_a_new_version(privacy_officer, care_leaver):
    correction = _ask(privacy_officer, care_leaver, f"report:{care_leaver.report.pk}")
    with pytest.raises(corrections.CorrectionError) as refused:
        corrections.correction_correct(actor=privacy_officer, correction_id=correction.pk, text="New", reason="Why",
                                       version=1)  # fmt: skip
    assert "attach a statement" in refused.value.message
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.RECEIVED


def test_a_statement_travels_to_her_chronology_her_note_page_and_the_export(privacy_officer, care_leaver, alice):
    correction = _ask(privacy_officer, care_leaver, f"report:{care_leaver.report.pk}")
    done = corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk,
                                                   statement=STATEMENT, version=1)  # fmt: skip
    assert done.status == CorrectionRequest.Status.STATEMENT
    assert done.statement.kind == "report"
    assert done.statement.source_id == care_leaver.report.pk
    page = chronology_page(actor=alice, person_id=care_leaver.person.pk)
    with_statement = [e for e in page.entries if e.statements]
    assert [(e.kind, e.source_id) for e in with_statement] == [("report", care_leaver.report.pk)]
    assert with_statement[0].statements == [STATEMENT]
    artefact = build_chronology_artefact(alice, person_id=care_leaver.person.pk)
    assert any(f"Statement of correction ({timezone.localdate():%-d %B %Y}): {STATEMENT}" in item.text
               for item in artefact.items)  # fmt: skip


def test_a_statement_on_her_note_shows_on_the_note_page(privacy_officer, care_leaver, alice, client):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk, statement=STATEMENT,
                                            version=1)  # fmt: skip
    client.force_login(alice)
    page = client.get(f"/cases/notes/{care_leaver.note.pk}/")
    assert page.status_code == 200
    assert "Statement of correction" in page.content.decode()
    assert "my nan was there" in page.content.decode()


def test_a_statement_is_never_changed_or_removed(privacy_officer, care_leaver):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    done = corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk,
                                                   statement=STATEMENT, version=1)  # fmt: skip
    with pytest.raises(DatabaseError), transaction.atomic():
        CorrectionStatement.objects.filter(pk=done.statement_id).update(text="Something else")
    assert CorrectionStatement.objects.get(pk=done.statement_id).text == STATEMENT


def test_it_refuses_an_empty_statement_saving_nothing(privacy_officer, care_leaver):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    with pytest.raises(corrections.CorrectionError) as refused:
        corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk, statement="",
                                                version=1)  # fmt: skip
    assert refused.value.field == "statement"
    assert not CorrectionStatement.objects.exists()
    assert AuditEvent.objects.filter(action="correction.decide", outcome="refused").count() == 1


def test_the_correction_page_data_says_what_may_be_done(privacy_officer, care_leaver):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    view = correction_get(actor=privacy_officer, correction_id=correction.pk)
    assert view.may == {"correct", "statement"}
    assert view.item is not None
    assert "feels safe" in view.item.text
    assert correction_list_for(actor=privacy_officer, person_id=care_leaver.person.pk) == [correction]
    with pytest.raises(Http404):
        correction_get(actor=privacy_officer, correction_id=777777)
    with pytest.raises(Http404):
        correction_list_for(actor=privacy_officer, person_id=888888)


def test_the_statement_shows_beside_its_entry_on_the_chronology_page_and_api(
    privacy_officer, care_leaver, alice, client
):
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk, statement=STATEMENT,
                                            version=1)  # fmt: skip
    client.force_login(alice)
    html = client.get(f"/people/{care_leaver.person.pk}/chronology/").content.decode()
    entry = html.split(f'id="entry-{ChronologyEntry.objects.get(kind="note").pk}"')[1].split("</li>")[0]
    assert "Statement of correction" in entry
    assert "my nan was there" in entry
    api = client.get(f"/api/v1/persons/{care_leaver.person.pk}/chronology").json()
    assert [e["statements"] for e in api["results"] if e["kind"] == "note"] == [[STATEMENT]]
    assert all(e["statements"] == [] for e in api["results"] if e["kind"] != "note")


def test_a_statement_stays_out_of_a_siblings_chronology_and_off_a_masked_entry(privacy_officer, care_leaver, alice):
    from tiaki.chronology.selectors import Entry, _with_statements

    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk, statement=STATEMENT,
                                            version=1)  # fmt: skip
    note = care_leaver.note
    at = timezone.now()

    def entry(person_id: int, masked: bool = False) -> Entry:
        return Entry(1, person_id, at, "note", "Case note", False, masked, "Visit", "", None, None, note.pk,
                     (person_id,))  # fmt: skip

    hers, sibling, masked = _with_statements([entry(care_leaver.person.pk), entry(999), entry(care_leaver.person.pk,
                                                                                                True)])  # fmt: skip
    assert hers.statements == [STATEMENT]
    assert sibling.statements == []
    assert masked.statements == []


def test_a_statement_cannot_be_deleted_on_postgresql(privacy_officer, care_leaver):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite leaves DELETE to the foreign key (test flushes delete): migration chronology 0004")
    correction = _ask(privacy_officer, care_leaver, f"note:{care_leaver.note.pk}")
    done = corrections.correction_attach_statement(actor=privacy_officer, correction_id=correction.pk,
                                                   statement=STATEMENT, version=1)  # fmt: skip
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as db:
        db.execute("DELETE FROM chronology_correctionstatement WHERE id = %s", [done.statement_id])
    assert CorrectionStatement.objects.filter(pk=done.statement_id).exists()
