"""The privacy domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.jobs.registry import scheduled
from tiaki.privacy.services.providers import disposal_overdue_notify
from tiaki.privacy.services.refreshers import refresher_warnings_send


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
