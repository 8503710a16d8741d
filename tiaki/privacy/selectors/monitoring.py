"""Access monitoring's reads: the alert queue, one alert with the events
behind it (said as the audit search says them), the watched records.
Privacy officers only (access_alert:triage, monitoring_policy:manage).
Alerts hold ids and numbers only; staff names come from the staff kernel,
people's names only through the register's own selector (audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from tiaki.access import AccessDenied, Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.ids import record_id
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.people.selectors.trail import person_names_for_trail
from tiaki.privacy.models import AccessAlert, MonitoringRule, MonitoringRun, WatchedRecord
from tiaki.privacy.monitoring.describe import alert_describe
from tiaki.privacy.selectors.trail import AuditRow, _names, _rows
from tiaki.privacy.services.monitoring_pass.defaults import rules_ensure
from tiaki.staff.models import User

PAGE_SIZE = 50
#: Events shown behind one alert.
EVENTS_SHOWN = 50
STATUSES = ("open", "triaged", "all")


@dataclass(frozen=True)
class AlertRow:
    id: int
    rule: str
    rule_label: str
    staff_id: int
    staff_name: str
    staff_username: str
    count: int
    threshold: int
    window_start: dt.datetime
    window_end: dt.datetime
    raised_at: dt.datetime
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    incident_id: int | None
    incident_reference: str
    version: int


@dataclass(frozen=True)
class AlertPage:
    rows: list[AlertRow]
    page: int
    pages: int
    total: int
    open_count: int


def _row(alert: AccessAlert, staff: dict[int, User]) -> AlertRow:
    user = staff.get(alert.actor_id)
    return AlertRow(
        id=alert.pk, rule=alert.rule, rule_label=MonitoringRule.Code(alert.rule).label, staff_id=alert.actor_id,
        staff_name=(user.get_full_name() or user.username) if user else f"staff member {alert.actor_id}",
        staff_username=user.username if user else "", count=alert.count, threshold=alert.threshold,
        window_start=alert.window_start, window_end=alert.window_end, raised_at=alert.raised_at,
        status=alert.status, status_label=AccessAlert.Status(alert.status).label, outcome=alert.outcome,
        outcome_label=AccessAlert.Outcome(alert.outcome).label if alert.outcome else "",
        incident_id=alert.incident_id, incident_reference=alert.incident.reference if alert.incident else "",
        version=alert.version,
    )  # fmt: skip


@selector(AuditAction.ACCESS_ALERT_LIST, permission=Permission.ACCESS_ALERT_TRIAGE)
def alert_queue(*, actor: User, status: str = "open", rule: str = "", page: int = 1) -> AlertPage:
    """The alert queue: open alerts first, oldest first; filtered by status
    ("open", "triaged", "all") and rule. One event naming the alerts shown."""
    alerts = AccessAlert.objects.all()
    if status in ("open", "triaged"):
        alerts = alerts.filter(status=status)
    if rule in MonitoringRule.Code.values:
        alerts = alerts.filter(rule=rule)
    total = alerts.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    ordered = alerts.annotate(
        waiting=Case(When(status=AccessAlert.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("waiting", "raised_at", "pk")
    with reading(actor, subject_type="access_alert") as step:
        shown = list(ordered.select_related("incident")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
        step.subject_ids = [alert.pk for alert in shown]
        open_count = AccessAlert.objects.filter(status=AccessAlert.Status.OPEN).count()
    staff = User.objects.in_bulk({alert.actor_id for alert in shown})
    return AlertPage([_row(alert, staff) for alert in shown], page, pages, total, open_count)


@dataclass(frozen=True)
class AlertView:
    alert: AlertRow
    found: str
    detail: dict
    person_ids: list[int]
    events: list[AuditRow]
    events_total: int
    triage_note: str
    triaged_by: str
    triaged_at: dt.datetime | None
    #: The reader may triage it (open, and not about themselves).
    may_triage: bool
    about_reader: bool


@selector(AuditAction.ACCESS_ALERT_READ, permission=Permission.ACCESS_ALERT_TRIAGE)
def alert_get(*, actor: User, alert_id: int) -> AlertView:
    """One alert: what it found in words, and the staff member's events
    behind it (their first EVENTS_SHOWN in its window, as the audit search
    says them)."""
    alert = AccessAlert.objects.select_related("incident", "triaged_by").filter(pk=record_id(alert_id)).first()
    if alert is None:
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.ACCESS_ALERT_READ, subject_type="access_alert")
    with reading(actor, subject_type="access_alert", subject_ids=[alert.pk]):
        behind = AuditEvent.objects.filter(actor_id=alert.actor_id, seq__gte=alert.first_seq, seq__lte=alert.last_seq)
        events = list(behind.order_by("seq")[:EVENTS_SHOWN])
        total = behind.count() if len(events) == EVENTS_SHOWN else len(events)
    staff = User.objects.in_bulk([alert.actor_id])
    rows = _rows(events, _names(actor, events))
    about_reader = alert.actor_id == actor.pk
    return AlertView(
        alert=_row(alert, staff), found=alert_describe(alert), detail=alert.detail,
        person_ids=[int(i) for i in alert.detail.get("person_ids", [])], events=rows, events_total=total,
        triage_note=alert.triage_note,
        triaged_by=(alert.triaged_by.get_full_name() or alert.triaged_by.username) if alert.triaged_by else "",
        triaged_at=alert.triaged_at, may_triage=alert.status == AccessAlert.Status.OPEN and not about_reader,
        about_reader=about_reader,
    )  # fmt: skip


@dataclass(frozen=True)
class WatchedRow:
    id: int
    person_id: int
    person_name: str
    reason: str
    until: dt.date | None
    added_by: str
    added_at: dt.datetime


@selector(AuditAction.PRIVACY_MONITORING_POLICY_UPDATE, permission=Permission.MONITORING_POLICY_MANAGE)
def watched_records(*, actor: User) -> list[WatchedRow]:
    """The records watched now, newest first; names through the register's
    selector (sealed ones stay unnamed: "person 42")."""
    with reading(actor, subject_type="person") as step:
        rows = list(WatchedRecord.objects.filter(removed_at__isnull=True).select_related("added_by")
                    .order_by("-added_at", "-pk"))  # fmt: skip
        step.nothing_done()  # the list of ids is policy data; the names' read is its own event
    try:
        names = person_names_for_trail(actor=actor, person_ids=[row.person_id for row in rows]) if rows else {}
    except AccessDenied:
        names = {}
    return [
        WatchedRow(id=row.pk, person_id=row.person_id, person_name=names.get(row.person_id, f"person {row.person_id}"),
                   reason=row.reason, until=row.until,
                   added_by=row.added_by.get_full_name() or row.added_by.username, added_at=row.added_at)
        for row in rows
    ]  # fmt: skip


def rules_all() -> list[MonitoringRule]:
    """The nine rules in the order MonitoringRule.Code lists them (policy data, no personal data)."""
    order = {code: i for i, code in enumerate(MonitoringRule.Code.values)}
    rules_ensure()
    return sorted(MonitoringRule.objects.select_related("updated_by"), key=lambda rule: order.get(rule.code, 99))


def runs_recent(limit: int = 20) -> list[MonitoringRun]:
    return list(MonitoringRun.objects.order_by("-pk")[:limit])
