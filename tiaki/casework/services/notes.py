"""Case notes. A note is never edited or deleted in place: a correction is a
new version with who and why, and every earlier version stays (the version
table refuses UPDATE: migration casework.0004)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.ids import NO_RECORD
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import CaseNote, CaseNoteVersion, NoteSubject
from tiaki.casework.services.case_path import case_for_write, child_ids, entered_text
from tiaki.casework.services.errors import CaseworkError, StaleVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add, chronology_retitle
from tiaki.drafts.services import forget as forget_draft
from tiaki.staff.models import User

#: How far back a note may be dated: older events belong in a historical record.
OLDEST_NOTE = dt.timedelta(days=366 * 5)


def _title(note_kind: str, title: str) -> str:
    label = CaseNote.Kind(note_kind).label
    return f"{label}: {title}" if title else label


@service(AuditAction.NOTE_ADD, permission=Permission.CASE_UPDATE)
def note_add(
    *,
    actor: User,
    case_id: int,
    kind: str,
    occurred_at: dt.datetime,
    title: str,
    text: str,
    about_ids: Sequence[int] = (),
    child_seen: bool = False,
    significant: bool = False,
    sensitive: bool = False,
) -> CaseNote:
    """Record a note on an open case the actor works on, dated when the event
    happened (not in the future). It joins the chronology of each child it is
    about (every child on the case if none is named)."""
    if kind not in CaseNote.Kind.values:
        raise CaseworkError("Choose the kind of note.", "kind")
    now = timezone.now()
    if timezone.is_naive(occurred_at):
        raise CaseworkError("Give the date and time it happened.", "occurred_at")
    if occurred_at > now + dt.timedelta(minutes=5):
        raise CaseworkError("The date it happened cannot be in the future.", "occurred_at")
    if occurred_at < now - OLDEST_NOTE:
        raise CaseworkError("That date is more than five years ago: check the year.", "occurred_at")
    title = entered_text(title, "title", "a short title", required=False, limit=200)
    text = entered_text(text, "text", "what happened", limit=100_000)
    if child_seen and kind != CaseNote.Kind.VISIT:
        raise CaseworkError("Only a visit note can record that the child was seen.", "child_seen")
    with case_for_write(actor, case_id) as (case, step):
        children = child_ids(case.pk, shown_to=actor)
        about = list(dict.fromkeys(about_ids)) or children
        if not set(about) <= set(children):
            raise CaseworkError("A note can only be about children on this case.", "about")
        note = CaseNote.objects.create(
            case=case, kind=kind, occurred_at=occurred_at, recorded_at=now, recorded_by=actor,
            child_seen=child_seen, significant=significant, sensitive=sensitive,
        )  # fmt: skip
        CaseNoteVersion.objects.create(note=note, number=1, title=title, text=text, written_by=actor, written_at=now)
        NoteSubject.objects.bulk_create(NoteSubject(note=note, person_id=pid) for pid in about)
        chronology_add(
            person_ids=about, kind=ChronologyEntry.Kind.NOTE, occurred_at=occurred_at, source_id=note.pk,
            case_id=case.pk, title=_title(kind, title), summary=text, significant=significant, sensitive=sensitive,
        )  # fmt: skip
        step.subject_type, step.subject_ids = "person", about
        step.relationship = f"case:{case.pk}:note:{note.pk}"
        # The worker's draft of this form ends with the note it became.
        forget_draft(actor, "casework.note", case.pk)
    return note


@service(AuditAction.NOTE_CORRECT, permission=Permission.CASE_UPDATE)
def note_correct(
    *,
    actor: User,
    note_id: int,
    base_version: int,
    title: str,
    text: str,
    reason: str,
    sensitive: bool | None = None,
) -> CaseNoteVersion:
    """Correct a note: a new version with who and why; the earlier versions
    stay. ``base_version`` is the version the writer saw: if someone else
    corrected it since, nothing is saved (StaleVersion)."""
    title = entered_text(title, "title", "a short title", required=False, limit=200)
    text = entered_text(text, "text", "the corrected note", limit=100_000)
    reason = entered_text(reason, "reason", "why it is being corrected", limit=5_000)
    # A missing note is decided as a missing case (NO_RECORD), like one on a
    # case out of reach.
    case_id = CaseNote.objects.filter(pk=note_id).values_list("case_id", flat=True).first() or NO_RECORD
    with case_for_write(actor, case_id) as (_, step):
        note = CaseNote.objects.select_for_update().get(pk=note_id)
        current = note.versions.get(number=note.current_version)
        if base_version != note.current_version:
            raise StaleVersion(
                f"{current.written_by.get_full_name() or 'Someone'} corrected this note since you opened it. "
                "Nothing was saved: your text is below; compare it with theirs and try again.",
                current=current,
            )
        if current.text == text and current.title == title and (sensitive is None or sensitive == note.sensitive):
            raise CaseworkError("Nothing has changed: make the correction, then save.", "text")
        now = timezone.now()
        version = CaseNoteVersion.objects.create(
            note=note, number=note.current_version + 1, title=title, text=text, written_by=actor, written_at=now,
            reason=reason,
        )  # fmt: skip
        note.current_version = version.number
        fields = ["current_version"]
        if sensitive is not None and sensitive != note.sensitive:
            note.sensitive = sensitive
            fields.append("sensitive")
        note.save(update_fields=fields)
        chronology_retitle(kind=ChronologyEntry.Kind.NOTE, source_id=note.pk,
                           title=f"{_title(note.kind, title)} (corrected)", summary=text,
                           sensitive=note.sensitive)  # fmt: skip
        about = list(NoteSubject.objects.filter(note=note).values_list("person_id", flat=True))
        step.subject_type, step.subject_ids = "person", about
        step.relationship = f"case:{case_id}:note:{note.pk}:v{version.number}"
        forget_draft(actor, "casework.note_correct", note.pk)
    return version
