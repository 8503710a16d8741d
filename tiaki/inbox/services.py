from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tiaki.inbox.models import Notification
from tiaki.staff.models import User


def notification_send(
    *,
    users: Iterable[User],
    text: str,
    about: str = Notification.About.NOTHING,
    about_id: int | None = None,
    urgent: bool = False,
) -> int:
    """Tell users something in Tiaki, about a record (``about``, ``about_id``)
    the page links to; callers run it inside their transaction so a notice
    exists exactly when the thing it reports does. ``urgent``: it needs acting
    on now (listed first and flagged; always emailed once notices are)."""
    about = Notification.About(about)
    rows = [Notification(user=user, text=text, about=about, about_id=about_id, urgent=urgent) for user in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notifications_mark_read(*, actor: User, about: str, about_id: int, now: dt.datetime | None = None) -> int:
    """The actor has opened the record their unread notices are about: they
    are read now (the report page's "who saw the alert and when"). Only the
    actor's own notices change; returns how many."""
    return Notification.objects.filter(
        user=actor, about=Notification.About(about), about_id=about_id, read_at__isnull=True
    ).update(read_at=now or timezone.now())
