"""Access monitoring: who has seen a record, audit search, the break-glass
review queue. These read the audit trail, which holds ids only; names shown
are staff names, never the names of people on the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.models import BreakGlassGrant
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.models import AuditEvent, AuditSubject
from tiaki.staff.models import User

NOT_ALLOCATED = "not_allocated"
PAGE_SIZE = 50

_ACTION_TEXT = {
    AuditAction.ACCESS_LOG_READ: "Looked at who has seen the record",
    AuditAction.API_TOKEN_ISSUE: "Issued an API token",
    AuditAction.AUDIT_SEARCH: "Searched the audit trail",
    AuditAction.BREAKGLASS_ESCALATE: "Overdue review sent to site manager",
    AuditAction.BREAKGLASS_OPEN: "Used emergency access",
    AuditAction.BREAKGLASS_REVIEW: "Reviewed emergency access",
    AuditAction.EXPORT: "Exported",
    AuditAction.INDUCTION_RECORD: "Recorded privacy induction",
    AuditAction.PERSON_CREATE: "Added a person",
    AuditAction.PERSON_READ: "Opened the record",
    AuditAction.PERSON_SEARCH: "Searched for people",
    AuditAction.PERSON_UPDATE: "Changed the record",
    AuditAction.ROLE_GRANT: "Changed a role",
    AuditAction.SEALED_GRANT: "Sealed a record or granted access to one",
    AuditAction.SEALED_REVOKE: "Withdrew access to a sealed record",
    AuditAction.USER_CREATE: "Added an account",
    AuditAction.USER_UPDATE: "Changed an account",
}

_RELATIONSHIP_TEXT = {
    "allocated-case": "Allocated case",
    "allocated-report": "Allocated report",
    "supervision-line": "Supervises the allocated worker",
    "intake-duty": "Intake duty, report",
    "break-glass": "Emergency access",
    "sealed-grant": "Named grant",
    "list": "Own list",
    "created": "Added the record",
    "merged-into": "Merged into person",
    "search": "Search",
}


def relationship_text(relationship: str) -> str:
    """'allocated-case:12' -> 'Allocated case 12', for people reading the trail."""
    if not relationship:
        return ""
    kind, _, rest = relationship.partition(":")
    label = _RELATIONSHIP_TEXT.get(kind)
    return f"{label} {rest.replace(':', ' ')}".strip() if label else relationship


@dataclass(frozen=True)
class AuditRow:
    seq: int
    occurred_at: dt.datetime
    staff_name: str
    staff_role: str
    action: str
    action_text: str
    outcome: str
    relationship: str
    relationship_text: str
    reason: str
    subject_type: str
    subject_ids: str


def _rows(events: list[AuditEvent]) -> list[AuditRow]:
    staff = User.objects.in_bulk({e.actor_id for e in events if e.actor_id is not None})
    rows = []
    for e in events:
        user = staff.get(e.actor_id) if e.actor_id is not None else None
        rows.append(
            AuditRow(
                seq=e.seq,
                occurred_at=e.occurred_at,
                staff_name=(user.get_full_name() or user.username) if user else "Tiaki (scheduled job)",
                staff_role=e.actor_role,
                action=e.action,
                action_text=_ACTION_TEXT.get(e.action, e.action),  # type: ignore[call-overload]
                outcome=e.outcome,
                relationship=e.relationship,
                relationship_text=relationship_text(e.relationship),
                reason=e.reason,
                subject_type=e.subject_type,
                subject_ids=e.subject_ids.strip("[]").replace(",", ", "),
            )
        )
    return rows


@selector(AuditAction.ACCESS_LOG_READ)
def person_access_log(*, actor: User, person_id: int, limit: int = 200) -> list[AuditRow]:
    """Who has seen (or tried to see) this person's record: for the allocated
    worker and their supervision line only (emergency access is not enough, 403)."""
    decision = scoping.person_decision(actor, person_id)
    if decision.allowed and not decision.is_allocated_or_supervising:
        refuse(actor, NOT_ALLOCATED, action=AuditAction.ACCESS_LOG_READ, subject_type="person", subject_ids=[person_id])
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        event_ids = AuditSubject.objects.filter(subject_type="person", subject_id=person_id).values("event_id")
        events = list(AuditEvent.objects.filter(pk__in=event_ids).order_by("-seq")[:limit])
    return _rows(events)


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
    return AuditPage(_rows(page), page[-1].seq if more and page else None, unknown_staff)


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
