"""Intake's scheduled job (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.intake.services import reports_escalate
from tiaki.jobs.registry import scheduled


@scheduled(
    "intake.escalate",
    cron="*/15 * * * *",
    late_after=dt.timedelta(minutes=30),
    description="Highlight reports nearing their response deadline, then tell their supervisor",
)
def escalate() -> str:
    """Idempotent: a report is raised only to a level above the one it has
    (ReportOfConcern.escalation_level), so a second run, or one after a
    killed worker, highlights and notifies nothing more."""
    highlighted, notified = reports_escalate()
    return f"Highlighted {highlighted} report(s); told supervisors about {notified} report(s)."
