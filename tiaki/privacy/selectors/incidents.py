"""The breach and near-miss register's reads: the register (privacy
officers), one incident with everything done about it, and a reporter's own
concerns (never anyone else's: 404). Each is audited with the incidents
shown; people are named through the register's own selector for the trail
(sealed records left unnamed), staff from the staff kernel."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied, Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.ids import record_id
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.people.selectors.trail import person_names_for_trail
from tiaki.privacy import harm
from tiaki.privacy.models import IncidentAction, IncidentAuditLink, IncidentNotice, IncidentPerson, PrivacyIncident
from tiaki.privacy.selectors.trail import AuditRow, _names, _rows
from tiaki.staff.models import User

PI = PrivacyIncident
SUBJECT = "privacy_incident"
PAGE_SIZE = 50

__all__ = [
    "ConcernView",
    "IncidentView",
    "RegisterPage",
    "RegisterRow",
    "clock_words",
    "concern_get",
    "concerns_mine",
    "incident_get",
    "incident_register",
]


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def _hours(delta: dt.timedelta) -> str:
    hours = math.floor(delta.total_seconds() / 3600)
    if hours < 1:
        minutes = max(1, math.floor(delta.total_seconds() / 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def clock_words(incident: PrivacyIncident, now: dt.datetime) -> tuple[str, str]:
    """The Commissioner's clock in words, and its state (for the page's
    styling, never alone): "", "running", "soon", "overdue", "told"."""
    if incident.commissioner_notified_at is not None:
        return f"Commissioner told on {_when(incident.commissioner_notified_at)}", "told"
    if not incident.notifiable or incident.commissioner_due_at is None:
        if incident.status == PI.Status.OPEN:
            return "Not assessed yet", ""
        return "Not notifiable", ""
    due = incident.commissioner_due_at
    if due <= now:
        return f"Tell the Commissioner by {_when(due)}: overdue by {_hours(now - due)}", "overdue"
    state = "soon" if due - now <= dt.timedelta(hours=24) else "running"
    return f"Tell the Commissioner by {_when(due)}: {_hours(due - now)} left", state


@dataclass(frozen=True)
class RegisterRow:
    id: int
    reference: str
    kind: str
    kind_label: str
    source: str
    source_label: str
    status: str
    status_label: str
    category_label: str
    site_name: str
    occurred_on: dt.date
    became_aware_at: dt.datetime
    clock_words: str
    clock_state: str
    notifiable: bool | None


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    count: int
    page: int
    pages: int
    #: Notifiable breaches whose Commissioner notice is not recorded (the page's summary).
    clocks_running: int


@selector(AuditAction.PRIVACY_INCIDENT_LIST, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_register(
    *, actor: User, kind: str = "", status: str = "", source: str = "", page: int = 1, now: dt.datetime | None = None
) -> RegisterPage:
    """The register, clocks first: notifiable breaches not yet reported to
    the Commissioner soonest due, then open and assessed incidents newest
    first, then closed ones; filtered by kind, status and source. One page
    of 50, audited with the incidents shown."""
    now = now or timezone.now()
    decision = scoping.list_decision(actor, Permission.PRIVACY_INCIDENT_MANAGE)
    with reading(actor, decision=decision, subject_type=SUBJECT) as step:
        found = PI.objects.all()
        if kind in PI.Kind.values:
            found = found.filter(kind=kind)
        if status in PI.Status.values:
            found = found.filter(status=status)
        if source in PI.Source.values:
            found = found.filter(source=source)
        running = Q(notifiable=True, commissioner_notified_at__isnull=True) & ~Q(status=PI.Status.CLOSED)
        count = found.count()
        pages = max(1, math.ceil(count / PAGE_SIZE))
        page = min(max(1, page), pages)
        ordered = found.annotate(
            band=Case(
                When(running, then=Value(0)),
                When(status=PI.Status.CLOSED, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("band", "commissioner_due_at", "-became_aware_at", "-pk")
        chosen = list(ordered.select_related("site")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
        clocks = PI.objects.filter(running).count()
        rows = []
        for i in chosen:
            words, state = clock_words(i, now)
            rows.append(
                RegisterRow(
                    id=i.pk,
                    reference=i.reference,
                    kind=i.kind,
                    kind_label=i.get_kind_display(),
                    source=i.source,
                    source_label=i.get_source_display(),
                    status=i.status,
                    status_label=i.get_status_display(),
                    category_label=i.get_category_display() if i.category else "Not chosen yet",
                    site_name=i.site.name if i.site else "",
                    occurred_on=i.occurred_on,
                    became_aware_at=i.became_aware_at,
                    clock_words=words,
                    clock_state=state,
                    notifiable=i.notifiable,
                )
            )
        step.subject_ids = [r.id for r in rows]
    return RegisterPage(rows=rows, count=count, page=page, pages=pages, clocks_running=clocks)


@dataclass(frozen=True)
class ActionRow:
    id: int
    description: str
    owner_name: str
    due_on: dt.date
    done: bool
    done_words: str
    overdue: bool


@dataclass(frozen=True)
class NoticeRow:
    person_id: int
    person_name: str
    method_label: str
    notified_on: dt.date | None
    note: str


@dataclass(frozen=True)
class LinkRow:
    seq: int
    note: str
    row: AuditRow | None


@dataclass(frozen=True)
class FactorRow:
    code: str
    words: str
    level: str
    level_label: str
    note: str


@dataclass
class IncidentView:
    incident: PrivacyIncident
    clock_words: str
    clock_state: str
    people: list[tuple[int, str]]
    factors: list[FactorRow]
    actions: list[ActionRow]
    notices: list[NoticeRow]
    links: list[LinkRow]
    reported_by_name: str
    caused_by_name: str
    assessed_by_name: str
    closed_by_name: str
    open_actions: int
    #: Active staff, for an action's owner and who caused it.
    staff: list[tuple[int, str]] = field(default_factory=list)
    guard_words: list[str] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.incident.status == PI.Status.CLOSED


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _person_names(actor: User, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    try:
        return person_names_for_trail(actor=actor, person_ids=ids)
    except AccessDenied:
        return {}


@selector(AuditAction.PRIVACY_INCIDENT_READ, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_get(*, actor: User, incident_id: int, now: dt.datetime | None = None) -> IncidentView:
    """One incident with its assessment, clock, people, actions, notices and
    linked audit events (said as the audit search says them)."""
    now = now or timezone.now()
    action = AuditAction.PRIVACY_INCIDENT_READ
    decision = scoping.list_decision(actor, Permission.PRIVACY_INCIDENT_MANAGE)
    pk = record_id(incident_id)
    if decision.allowed and not PI.objects.filter(pk=pk).exists():
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type=SUBJECT)
    with reading(actor, decision=decision, subject_type=SUBJECT, subject_ids=[pk]) as step:
        incident = PI.objects.select_related("reported_by", "caused_by", "assessed_by", "closed_by", "site",
                                            "disclosure").get(pk=pk)  # fmt: skip
        step.relationship = f"privacy-incident:{pk}"
        person_ids = list(IncidentPerson.objects.filter(incident=incident).values_list("person_id", flat=True))
        notices = list(IncidentNotice.objects.filter(incident=incident).order_by("recorded_at", "pk"))
        actions = list(
            IncidentAction.objects.filter(incident=incident).select_related("owner").order_by("due_on", "pk")
        )
        links = list(IncidentAuditLink.objects.filter(incident=incident).order_by("event_seq"))
        guard_words: list[str] = []
        if incident.disclosure_id:
            guard_words = list(incident.disclosure.findings.values_list("words", flat=True))  # type: ignore[union-attr]
    names = _person_names(actor, sorted(set(person_ids) | {n.person_id for n in notices}))
    events = list(AuditEvent.objects.filter(seq__in=[link.event_seq for link in links]))
    said: dict[int, AuditRow] = {}
    if events:
        said = {row.seq: row for row in _rows(events, _names(actor, events))}
    today = timezone.localdate(now)
    words, state = clock_words(incident, now)
    factors = [
        FactorRow(code=code, words=text, level=(incident.harm_factors.get(code) or {}).get("level", ""),
                  level_label=harm.LEVEL_WORDS.get((incident.harm_factors.get(code) or {}).get("level", ""), ""),
                  note=(incident.harm_factors.get(code) or {}).get("note", ""))
        for code, text in harm.FACTORS
    ]  # fmt: skip
    staff = [(u.pk, _name(u)) for u in User.objects.filter(is_active=True).exclude(role="caregiver")
             .exclude(role="partner-worker").order_by("last_name", "first_name", "username")]  # fmt: skip
    return IncidentView(
        incident=incident, clock_words=words, clock_state=state,
        people=[(p, names.get(p, f"person {p}")) for p in sorted(person_ids)],
        factors=factors,
        actions=[ActionRow(id=a.pk, description=a.description, owner_name=_name(a.owner), due_on=a.due_on,
                           done=a.done_at is not None,
                           done_words=f"Done {timezone.localtime(a.done_at):%-d %B %Y}" if a.done_at else "Not done",
                           overdue=a.done_at is None and a.due_on < today) for a in actions],
        notices=[NoticeRow(person_id=n.person_id, person_name=names.get(n.person_id, f"person {n.person_id}"),
                           method_label=n.get_method_display(), notified_on=n.notified_on, note=n.note)
                 for n in notices],
        links=[LinkRow(seq=link.event_seq, note=link.note, row=said.get(link.event_seq)) for link in links],
        reported_by_name=_name(incident.reported_by) or "Tiaki (arrived by itself)",
        caused_by_name=_name(incident.caused_by), assessed_by_name=_name(incident.assessed_by),
        closed_by_name=_name(incident.closed_by), open_actions=sum(1 for a in actions if a.done_at is None),
        staff=staff, guard_words=guard_words,
    )  # fmt: skip


@dataclass(frozen=True)
class ConcernView:
    id: int
    reference: str
    kind_label: str
    occurred_on: dt.date
    reported_at: dt.datetime
    description: str
    status_label: str
    next_words: str


def _next_words(i: PrivacyIncident) -> str:
    if i.status == PI.Status.CLOSED:
        return "The privacy office has finished dealing with it and closed it."
    if i.status == PI.Status.ASSESSED:
        return "The privacy office has assessed it and is dealing with it."
    return "The privacy office will assess it, usually within one working day, and may contact you."


def _concern(i: PrivacyIncident) -> ConcernView:
    return ConcernView(id=i.pk, reference=i.reference, kind_label=i.get_kind_display(), occurred_on=i.occurred_on,
                       reported_at=i.reported_at, description=i.description, status_label=i.get_status_display(),
                       next_words=_next_words(i))  # fmt: skip


@selector(AuditAction.PRIVACY_INCIDENT_READ, permission=Permission.PRIVACY_CONCERN_REPORT)
def concern_get(*, actor: User, incident_id: int) -> ConcernView:
    """A concern the actor reported, with its status and what happens next
    (anyone else's: 404, audited)."""
    action = AuditAction.PRIVACY_INCIDENT_READ
    pk = record_id(incident_id)
    decision = scoping.gate(actor, Permission.PRIVACY_CONCERN_REPORT, induction=False) or scoping.Decision(True)
    if decision.allowed and not PI.objects.filter(pk=pk, reported_by=actor).exists():
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type=SUBJECT)
    with reading(actor, decision=decision, subject_type=SUBJECT, subject_ids=[pk],
                 relationship=f"privacy-incident:{pk}:reporter") as _step:  # fmt: skip
        found = PI.objects.filter(pk=pk, reported_by=actor).first()
        if found is None:  # pragma: no cover - checked above
            raise Http404
        return _concern(found)


@selector(AuditAction.PRIVACY_INCIDENT_LIST, permission=Permission.PRIVACY_CONCERN_REPORT)
def concerns_mine(*, actor: User, limit: int = 50) -> list[ConcernView]:
    """The concerns the actor reported, newest first."""
    decision = scoping.gate(actor, Permission.PRIVACY_CONCERN_REPORT, induction=False) or scoping.Decision(True)
    with reading(actor, decision=decision, subject_type=SUBJECT, relationship="privacy-incident:reporter") as step:
        rows = [_concern(i) for i in PI.objects.filter(reported_by=actor).order_by("-reported_at", "-pk")[:limit]]
        step.subject_ids = [r.id for r in rows]
    return rows
