"""Reading correction requests (Privacy Act 2020, IPP 7): a person's
requests, and one with the item it is about as Tiaki holds it now, its
statement of correction if one is attached, and what may be done next.
A person sealed from the officer: absent from the list, a 404 when opened."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.chronology.models import ChronologyEntry
from tiaki.disclosure.models import CorrectionRequest, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.services.corrections import gather_item, relationship_of, source_of
from tiaki.disclosure.subject_access.gathered import GatheredItem
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User
from tiaki.web.templatetags.tiaki_dates import day as day_words

__all__ = [
    "CorrectionChoices",
    "CorrectionView",
    "correction_choices",
    "correction_get",
    "correction_list_for",
    "held_items",
]


@dataclass
class CorrectionView:
    correction: CorrectionRequest
    person_name: str
    #: The item as Tiaki holds it now (None if it is no longer held).
    item: GatheredItem | None
    statement: str = ""
    decided_by_name: str = ""
    #: "correct" (a note, still received), "statement" (still received).
    may: set[str] = field(default_factory=set)


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_list_for(*, actor: User, person_id: int) -> list[CorrectionRequest]:
    """The person's correction requests, newest first (404 if they are
    sealed from the actor)."""
    person_id = record_id(person_id)
    decision = request_decision(actor, person_id, f"corrections-of:{person_id}")
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        return list(CorrectionRequest.objects.filter(person_id=person_id).order_by("-received_on", "-pk"))


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_get(*, actor: User, correction_id: int) -> CorrectionView:
    """One correction request with its item as held now. Unknown, or its
    person sealed from the actor: 404 (the same queries either way)."""
    correction = (
        CorrectionRequest.objects.select_related("statement", "decided_by", "access_request")
        .filter(pk=record_id(correction_id))
        .first()
    )
    person_id = correction.person_id if correction is not None else NO_RECORD
    decision = request_decision(actor, person_id, relationship_of(correction.pk) if correction else "correction")
    if correction is None and decision.allowed:
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SUBJECT_ACCESS_READ, subject_type="person")
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        assert correction is not None  # refused above
        item = gather_item(correction.person_id, correction.item_key)
        may: set[str] = set()
        if correction.status == CorrectionRequest.Status.RECEIVED and item is not None:
            may.add("statement")
            if source_of(correction.item_key)[0] == ChronologyEntry.Kind.NOTE:
                may.add("correct")
        decided_by = correction.decided_by
        return CorrectionView(
            correction=correction, person_name=display_names([person_id]).get(person_id, "Name not recorded"),
            item=item, statement=correction.statement.text if correction.statement else "",
            decided_by_name=(decided_by.get_full_name() or decided_by.username) if decided_by else "", may=may,
        )  # fmt: skip


@dataclass
class CorrectionChoices:
    request_id: int
    reference: str
    person_id: int
    person_name: str
    #: (item key, label) of what Tiaki holds about the person that a correction can be about.
    items: list[tuple[str, str]]


def held_items(person_id: int) -> list[tuple[str, str]]:
    """What Tiaki holds about the person that a correction may be about, as
    (item key, label), oldest first within each kind: gathering's items when
    it is there, else their notes, reports, care episodes and placements and
    their own details (the kinds the minimal resolver knows)."""
    try:
        gather = importlib.import_module("tiaki.disclosure.selectors.subject_access.gather")
    except ModuleNotFoundError:  # pragma: no cover - until the review part is merged
        gather = None
    if gather is not None:
        collected = gather.collect(person_id)
        return [(i.key, _label(i.source, i.occurred_at, i.title)) for i in collected.items]
    from tiaki.care.models import CareEpisode, Placement
    from tiaki.casework.models import CaseNote, NoteSubject
    from tiaki.intake.models import ReportOfConcern

    items: list[tuple[str, str]] = [(f"person:{person_id}", "Their details on the register")]
    for report in ReportOfConcern.objects.filter(persons__person_id=person_id).order_by("received_at", "pk"):
        items.append((f"report:{report.pk}", _label("Report of concern", report.received_at, report.reference)))
    for episode in CareEpisode.objects.filter(child_id=person_id).order_by("entered_on", "pk"):
        items.append(
            (f"care:{episode.pk}", _label("Entered care", episode.entered_on, episode.get_legal_basis_display()))
        )
    for placement in Placement.objects.filter(child_id=person_id).select_related("household").order_by("started_on"):
        where = placement.household.name if placement.household else placement.provider_name
        items.append((f"placement:{placement.pk}", _label("Placement", placement.started_on, where)))
    note_ids = NoteSubject.objects.filter(person_id=person_id).values_list("note_id", flat=True)
    for note in CaseNote.objects.filter(pk__in=note_ids).order_by("occurred_at", "pk"):
        current = note.versions.filter(number=note.current_version).values_list("title", flat=True).first() or ""
        items.append((f"note:{note.pk}", _label(f"Case note ({note.get_kind_display().lower()})", note.occurred_at,
                                                current)))  # fmt: skip
    return items


def _label(source: str, when: dt.date | dt.datetime | None, title: str) -> str:
    said = day_words(when) if when else ""
    return ", ".join(part for part in (f"{source}: {title}" if title else source, said) if part)


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def correction_choices(*, actor: User, request_id: int) -> CorrectionChoices:
    """For recording a correction from an access request: what Tiaki holds
    about its person. Unknown or sealed: 404."""
    request = SubjectAccessRequest.objects.filter(pk=record_id(request_id)).first()
    person_id = request.person_id if request is not None else NO_RECORD
    decision = request_decision(actor, person_id, f"subject-access:{request.pk}" if request else "subject-access")
    if request is None and decision.allowed:
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SUBJECT_ACCESS_READ, subject_type="person")
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        assert request is not None  # refused above
        return CorrectionChoices(
            request_id=request.pk, reference=request.reference, person_id=person_id,
            person_name=display_names([person_id]).get(person_id, "Name not recorded"), items=held_items(person_id),
        )  # fmt: skip
