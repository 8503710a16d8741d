from __future__ import annotations

from dataclasses import dataclass

from tiaki.access.role_permissions import permissions_for
from tiaki.inbox.models import RECEIVED_WITH, EmailPreference, Notification
from tiaki.staff.models import User


def notifications_unread(*, actor: User, limit: int = 10) -> list[Notification]:
    """The actor's unread notices: urgent ones first, then newest first."""
    return list(
        Notification.objects.filter(user=actor, read_at__isnull=True).order_by("-urgent", "-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class EmailChoice:
    kind: Notification.Kind
    emailed: bool
    #: Emailed whatever the person chose (the page shows it checked and disabled).
    always: bool


def email_preferences_for(*, actor: User) -> list[EmailChoice]:
    """The actor's own choice for every kind of notice their role can
    receive, defaults where they have not chosen, in the order the kinds are
    declared."""
    chosen = dict(EmailPreference.objects.filter(user=actor).values_list("kind", "emailed"))
    return [
        EmailChoice(kind, kind.always_emailed or chosen.get(kind.value, kind.emailed_by_default), kind.always_emailed)
        for kind in kinds_received_by(actor)
    ]


def kinds_received_by(user: User) -> list[Notification.Kind]:
    """The kinds of notice ``user``'s role can be sent (RECEIVED_WITH)."""
    held = permissions_for(user.role)
    return [kind for kind in Notification.Kind if RECEIVED_WITH[kind] in held]
