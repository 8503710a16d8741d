from __future__ import annotations

from collections.abc import Iterable

from tiaki.inbox.models import Notification
from tiaki.staff.models import User


def notification_send(
    *, users: Iterable[User], text: str, about: str = Notification.About.NOTHING, about_id: int | None = None
) -> int:
    """Tell users something in Tiaki, about a record (``about``, ``about_id``)
    the page links to; callers run it inside their transaction so a notice
    exists exactly when the thing it reports does."""
    about = Notification.About(about)
    rows = [Notification(user=user, text=text, about=about, about_id=about_id) for user in users]
    Notification.objects.bulk_create(rows)
    return len(rows)
