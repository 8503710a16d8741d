"""Reading the chronology: a child's whole history, or a whānau's children
merged, newest first, filtered and paged by keyset.

Need-to-know is decided once per child (scoping.person_decision), not per
entry: every entry about a child the reader may see is theirs to see, and
SENSITIVE entries are masked unless the decision allows SENSITIVE fields
(break-glass never does). Opening a chronology is one audit event per view
naming the children, written in the read's transaction.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tiaki import audit
from tiaki.access import scoping
from tiaki.access.enforcement import enforce
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import ChronologyEntry
from tiaki.people.models import Person, PersonName, Relationship
from tiaki.staff.models import User

Kind = ChronologyEntry.Kind
PAGE_SIZE = 50
#: Most children one whānau chronology merges.
WHANAU_LIMIT = 20
_FIELDS = ("pk", "person_id", "occurred_at", "kind", "significant", "sensitive", "title", "summary", "case_id",
           "report_id", "source_id")  # fmt: skip


class ChronologyInputError(ValueError):
    """A filter or page marker the reader sent cannot be used; the message says why."""


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()
    since: dt.date | None = None
    until: dt.date | None = None
    significant_only: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(Kind.values)
        if unknown:
            raise ChronologyInputError(f"Unknown event type: {', '.join(sorted(unknown))}.")
        if self.since and self.until and self.since > self.until:
            raise ChronologyInputError("The 'from' date is after the 'to' date.")

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.since or self.until or self.significant_only)


@dataclass(frozen=True)
class Entry:
    id: int
    person_id: int
    occurred_at: dt.datetime
    kind: str
    kind_label: str
    significant: bool
    #: True when the title and summary were withheld (SENSITIVE, reader lacks the field permission).
    masked: bool
    title: str
    summary: str
    case_id: int | None
    report_id: int | None
    source_id: int
    #: In a whānau chronology, every child this event is about (an event about two siblings shows once).
    person_ids: tuple[int, ...] = ()


@dataclass
class ChronologyPage:
    person_ids: list[int]
    names: dict[int, str]
    entries: list[Entry]
    filters: Filters
    next_cursor: str | None
    relationships: dict[int, str] = field(default_factory=dict)
    #: Whānau members whose chronology the reader may not open (a count only).
    not_shown: int = 0

    @property
    def via_break_glass(self) -> bool:
        return any(r.startswith("break-glass:") for r in self.relationships.values())


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def encode_cursor(occurred_at: dt.datetime, entry_id: int) -> str:
    # Whole microseconds by integer arithmetic: float seconds lose the last
    # digit for some instants (1974, 2039...), and a cursor one microsecond
    # off makes _rows skip the entries tied with the page's last one.
    micros = (occurred_at - _EPOCH) // _MICROSECOND
    return f"{micros}.{entry_id}"


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        micros, entry_id = cursor.split(".", 1)
        return _EPOCH + dt.timedelta(microseconds=int(micros)), int(entry_id)
    except (ValueError, OverflowError, OSError):
        raise ChronologyInputError("That page marker is not valid: start again from the first page.") from None


def _bounds(filters: Filters) -> Q:
    q = Q()
    if filters.kinds:
        q &= Q(kind__in=sorted(filters.kinds))
    if filters.significant_only:
        q &= Q(significant=True)
    tz = timezone.get_current_timezone()
    if filters.since:
        q &= Q(occurred_at__gte=dt.datetime.combine(filters.since, dt.time.min, tzinfo=tz))
    if filters.until:
        q &= Q(occurred_at__lt=dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return q


def _rows(person_id: int, filters: Filters, cursor: str | None, limit: int) -> QuerySet[ChronologyEntry]:
    """One child's entries newest first: one range scan of chronology_person_time."""
    rows = ChronologyEntry.objects.filter(_bounds(filters), person_id=person_id)
    if cursor:
        at, entry_id = decode_cursor(cursor)
        rows = rows.filter(occurred_at__lte=at).exclude(occurred_at=at, pk__gte=entry_id)
    return rows.order_by("-occurred_at", "-pk")[:limit]


def _entry(row: tuple[Any, ...], may_see_sensitive: bool) -> Entry:
    pk, person_id, occurred_at, kind, significant, sensitive, title, summary, case_id, report_id, source_id = row
    label = Kind(kind).label
    masked = sensitive and not may_see_sensitive
    if masked:
        title, summary = f"{label}: restricted", "Restricted information. Ask the allocated worker or their supervisor."
    return Entry(pk, person_id, occurred_at, kind, label, significant, masked, title, summary, case_id, report_id,
                 source_id, (person_id,))  # fmt: skip


def display_names(person_ids: Iterable[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for person_id, given, family in (
        PersonName.objects.filter(person_id__in=list(person_ids))
        .order_by("person_id", "-is_primary", "pk")
        .values_list("person_id", "given_names", "family_name")
    ):
        names.setdefault(person_id, f"{given} {family}".strip())
    return names


def chronology_page(
    *,
    actor: User,
    person_id: int,
    filters: Filters | None = None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ChronologyPage:
    """One child's chronology as ``actor`` may see it (404 outside their
    reach), one page, with one audit event for the view."""
    filters = filters or Filters()
    decision = scoping.person_decision(actor, person_id)
    enforce(actor, decision, action=AuditAction.CHRONOLOGY_READ, subject_type="person", subject_ids=[person_id])
    with transaction.atomic():
        rows = list(_rows(person_id, filters, cursor, page_size + 1).values_list(*_FIELDS))
        audit.record(actor=actor, action=AuditAction.CHRONOLOGY_READ, subject_type="person",
                     subject_ids=[person_id], relationship=decision.relationship)  # fmt: skip
    entries = [_entry(row, decision.may_see_sensitive) for row in rows[:page_size]]
    next_cursor = encode_cursor(entries[-1].occurred_at, entries[-1].id) if len(rows) > page_size else None
    return ChronologyPage(person_ids=[person_id], names=display_names([person_id]), entries=entries, filters=filters,
                          next_cursor=next_cursor, relationships={person_id: decision.relationship})  # fmt: skip


def whanau_children(person_id: int) -> list[int]:
    """The children of this person's whānau: the person, their siblings, their
    children and their parents' children, leaving out anyone who is a parent
    of another of them (the adults)."""
    rels = Relationship.objects.filter(ended_on__isnull=True)
    parent_kinds = [Relationship.Kind.PARENT, Relationship.Kind.STEP_PARENT]
    sibling_kinds = [Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING]
    parents = set(rels.filter(to_person_id=person_id, kind__in=parent_kinds).values_list("from_person_id", flat=True))
    members = {person_id}
    members.update(rels.filter(from_person_id=person_id, kind__in=sibling_kinds).values_list("to_person_id", flat=True))
    members.update(rels.filter(to_person_id=person_id, kind__in=sibling_kinds).values_list("from_person_id", flat=True))
    members.update(
        rels.filter(from_person_id__in=[person_id, *parents], kind__in=parent_kinds).values_list(
            "to_person_id", flat=True
        )
    )
    adults = set(
        rels.filter(from_person_id__in=members, to_person_id__in=members, kind__in=parent_kinds).values_list(
            "from_person_id", flat=True
        )
    )
    live = set(Person.objects.filter(pk__in=members - adults, merged_into__isnull=True).values_list("pk", flat=True))
    ordered = sorted(live - {person_id})
    return ([person_id] if person_id in live else []) + ordered[: WHANAU_LIMIT - 1]


def whanau_chronology_page(
    *,
    actor: User,
    person_id: int,
    filters: Filters | None = None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ChronologyPage:
    """The chronologies of the children of ``person_id``'s whānau merged into
    one, newest first. The starting person must be within reach (else 404);
    other children appear only if the reader may open each of theirs, and
    the page says how many are not shown. One audit event names them all."""
    filters = filters or Filters()
    decision = scoping.person_decision(actor, person_id)
    enforce(actor, decision, action=AuditAction.CHRONOLOGY_READ, subject_type="person", subject_ids=[person_id])
    decisions: dict[int, scoping.Decision] = {}
    candidates = whanau_children(person_id) or [person_id]
    for child_id in candidates:
        child_decision = decision if child_id == person_id else scoping.person_decision(actor, child_id)
        if child_decision.allowed:
            decisions[child_id] = child_decision
    children = list(decisions)
    with transaction.atomic():
        streams = [
            [_entry(row, decisions[child_id].may_see_sensitive)
             for row in _rows(child_id, filters, cursor, page_size + 1).values_list(*_FIELDS)]
            for child_id in children
        ]  # fmt: skip
        audit.record(actor=actor, action=AuditAction.CHRONOLOGY_READ, subject_type="person", subject_ids=children,
                     relationship=f"whanau-of:{person_id}:{decision.relationship}")  # fmt: skip
    merged = list(heapq.merge(*streams, key=lambda e: (e.occurred_at, e.id), reverse=True))
    page = merged[:page_size]
    next_cursor = encode_cursor(page[-1].occurred_at, page[-1].id) if len(merged) > page_size else None
    return ChronologyPage(
        person_ids=children, names=display_names(children), entries=_fold(page), filters=filters,
        next_cursor=next_cursor, relationships={pid: d.relationship for pid, d in decisions.items()},
        not_shown=len(candidates) - len(children),
    )  # fmt: skip


def _fold(entries: list[Entry]) -> list[Entry]:
    """One row per event: an event recorded about several siblings lists them all."""
    seen: dict[tuple[str, int, dt.datetime], int] = {}
    folded: list[Entry] = []
    for entry in entries:
        key = (entry.kind, entry.source_id, entry.occurred_at)
        if key in seen:
            index = seen[key]
            first = folded[index]
            folded[index] = Entry(**{**first.__dict__, "person_ids": (*first.person_ids, entry.person_id)})
            continue
        seen[key] = len(folded)
        folded.append(entry)
    return folded
