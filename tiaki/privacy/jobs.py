"""The privacy domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.jobs.registry import scheduled
from tiaki.privacy.services.incidents import commissioner_clock_escalate, near_misses_collect
from tiaki.privacy.services.providers import disposal_overdue_notify
from tiaki.privacy.services.refreshers import refresher_warnings_send


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


@scheduled(
    "privacy.monitor",
    cron="*/15 * * * *",
    late_after=dt.timedelta(minutes=45),
    description="Access monitoring: read the audit trail's new events and raise alerts for the privacy office",
)
def monitor() -> str:
    """Idempotent: a pass starts where the last one stopped, and an alert's
    dedupe key means the same events never raise it twice."""
    from tiaki.privacy.monitoring import monitoring_run

    run = monitoring_run(kind="incremental")
    return _outcome(run.events_scanned, run.alerts_raised)


@scheduled(
    "privacy.monitor_full",
    cron="30 1 * * *",
    late_after=dt.timedelta(hours=6),
    description="Access monitoring's nightly full pass: the whole trail, rebuilding each staff member's usual day",
)
def monitor_full() -> str:
    """Idempotent: alerts already raised are not raised again (dedupe key);
    the daily counts are rebuilt from the trail, not added to."""
    from tiaki.privacy.monitoring import monitoring_run

    run = monitoring_run(kind="full")
    return _outcome(run.events_scanned, run.alerts_raised)


def _outcome(events: int, alerts: int) -> str:
    return f"Read {events} events; raised {alerts} new alert{'s' if alerts != 1 else ''}."


@scheduled(
    "privacy.refreshers",
    cron="0 6 * * *",
    late_after=dt.timedelta(hours=6),
    description="Tell staff 30 and 7 days before their yearly privacy refresher lapses, and on the day",
)
def refreshers() -> str:
    """Idempotent: each warning is sent to each person once
    (tiaki.privacy.services.refreshers.refresher_warnings_send)."""
    count = refresher_warnings_send()
    return f"Told {count} staff member{'s' if count != 1 else ''} about their privacy refresher."


@scheduled(
    "privacy.disposal_overdue",
    cron="30 7 * * *",
    late_after=dt.timedelta(hours=6),
    description="Tell privacy officers when a partner organisation's disposal confirmation is overdue",
)
def disposal_overdue() -> str:
    """Idempotent: once per organisation per overdue date
    (tiaki.privacy.services.providers.disposal_overdue_notify)."""
    count = disposal_overdue_notify()
    return f"Told the privacy office about {count} organisation{'s' if count != 1 else ''} overdue."
