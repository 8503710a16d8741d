"""Sending the notices' emails: the outbox is the pending rows of
tiaki.inbox.models.Notification, sent by the ``inbox.email_send`` job
(tiaki.inbox.jobs) through Django's mail framework.

An email is delayed, never lost: a mail server that cannot be reached, or
refuses, leaves the email pending with one more attempt and a later
``email_next_attempt_at`` (1, 2, 4 ... minutes, at most 30), and it is tried
again then; nothing is ever marked failed.

Each email is claimed before it is sent, in a short transaction that locks
its row (``select_for_update(skip_locked=True)`` on PostgreSQL; SQLite's
IMMEDIATE transactions queue writers instead) and moves its next attempt a
lease ahead, so a second worker running at the same time skips it and no
transaction stays open while the mail server is talked to. Once the server
has taken it, it is marked sent in its own transaction. Delivery is at least
once: a worker killed between the server taking an email and the mark sends
that one email again when the lease runs out.

The email says why and links to the notice's own page; nothing else. The
notice's ``text`` (with record references) is never in it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tiaki.inbox.links import notice_page
from tiaki.inbox.models import Notification

#: How long a claimed email is left alone by other workers while this one
#: sends it; a worker killed mid-send is retried after this.
LEASE = dt.timedelta(minutes=5)
#: The longest wait between two attempts.
MAX_BACK_OFF = dt.timedelta(minutes=30)

PENDING = Notification.EmailStatus.PENDING


@dataclass(frozen=True)
class Outcome:
    sent: int
    waiting: int


def back_off(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, capped at 30."""
    # The exponent is capped too: days of a mail server away must not overflow timedelta.
    return min(dt.timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), MAX_BACK_OFF)


def email_for(notice: Notification) -> EmailMessage:
    """The email of one notice: the reason and the link, nothing more."""
    base = settings.TIAKI_BASE_URL.rstrip("/")
    reason = notice.email_text
    body = (
        f"{reason}\n\n"
        f"Open it in Tiaki (you may be asked to sign in first):\n{base}{notice_page(notice.pk)}\n\n"
        "This email says only why to look: what it is about is in Tiaki.\n"
        f"Choose which notices reach you by email: {base}{reverse('web:inbox-email')}\n"
    )
    return EmailMessage(
        subject=f"Tiaki: {reason.rstrip('.')}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.user.email],
    )


def emails_send(*, now: dt.datetime | None = None) -> Outcome:
    """Send every pending email whose next attempt is due by ``now``, through
    one mail connection; returns how many were sent and how many are still
    waiting (due later, or just deferred because the server failed)."""
    now = now or timezone.now()
    sent = 0
    mail = get_connection(fail_silently=False)
    server_down = False
    try:
        while (notice := _claim(now)) is not None:
            if server_down:
                # The server already failed this run: do not wait on it again for each email.
                _defer(notice, now)
                continue
            try:
                mail.send_messages([email_for(notice)])
            except (smtplib.SMTPException, OSError):
                _defer(notice, now)
                server_down = True
                continue
            _mark_sent(notice)
            sent += 1
    finally:
        # Closing a connection that never opened, or broke, must not lose the count.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            mail.close()
    waiting = Notification.objects.filter(email_status=PENDING).count()
    return Outcome(sent=sent, waiting=waiting)


def _claim(now: dt.datetime) -> Notification | None:
    """The next due email, its row locked while its next attempt moves a
    lease ahead: another worker's claim skips it."""
    with transaction.atomic():
        rows = Notification.objects.filter(email_status=PENDING, email_next_attempt_at__lte=now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        notice = rows.select_related("user").first()
        if notice is None:
            return None
        notice.email_next_attempt_at = now + LEASE
        notice.save(update_fields=["email_next_attempt_at"])
        return notice


def _mark_sent(notice: Notification) -> None:
    with transaction.atomic():
        Notification.objects.filter(pk=notice.pk).update(
            email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now()
        )


def _defer(notice: Notification, now: dt.datetime) -> None:
    """Keep it pending, one attempt more, next tried after the back-off."""
    attempts = notice.email_attempts + 1
    with transaction.atomic():
        Notification.objects.filter(pk=notice.pk, email_status=PENDING).update(
            email_attempts=attempts, email_next_attempt_at=now + back_off(attempts)
        )
