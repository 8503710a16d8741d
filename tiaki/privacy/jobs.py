"""The privacy domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.jobs.registry import scheduled


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
