"""The disclosure domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.disclosure.services.records import disclosure_files_purge
from tiaki.disclosure.services.subject_access.requests import access_requests_due_notify
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


@scheduled(
    "disclosure.subject_access_due",
    cron="0 7 * * *",
    late_after=dt.timedelta(hours=6),
    description="Tell privacy officers about subject access requests due within 3 working days or overdue",
)
def subject_access_due() -> str:
    """Idempotent: a request already noticed today (NZ date) is skipped, so
    a retry or a second run the same day sends nothing more
    (tiaki.disclosure.services.subject_access.requests.access_requests_due_notify)."""
    count = access_requests_due_notify()
    return f"Sent notices for {count} subject access request{'s' if count != 1 else ''}."
