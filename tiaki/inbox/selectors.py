from __future__ import annotations

from tiaki.inbox.models import Notification
from tiaki.staff.models import User


def notifications_unread(*, actor: User, limit: int = 10) -> list[Notification]:
    """The actor's unread notices: urgent ones first, then newest first."""
    return list(
        Notification.objects.filter(user=actor, read_at__isnull=True).order_by("-urgent", "-created_at", "-pk")[:limit]
    )
