"""Access monitoring: who has seen a record, audit search, the break-glass
review queue. These read the audit trail, which holds ids only, and say
each event in plain words (tiaki.privacy.words). Staff and site names come
from the staff kernel; the names of people on the register only through the
register's own selector (tiaki.people.selectors.trail), audited, with sealed
records left unnamed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tiaki.access import AccessDenied, Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.models import BreakGlassGrant
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.models import AuditEvent, AuditSubject
from tiaki.people.selectors.trail import person_names_for_trail
from tiaki.privacy import words
from tiaki.staff.models import Site, User

NOT_ALLOCATED = "not_allocated"
PAGE_SIZE = 50

#: What a row is, for the reader ("Opened", "Saw in a list"...): words.kind_of.
KIND_LABELS = {"opened": "Opened", "listed": "Saw in a list", "changed": "Changed", "refused": "Refused"}

#: The 403 of "who has seen this record" for everyone else: who can, and how to ask.
SEEN_BY_POINTER = (
    "Only the worker allocated to this person, their supervisors and the privacy office can see who has opened "
    "this record. To ask, contact the privacy officer at your site."
)


@dataclass(frozen=True)
class AuditRow:
    """One event as its reader sees it: a sentence, no codes (tiaki.privacy.words)."""

    seq: int
    occurred_at: dt.datetime
    staff_name: str
    role_label: str
    sentence: str
    #: "opened", "listed", "changed" or "refused"; ``kind_label`` says it.
    kind: str
    kind_label: str
    record_numbers: str
    #: The stored code, for filtering and tests; never shown.
    action: str


def _numbers(subject_type: str, ids: list[int]) -> str:
    if not ids:
        return ""
    if subject_type == "person":
        return f"{'Person' if len(ids) == 1 else 'People'} {', '.join(map(str, ids))}"
    if subject_type == "case":
        return ", ".join(words.case_ref(i).removeprefix("case ") for i in ids)
    return words.subject_text(None, subject_type, ids, words.Names())


def _subject_ids(event: AuditEvent) -> list[int]:
    return [int(i) for i in json.loads(event.subject_ids or "[]")]


def _rows(events: list[AuditEvent], names: words.Names) -> list[AuditRow]:
    wanted = {e.actor_id for e in events if e.actor_id is not None}
    sites: set[int] = set()
    for e in events:
        wanted |= words.staff_ids(e.relationship)
        if e.subject_type == "user":
            wanted |= set(_subject_ids(e))
        sites |= words.site_ids(e.relationship)
    staff = User.objects.in_bulk(wanted)
    names.staff = {pk: user.get_full_name() or user.username for pk, user in staff.items()}
    names.sites = dict(Site.objects.filter(pk__in=sites).values_list("pk", "name"))
    rows = []
    for e in events:
        who = names.staff.get(e.actor_id, words.SYSTEM) if e.actor_id is not None else words.SYSTEM
        ids = _subject_ids(e)
        kind = words.kind_of(e.action, e.relationship, e.outcome)
        rows.append(
            AuditRow(
                seq=e.seq,
                occurred_at=e.occurred_at,
                staff_name=who,
                role_label=words.role_label(e.actor_role),
                sentence=words.sentence(
                    who=who,
                    action=e.action,
                    outcome=e.outcome,
                    reason=e.reason,
                    relationship=e.relationship,
                    subject_type=e.subject_type,
                    ids=ids,
                    names=names,
                ),
                kind=kind,
                kind_label=KIND_LABELS[kind],
                record_numbers=_numbers(e.subject_type, ids),
                action=e.action,
            )
        )
    return rows


@selector(AuditAction.ACCESS_LOG_READ)
def person_access_log(*, actor: User, person_id: int, limit: int = 200) -> list[AuditRow]:
    """Who has seen (or tried to see) this person's record: for the allocated
    worker and their supervision line only (emergency access is not enough,
    nor is a role without ``person:read``: 403 with SEEN_BY_POINTER). The
    person is "this record"; nobody else in an event is named."""
    decision = scoping.person_decision(actor, person_id)
    if decision.allowed and not decision.is_allocated_or_supervising:
        refuse(actor, NOT_ALLOCATED, action=AuditAction.ACCESS_LOG_READ, subject_type="person",
               subject_ids=[person_id], message=SEEN_BY_POINTER)  # fmt: skip
    if decision.reason == scoping.PERMISSION_MISSING:
        refuse(actor, decision.reason, action=AuditAction.ACCESS_LOG_READ, subject_type="person",
               subject_ids=[person_id], message=SEEN_BY_POINTER)  # fmt: skip
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        event_ids = AuditSubject.objects.filter(subject_type="person", subject_id=person_id).values("event_id")
        events = list(AuditEvent.objects.filter(pk__in=event_ids).order_by("-seq")[:limit])
    return _rows(events, words.Names(this_person=person_id))


@dataclass(frozen=True)
class AuditQuery:
    staff_username: str = ""
    person_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str = ""
    action: str = ""
    before_seq: int | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_before_seq: int | None
    unknown_staff: bool
    #: People are shown by number: the register refused their names (no induction).
    names_withheld: bool = False


@selector(AuditAction.AUDIT_SEARCH, permission=Permission.AUDIT_READ)
def audit_search(*, actor: User, query: AuditQuery) -> AuditPage:
    """Search the audit trail (privacy officers). The search itself is audited."""
    events = AuditEvent.objects.all()
    unknown_staff = False
    if query.staff_username:
        staff = User.objects.filter(username=query.staff_username).values_list("pk", flat=True).first()
        unknown_staff = staff is None
        events = events.filter(actor_id=staff if staff is not None else -1)
    if query.person_id is not None:
        events = events.filter(
            pk__in=AuditSubject.objects.filter(subject_type="person", subject_id=query.person_id).values("event_id")
        )
    tz = timezone.get_current_timezone()
    if query.date_from:
        events = events.filter(occurred_at__gte=dt.datetime.combine(query.date_from, dt.time.min, tzinfo=tz))
    if query.date_to:
        events = events.filter(
            occurred_at__lt=dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    if query.outcome:
        events = events.filter(outcome=query.outcome)
    if query.action:
        events = events.filter(Q(action=query.action))
    if query.before_seq is not None:
        events = events.filter(seq__lt=query.before_seq)
    searched = [query.person_id] if query.person_id is not None else []
    with reading(actor, subject_type="person" if searched else "", subject_ids=searched):
        page = list(events.order_by("-seq")[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    names = _names(actor, page)
    rows = _rows(page, names)
    return AuditPage(rows, page[-1].seq if more and page else None, unknown_staff, names.persons is None)


def _names(actor: User, events: list[AuditEvent]) -> words.Names:
    """The people the events are about, named as the register lets the
    actor see them (its own selector, audited: sealed records stay unnamed).
    Refused (no privacy induction recorded), the trail is still shown, by
    person number: the refusal is on the trail, and the page says why."""
    ids: set[int] = set()
    for e in events:
        if e.subject_type == "person":
            ids |= set(_subject_ids(e))
        ids |= words.person_ids(e.relationship)
    if not ids:
        return words.Names(persons={})
    try:
        return words.Names(persons=person_names_for_trail(actor=actor, person_ids=ids))
    except AccessDenied:
        return words.Names(persons=None)


@dataclass(frozen=True)
class BreakGlassItem:
    id: int
    staff_name: str
    staff_site: str
    person_id: int
    reason: str
    granted_at: dt.datetime
    expires_at: dt.datetime
    review_due_on: dt.date
    overdue: bool
    escalated: bool


# The role check is the path's; reading the queue is not itself an event
# (each review is, tiaki.access.services.breakglass_review).
@selector(AuditAction.BREAKGLASS_REVIEW, permission=Permission.BREAKGLASS_REVIEW)
def breakglass_queue(*, actor: User) -> list[BreakGlassItem]:
    """Emergency accesses waiting for review, oldest first."""
    today = timezone.localdate()
    grants = (
        BreakGlassGrant.objects.filter(review=BreakGlassGrant.Review.OPEN)
        .exclude(user=actor)
        .select_related("user", "user__site")
        .order_by("granted_at")
    )
    if actor.role == "site-manager":
        grants = grants.filter(escalated_to=actor)
    return [
        BreakGlassItem(
            id=g.pk,
            staff_name=g.user.get_full_name() or g.user.username,
            staff_site=g.user.site.name if g.user.site else "",
            person_id=g.person_id,
            reason=g.reason,
            granted_at=g.granted_at,
            expires_at=g.expires_at,
            review_due_on=g.review_due_on,
            overdue=g.review_due_on < today,
            escalated=g.escalated_at is not None,
        )
        for g in grants
    ]


__all__ = [
    "AuditPage",
    "AuditQuery",
    "AuditRow",
    "BreakGlassItem",
    "Outcome",
    "audit_search",
    "breakglass_queue",
    "person_access_log",
]
