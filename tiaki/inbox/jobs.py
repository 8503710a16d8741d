"""The inbox's scheduled job: sending the notices' emails (tiaki.inbox.outbox)."""

from __future__ import annotations

import datetime as dt

from tiaki.inbox.outbox import emails_send
from tiaki.inbox.services import EMAIL_JOB
from tiaki.jobs.registry import scheduled


@scheduled(
    EMAIL_JOB,
    cron="* * * * *",
    late_after=dt.timedelta(minutes=5),
    description="Send the emails of new notices; retry those the mail server did not take",
    # A mail server that fails is not a failed run: the emails wait in the outbox with their own back-off.
    max_attempts=1,
)
def email_send() -> str:
    """Idempotent: an email is marked sent once the mail server takes it and
    is never sent again; a claimed one left unsent (a killed worker) waits
    out its lease and is sent then (at least once, tiaki.inbox.outbox)."""
    outcome = emails_send()
    return f"Sent {outcome.sent} email(s); {outcome.waiting} waiting for the mail server"
