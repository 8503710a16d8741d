"""A worker's own reports and their queue's size, for the home page
(tiaki.home.panels): references and deadlines, no names.

Like one's own caseload (tiaki.casework.selectors.cases.case_list_for) these
are on every home page, so not audited; a role without report access gets
nothing rather than a refusal. Opening a report is audited by its page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.intake import clocks
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.queue import QUEUE_STAGES, queue_site_ids
from tiaki.staff.models import User

Stage = ReportOfConcern.Stage


@dataclass(frozen=True)
class AwaitingResponse:
    report_id: int
    reference: str
    response_due_at: dt.datetime | None
    remaining: str
    overdue: bool


@dataclass(frozen=True)
class RecordedReport:
    report_id: int
    reference: str
    received_at: dt.datetime
    stage_label: str


@dataclass(frozen=True)
class QueueWaiting:
    #: Open reports at the actor's queue sites with no social worker yet.
    unallocated: int
    #: Of those, decided and needing a social worker.
    to_allocate: int
    #: Of those, past their response deadline.
    overdue: int


@selector(AuditAction.REPORT_READ)
def reports_awaiting_response_for(*, actor: User, now: dt.datetime | None = None) -> list[AwaitingResponse]:
    """Reports allocated to the actor with no first response recorded yet,
    soonest deadline first. Not audited; nothing for a role without report access."""
    decision = scoping.list_decision(actor, Permission.REPORT_READ)
    if not decision.allowed:
        return []
    with reading(actor, decision=decision, subject_type="report") as step:
        step.nothing_done()
        now = now or timezone.now()
        rows = ReportOfConcern.objects.filter(
            allocated_to=actor, stage=Stage.ALLOCATED, status=ReportOfConcern.Status.OPEN
        ).order_by("response_due_at", "received_at", "pk")[:20]
        return [
            AwaitingResponse(
                r.pk,
                r.reference,
                r.response_due_at,
                clocks.humanise(r.response_due_at - now) if r.response_due_at else "",
                r.response_due_at is not None and r.response_due_at < now,
            )
            for r in rows
        ]


@selector(AuditAction.REPORT_READ)
def queue_waiting_for(*, actor: User, now: dt.datetime | None = None) -> QueueWaiting:
    """How many reports wait in the queue the actor holds (tiaki.intake.selectors.queue):
    counts only, not audited; nothing for a role that does not allocate."""
    decision = scoping.list_decision(actor, Permission.REPORT_READ)
    if not decision.allowed or not has_permission(actor, Permission.REPORT_ALLOCATE):
        return QueueWaiting(0, 0, 0)
    with reading(actor, decision=decision, subject_type="report") as step:
        step.nothing_done()
        now = now or timezone.now()
        waiting = ReportOfConcern.objects.filter(
            stage__in=QUEUE_STAGES, status=ReportOfConcern.Status.OPEN, allocated_to__isnull=True,
            site_id__in=queue_site_ids(actor, now=now),
        )  # fmt: skip
        return QueueWaiting(
            waiting.count(),
            waiting.filter(stage=Stage.DECIDED).count(),
            waiting.filter(response_due_at__lt=now).count(),
        )


@selector(AuditAction.REPORT_READ)
def reports_recorded_by_for(*, actor: User, days: int = 14) -> list[RecordedReport]:
    """The reports the actor recorded in the last ``days`` days, newest
    first, with where each has got to. Not audited; nothing for a role
    without report access."""
    decision = scoping.list_decision(actor, Permission.REPORT_READ)
    if not decision.allowed:
        return []
    with reading(actor, decision=decision, subject_type="report") as step:
        step.nothing_done()
        since = timezone.now() - dt.timedelta(days=days)
        rows = ReportOfConcern.objects.filter(recorded_by=actor, received_at__gte=since).order_by(
            "-received_at", "-pk"
        )[:10]
        labels = dict(Stage.choices)
        return [RecordedReport(r.pk, r.reference, r.received_at, labels.get(r.stage, r.stage)) for r in rows]
