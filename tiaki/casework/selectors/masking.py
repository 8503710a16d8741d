"""How a case's notes reach a reader, for every selector that shows them:
SENSITIVE ones masked without the field permission, and who each is about
without the people sealed from the reader (tiaki.access.sealed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from tiaki.access import sealed
from tiaki.casework.models import CaseNote, CaseNoteVersion, NoteSubject
from tiaki.staff.models import User

RESTRICTED = "Restricted information. Ask the allocated worker or their supervisor."


def user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class NoteView:
    id: int
    kind: str
    kind_label: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str
    title: str
    text: str
    version: int
    significant: bool
    sensitive: bool
    masked: bool
    child_seen: bool
    about: tuple[int, ...]


def note_views(notes: QuerySet[CaseNote], may_see_sensitive: bool, reader: User) -> list[NoteView]:
    """The notes as ``reader`` may see them; who each is about leaves out
    anyone sealed from the reader (tiaki.access.sealed), and a note about
    nobody else is left out too."""
    notes = notes.select_related("recorded_by")
    note_list = list(notes)
    current = {(v.note_id, v.number): v for v in CaseNoteVersion.objects.filter(note__in=[n.pk for n in note_list])}
    about: dict[int, list[int]] = {}
    subjects = list(NoteSubject.objects.filter(note__in=[n.pk for n in note_list]).values_list("note_id", "person_id"))
    hidden = sealed.hidden_person_ids(reader, [pid for _, pid in subjects])
    about_hidden: set[int] = set()
    for note_id, person_id in subjects:
        if person_id not in hidden:
            about.setdefault(note_id, []).append(person_id)
        else:
            about_hidden.add(note_id)
    views = []
    for n in note_list:
        if n.pk in about_hidden and n.pk not in about:
            continue  # about nobody but people sealed from the reader: absent with them
        v = current[(n.pk, n.current_version)]
        masked = n.sensitive and not may_see_sensitive
        views.append(NoteView(
            n.pk, n.kind, n.get_kind_display(), n.occurred_at, n.recorded_at, user_name(n.recorded_by),
            "Restricted note" if masked else v.title, RESTRICTED if masked else v.text, n.current_version,
            n.significant, n.sensitive, masked, n.child_seen, tuple(about.get(n.pk, ())),
        ))  # fmt: skip
    return views
