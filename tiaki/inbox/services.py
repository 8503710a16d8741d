from __future__ import annotations

from collections.abc import Iterable

from tiaki.inbox.models import Notification
from tiaki.staff.models import User


def notification_send(*, users: Iterable[User], text: str, link: str = "") -> int:
    """Tell users something in Tiaki; callers run it inside their transaction
    so a notice exists exactly when the thing it reports does."""
    rows = [Notification(user=user, text=text, link=link) for user in users]
    Notification.objects.bulk_create(rows)
    return len(rows)
