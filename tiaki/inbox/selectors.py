from __future__ import annotations

from dataclasses import dataclass

from tiaki.inbox.models import EmailPreference, Notification
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
    """The actor's own choice for every kind of notice, defaults where they
    have not chosen, in the order the kinds are declared."""
    chosen = dict(EmailPreference.objects.filter(user=actor).values_list("kind", "emailed"))
    return [
        EmailChoice(kind, kind.always_emailed or chosen.get(kind.value, kind.emailed_by_default), kind.always_emailed)
        for kind in Notification.Kind
    ]
