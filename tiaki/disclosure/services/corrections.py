"""Corrections (Privacy Act 2020, IPP 7): a person asks for something Tiaki
holds about them to be corrected. The privacy officer records the request
(about one item Tiaki holds about them, found as gathering finds it:
tiaki.disclosure.selectors.subject_access.gather.gather_item), then either corrects it, as a new version of a case note
with who and why (the earlier versions stay, as for any note correction),
or attaches the person's statement of correction
(tiaki.chronology.models.CorrectionStatement), which then travels with the
information: the chronology, the note's page, exports and later packs.

A statement is never changed or removed (migration chronology.0004 refuses
it). Bad input is a CorrectionError naming the field: nothing saved, the
attempt audited as refused (a correction about something Tiaki does not
hold about the person: CORRECTION_NOT_HELD)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record, refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import CaseNote, CaseNoteVersion, NoteSubject
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.chronology.services import chronology_retitle
from tiaki.disclosure import reasons
from tiaki.disclosure.models import CorrectionRequest, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.selectors.subject_access.gather import gather_item as gathered_item
from tiaki.disclosure.services.pipeline import ID_ALPHABET
from tiaki.disclosure.subject_access import clock
from tiaki.disclosure.subject_access.gathered import GatheredItem
from tiaki.people.models import Person
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

__all__ = [
    "CorrectionError",
    "StaleCorrection",
    "correction_attach_statement",
    "correction_correct",
    "correction_request_create",
    "gather_item",
    "source_of",
]

MAX_TEXT = 5_000


class CorrectionError(ValueError):
    """The correction cannot be made as asked: nothing was saved and the
    attempt was audited. ``field`` names the input at fault; ``reason`` the
    refusal code it was audited with."""

    def __init__(self, message: str, field: str, reason: str = reasons.SUBJECT_ACCESS_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason


class StaleCorrection(CorrectionError):  # noqa: N818 - reads as what happened
    """Someone else decided the correction since the form was opened: nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "version")


def relationship_of(correction_id: int) -> str:
    return f"correction:{correction_id}"


def source_of(item_key: str) -> tuple[str, int]:
    """(kind, source id) of an item key ("note:12" is ("note", 12)), as a
    statement of correction is attached (the chronology's names)."""
    kind, _, raw = item_key.partition(":")
    number = record_id(raw.split(":", 1)[0]) if raw else NO_RECORD
    return kind, number


def gather_item(person_id: int, item_key: str) -> GatheredItem | None:
    """The item as gathering finds it for the person, or None when Tiaki
    does not hold it about them (gathering's own resolver)."""
    return gathered_item(person_id, item_key)


def _new_reference() -> str:
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"COR-{chars[:4]}-{chars[4:]}"


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CorrectionError(f"Enter {what}.", field)
    if len(value) > MAX_TEXT:
        raise CorrectionError(f"Keep {what} under {MAX_TEXT:,} characters.", field)
    return value


def _refused(actor: User, exc: CorrectionError, action: AuditAction, person_id: int, relationship: str) -> None:
    refusal_record(actor, exc.reason, action=action, subject_type="person",
                   subject_ids=[person_id] if person_id else [], relationship=relationship)  # fmt: skip


@service(AuditAction.CORRECTION_CREATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_request_create(
    *,
    actor: User,
    person_id: int,
    item_key: str,
    what_is_wrong: str,
    should_say: str = "",
    access_request_id: int | None = None,
    received_on: dt.date | None,
    now: dt.datetime | None = None,
) -> CorrectionRequest:
    """Record a request to correct one item Tiaki holds about the person.
    An item Tiaki does not hold about them (someone else's note, a record
    that does not exist) is refused, audited as CORRECTION_NOT_HELD, and
    nothing is saved. Due 20 working days after it was received."""
    person_id = record_id(person_id)
    decision = request_decision(actor, person_id, "correction:new")
    enforce(actor, decision, action=AuditAction.CORRECTION_CREATE, subject_type="person", subject_ids=[])
    if not Person.objects.filter(pk=person_id, merged_into__isnull=True).exists():
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.CORRECTION_CREATE, subject_type="person")
    now = now or timezone.now()
    today = timezone.localdate(now)
    try:
        what_is_wrong = _text(what_is_wrong, "what_is_wrong", "what they say is wrong")
        should_say = _text(should_say, "should_say", "what they say it should say", required=False)
        if received_on is None:
            raise CorrectionError("Enter the date the request was received.", "received_on")
        if received_on > today:
            raise CorrectionError("The date it was received must be today or in the past.", "received_on")
        if received_on < today - dt.timedelta(days=366):
            raise CorrectionError("That date is more than a year ago: check the year.", "received_on")
        if (
            access_request_id is not None
            and not SubjectAccessRequest.objects.filter(pk=record_id(access_request_id), person_id=person_id).exists()
        ):
            raise CorrectionError("Choose one of this person's own access requests, or none.", "access_request")
        item = gather_item(person_id, (item_key or "").strip())
        if item is None:
            name = display_names([person_id]).get(person_id, "this person")
            raise CorrectionError(
                f"Tiaki does not hold that about {name}: choose something from their records "
                "(a note, a report or a placement about them).",
                "item_key",
                reasons.CORRECTION_NOT_HELD,
            )
    except CorrectionError as exc:
        _refused(actor, exc, AuditAction.CORRECTION_CREATE, person_id, "correction:new")
        raise
    label = f"{item.source}: {item.title}" if item.title else item.source
    with writing(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        for _attempt in range(5):  # pragma: no branch - a clash of eight random characters is rare
            try:
                correction = CorrectionRequest.objects.create(
                    reference=_new_reference(), person_id=person_id, access_request_id=access_request_id,
                    item_key=item.key, item_label=label[:300], what_is_wrong=what_is_wrong, should_say=should_say,
                    received_on=received_on, due_on=clock.due_date(received_on), created_by=actor, created_at=now,
                )  # fmt: skip
                break
            except IntegrityError:  # pragma: no cover - the reference was taken
                continue
        step.relationship = relationship_of(correction.pk)
    return correction


def _deciding(actor: User, correction_id: int) -> tuple[CorrectionRequest, scoping.Decision]:
    correction = CorrectionRequest.objects.filter(pk=record_id(correction_id)).first()
    person_id = correction.person_id if correction is not None else NO_RECORD
    relationship = relationship_of(correction.pk) if correction is not None else "correction"
    decision = request_decision(actor, person_id, relationship)
    enforce(actor, decision, action=AuditAction.CORRECTION_DECIDE, subject_type="person", subject_ids=[])
    if correction is None:
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.CORRECTION_DECIDE, subject_type="person")
    return correction, decision


def _check_open(correction: CorrectionRequest, version: int | None) -> None:
    if version is not None and version != correction.version:
        raise StaleCorrection(
            "Someone else changed this correction request since you opened it. Nothing was saved: "
            "look at it again and try again."
        )
    if correction.status != CorrectionRequest.Status.RECEIVED:
        raise CorrectionError(f"This correction request is already decided ({correction.get_status_display()}).",
                              "status")  # fmt: skip


def _note_title(note: CaseNote, title: str) -> str:
    label = CaseNote.Kind(note.kind).label
    return f"{label}: {title}" if title else label


@service(AuditAction.CORRECTION_DECIDE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_correct(
    *, actor: User, correction_id: int, text: str, reason: str, version: int | None, now: dt.datetime | None = None
) -> CorrectionRequest:
    """Correct the case note the request is about: a new version written by
    the actor, with why ("Corrected at the person's request (COR-…): …");
    every earlier version stays and the chronology is re-titled, as any note
    correction (tiaki.casework.services.notes.note_correct). Only a note is
    corrected this way: for anything else attach a statement of correction."""
    correction, decision = _deciding(actor, correction_id)
    relationship = relationship_of(correction.pk)
    now = now or timezone.now()
    try:
        with writing(actor, decision=decision, subject_type="person", subject_ids=[correction.person_id]) as step:
            locked = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
            _check_open(locked, version)
            kind, note_id = source_of(locked.item_key)
            if kind != ChronologyEntry.Kind.NOTE:
                raise CorrectionError(
                    "Only a case note can be corrected as a new version here: attach a statement of correction "
                    "instead.",
                    "text",
                )
            if gather_item(locked.person_id, locked.item_key) is None:
                raise CorrectionError("Tiaki no longer holds that note about them: nothing can be corrected.",
                                      "text", reasons.CORRECTION_NOT_HELD)  # fmt: skip
            text = _text(text, "text", "the corrected note")
            reason = _text(reason, "reason", "why it is being corrected")
            note = CaseNote.objects.select_for_update().get(pk=note_id)
            current = note.versions.get(number=note.current_version)
            if current.text == text:
                raise CorrectionError("Nothing has changed: make the correction, then save.", "text")
            made = CaseNoteVersion.objects.create(
                note=note, number=note.current_version + 1, title=current.title, text=text, written_by=actor,
                written_at=now, reason=f"Corrected at the person's request ({locked.reference}): {reason}",
            )  # fmt: skip
            note.current_version = made.number
            note.save(update_fields=["current_version"])
            chronology_retitle(kind=ChronologyEntry.Kind.NOTE, source_id=note.pk,
                               title=f"{_note_title(note, current.title)} (corrected)", summary=text)  # fmt: skip
            locked.status = CorrectionRequest.Status.CORRECTED
            locked.outcome_note = reason
            locked.decided_by = actor
            locked.decided_at = now
            locked.corrected_version = f"note:{note.pk}:v{made.number}"
            locked.version += 1
            locked.save()
            step.relationship = relationship
            # The note's other subjects see the correction on their own trail too.
            about = sorted(set(NoteSubject.objects.filter(note=note).values_list("person_id", flat=True)))
            step.also(AuditAction.NOTE_CORRECT, subject_type="person", subject_ids=about,
                      relationship=f"{relationship}:note:{note.pk}:v{made.number}")  # fmt: skip
    except StaleCorrection:
        raise
    except CorrectionError as exc:
        _refused(actor, exc, AuditAction.CORRECTION_DECIDE, correction.person_id, relationship)
        raise
    return locked


@service(AuditAction.CORRECTION_DECIDE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_attach_statement(
    *, actor: User, correction_id: int, statement: str, version: int | None, now: dt.datetime | None = None
) -> CorrectionRequest:
    """Attach the person's statement of correction (their words) to the
    item: it is shown beside it wherever it appears, and never changed."""
    correction, decision = _deciding(actor, correction_id)
    relationship = relationship_of(correction.pk)
    now = now or timezone.now()
    try:
        with writing(actor, decision=decision, subject_type="person", subject_ids=[correction.person_id]) as step:
            locked = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
            _check_open(locked, version)
            words = _text(statement, "statement", "the statement of correction, in the person's words")
            if gather_item(locked.person_id, locked.item_key) is None:
                raise CorrectionError("Tiaki no longer holds that about them: there is nothing to attach it to.",
                                      "statement", reasons.CORRECTION_NOT_HELD)  # fmt: skip
            kind, source_id = source_of(locked.item_key)
            attached = CorrectionStatement.objects.create(
                person_id=locked.person_id, kind=kind[:10], source_id=source_id, text=words, recorded_by=actor,
                recorded_at=now,
            )  # fmt: skip
            locked.statement = attached
            locked.status = CorrectionRequest.Status.STATEMENT
            locked.decided_by = actor
            locked.decided_at = now
            locked.version += 1
            locked.save()
            step.relationship = relationship
    except StaleCorrection:
        raise
    except CorrectionError as exc:
        _refused(actor, exc, AuditAction.CORRECTION_DECIDE, correction.person_id, relationship)
        raise
    return locked
