"""The person register's scheduled job (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.jobs.registry import scheduled
from tiaki.people.merging import duplicates_scan


@scheduled(
    "people.scan_duplicates",
    cron="30 2 * * *",
    late_after=dt.timedelta(hours=6),
    retry_after=dt.timedelta(minutes=10),
    description="Queue pairs of records that may be one person for a reviewer",
)
def scan_duplicates() -> str:
    """Idempotent: a pair already queued or reviewed is never queued again
    (DuplicateCandidate is unique per pair), so a second run, or one after a
    killed worker stopped it half way, queues only what is still new."""
    count = duplicates_scan()
    return f"Queued {count} new possible duplicate{'s' if count != 1 else ''} for review."
