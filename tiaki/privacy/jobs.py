"""The privacy domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.jobs.registry import scheduled
from tiaki.privacy.services.incidents import commissioner_clock_escalate, near_misses_collect


@scheduled(
    "privacy.commissioner_clock",
    cron="*/15 * * * *",
    late_after=dt.timedelta(hours=1),
    description="Warn the privacy office when a notifiable breach has 24 hours or less to tell the Commissioner, "
    "and again (with the site manager) when the time has run out",
)
def commissioner_clock() -> str:
    """Idempotent: an incident's escalation level only rises, so a second run tells nobody twice."""
    count = commissioner_clock_escalate()
    return f"Escalated {count} notifiable breach{'es' if count != 1 else ''}."


@scheduled(
    "privacy.near_misses",
    cron="*/5 * * * *",
    late_after=dt.timedelta(minutes=30),
    description="Add disclosures the guard blocked and refused emergency access to the register as near misses",
)
def near_misses() -> str:
    """Idempotent: each blocked disclosure and refused event becomes a near miss once (unique on the register)."""
    count = near_misses_collect()
    return f"Added {count} near miss{'es' if count != 1 else ''} to the privacy register."
