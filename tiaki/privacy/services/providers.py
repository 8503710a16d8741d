"""Telling the privacy office when a partner organisation's disposal
confirmation is overdue (the job ``privacy.disposal_overdue``, daily 07:30).

Once per organisation per overdue date: each notice carries a key
(``about_id``: the organisation's id times a million plus the overdue
disposal date's ordinal), and a key already sent is not sent again; a
confirmation that covers it moves the organisation's next disposal date, so
a later lapse is a new key. The email says only that one is overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.disclosure.models import PartnerOrganisation
from tiaki.disclosure.selectors.partners import holdings, reference
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.staff.models import User

_KEY = 1_000_000


def notice_key(organisation_id: int, due_on: dt.date) -> int:
    return organisation_id * _KEY + due_on.toordinal()


def disposal_overdue_notify(*, now: dt.datetime | None = None) -> int:
    """Tell every active privacy officer about each organisation whose
    disposal became overdue and was not noticed yet; how many organisations."""
    now = now or timezone.now()
    organisations = list(PartnerOrganisation.objects.filter(shares__isnull=False).distinct().order_by("pk"))
    held = holdings(organisations, now=now)
    overdue = [(o, held[o.pk].next_disposal_due) for o in organisations if held[o.pk].disposal_overdue]
    keys = {notice_key(o.pk, due): (o, due) for o, due in overdue if due is not None}
    if not keys:
        return 0
    sent = set(
        Notification.objects.filter(kind=Notification.Kind.DISPOSAL_OVERDUE, about_id__in=list(keys)).values_list(
            "about_id", flat=True
        )
    )
    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("pk"))
    if not officers:
        return 0
    noticed = 0
    for key, (organisation, due) in sorted(keys.items()):
        if key in sent:
            continue
        with transaction.atomic():
            notification_send(
                users=officers, kind=Notification.Kind.DISPOSAL_OVERDUE,
                text=f"Partner organisation {reference(organisation.pk)}'s disposal confirmation is overdue: "
                f"disposal was due {due.day} {due:%B %Y}. See the providers page.",
                email_text="A partner organisation's disposal confirmation is overdue.",
                about=Notification.About.NOTHING, about_id=key,
            )  # fmt: skip
        noticed += 1
    return noticed
