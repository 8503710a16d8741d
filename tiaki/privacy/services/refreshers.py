"""Warning staff before their yearly privacy refresher lapses (the job
``privacy.refreshers``, daily 06:00): a REFRESHER_DUE notice 30 and 7 days
before the day it lapses (REFRESHER_WARN_DAYS) and on that day, once each.

Idempotent: each notice carries a key (``about_id``: the lapse date's
ordinal times 100 plus the days before it), and a key already sent to that
person is never sent again; a run that missed a day sends only the latest
warning that applies (a person 5 days from their lapse is told once, at 7).
A new refresher moves the lapse date, so its warnings are new keys."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tiaki.access.models import REFRESHER_WARN_DAYS
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.privacy.selectors.refreshers import Standing, staff_standings
from tiaki.staff.models import User

#: The stages, latest first: on the day (0), then each warning.
STAGES = (0, *sorted(REFRESHER_WARN_DAYS))


def notice_key(due_on: dt.date, days_before: int) -> int:
    return due_on.toordinal() * 100 + days_before


def _stage(days_left: int) -> int | None:
    """The latest warning that applies ``days_left`` days before the lapse."""
    return next((stage for stage in STAGES if days_left <= stage), None)


def _text(due_on: dt.date, days_left: int) -> str:
    due = f"{due_on.day} {due_on:%B %Y}"
    if days_left <= 0:
        return (
            f"Your yearly privacy refresher was due on {due}, so your access to information about people is "
            "suspended until it is recorded. Ask your manager or the privacy office to book it."
        )
    return (
        f"Your yearly privacy refresher is due by {due} ({days_left} day{'s' if days_left != 1 else ''} from now). "
        "Without it your access to information about people stops that day: ask your manager or the privacy "
        "office to book it."
    )


def refresher_warnings_send(*, today: dt.date | None = None) -> int:
    """Send each due warning not sent before; how many people were told."""
    today = today or timezone.localdate()
    due = []
    for row in staff_standings(today):
        if row.standing not in (Standing.DUE, Standing.LAPSED) or row.due_on is None:
            continue
        days_left = (row.due_on - today).days
        stage = _stage(days_left)
        if stage is not None:
            due.append((row.user_id, row.due_on, days_left, notice_key(row.due_on, stage)))
    if not due:
        return 0
    sent = set(
        Notification.objects.filter(
            kind=Notification.Kind.REFRESHER_DUE, about_id__in={k for *_, k in due}
        ).values_list("user_id", "about_id")
    )
    users = User.objects.in_bulk([user_id for user_id, *_ in due])
    told = 0
    for user_id, due_on, days_left, key in due:
        if (user_id, key) in sent:
            continue
        with transaction.atomic():
            notification_send(
                users=[users[user_id]], kind=Notification.Kind.REFRESHER_DUE, text=_text(due_on, days_left),
                email_text="Your yearly privacy refresher is due soon or has lapsed: sign in to Tiaki to see when.",
                about=Notification.About.NOTHING, about_id=key,
            )  # fmt: skip
        told += 1
    return told
