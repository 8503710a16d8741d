"""The disclosure domain's scheduled job (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.disclosure.services.records import disclosure_files_purge
from tiaki.jobs.registry import scheduled


@scheduled(
    "disclosure.purge_files",
    cron="20 * * * *",
    late_after=dt.timedelta(hours=3),
    description="Delete released files once downloaded, or 24 hours after they were made",
)
def purge_files() -> str:
    """Idempotent: a deleted file is gone, so a second run deletes nothing more."""
    count = disclosure_files_purge()
    return f"Deleted {count} released file{'s' if count != 1 else ''}."
