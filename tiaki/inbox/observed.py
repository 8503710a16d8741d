"""The outbox as /healthz and /metrics see it, registered from
InboxConfig.ready(): how many emails wait for the mail server, and a warning
when one has waited long (the mail server is down or refusing Tiaki). Counts
only: nothing about whom the emails are for."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from tiaki.inbox.models import Notification
from tiaki.web.health import register_check
from tiaki.web.metrics import register_gauge

#: An email still unsent this long after its notice is a warning on /healthz.
EMAIL_WAIT_WARNING = dt.timedelta(minutes=30)


def _pending() -> QuerySet[Notification]:
    return Notification.objects.filter(email_status=Notification.EmailStatus.PENDING)


def emails_waiting() -> float:
    return float(_pending().count())


def outbox_problems() -> list[str]:
    waiting = _pending().filter(created_at__lt=timezone.now() - EMAIL_WAIT_WARNING).count()
    if not waiting:
        return []
    minutes = int(EMAIL_WAIT_WARNING.total_seconds() // 60)
    return [
        f"{waiting} email(s) have waited more than {minutes} minutes for the mail server: "
        "check EMAIL_HOST and the mail server (they are kept and retried)."
    ]


def register() -> None:
    register_check("email", outbox_problems, ready=False)
    register_gauge("tiaki_email_outbox_waiting", "Emails waiting to be sent", emails_waiting)
