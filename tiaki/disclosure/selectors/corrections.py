"""Reading correction requests (Privacy Act 2020, IPP 7): a person's
requests, and one with the item it is about as Tiaki holds it now, its
statement of correction if one is attached, and what may be done next.
A person sealed from the officer: absent from the list, a 404 when opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.chronology.models import ChronologyEntry
from tiaki.disclosure.models import CorrectionRequest, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.selectors.subject_access.gather import collect
from tiaki.disclosure.services.corrections import gather_item, relationship_of, source_of
from tiaki.disclosure.subject_access.gathered import GatheredItem
from tiaki.people.models import Person
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
    # Someone not on the register answers as someone sealed from the actor does: 404.
    if decision.allowed and not Person.objects.filter(pk=person_id).exists():
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SUBJECT_ACCESS_READ, subject_type="person")
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
    (item key, label): gathering's items, in its order (by domain, then date)."""
    return [(i.key, _label(i.source, i.occurred_at, i.title)) for i in collect(person_id).items]


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
