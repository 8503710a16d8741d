from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.inbox.models import EmailPreference, Notification
from tiaki.inbox.selectors import kinds_received_by
from tiaki.jobs.queue import run_soon
from tiaki.staff.models import User

#: The job that sends the outbox (tiaki.inbox.jobs).
EMAIL_JOB = "inbox.email_send"

#: Record references as Tiaki spells them (ROC-2026-0000042, C-000042):
#: fine in a notice's text, never in its email.
REFERENCE = re.compile(r"\b(?:ROC|C)-\d")


def notification_send(
    *,
    users: Iterable[User],
    kind: str,
    text: str,
    email_text: str,
    about: str = Notification.About.NOTHING,
    about_id: int | None = None,
    urgent: bool = False,
) -> int:
    """Tell users something in Tiaki, about a record (``about``, ``about_id``)
    the page links to; callers run it inside their transaction so a notice
    exists exactly when the thing it reports does. ``urgent``: it needs acting
    on now (listed first and flagged; always emailed).

    ``text`` is shown inside Tiaki and may name records (ids, references);
    ``email_text`` is the reason an email gives and must not: no reference,
    no name, no birth date (a site's name, a deadline in words and counts
    are fine). Who gets an email: an active user with an address, for a kind
    that is always emailed, an urgent notice, or a kind they chose (or left
    on by default). Their email is pending in the same transaction, and the
    sending job is asked to run once it commits."""
    kind = Notification.Kind(kind)
    about = Notification.About(about)
    email_text = " ".join(email_text.split())
    if not email_text:
        raise ValueError("Every notice needs an email_text: the reason an email gives, without personal data.")
    if REFERENCE.search(email_text):
        raise ValueError("A notice's email_text names no record (no reference): it leaves the agency.")
    people = list(users)
    emailed = _emailed(people, kind, urgent=urgent)
    now = timezone.now()
    rows = [
        Notification(
            user=user, kind=kind, text=text, email_text=email_text, about=about, about_id=about_id, urgent=urgent,
            email_status=Notification.EmailStatus.PENDING if user.pk in emailed else Notification.EmailStatus.NONE,
            email_next_attempt_at=now if user.pk in emailed else None,
        )
        for user in people
    ]  # fmt: skip
    Notification.objects.bulk_create(rows)
    if emailed:
        transaction.on_commit(lambda: run_soon(EMAIL_JOB))
    return len(rows)


def _emailed(users: list[User], kind: Notification.Kind, *, urgent: bool) -> set[int]:
    """The ids of ``users`` this notice is emailed to."""
    reachable = {user.pk for user in users if user.is_active and user.email}
    if urgent or kind.always_emailed or not reachable:
        return reachable
    chosen = dict(EmailPreference.objects.filter(user_id__in=reachable, kind=kind).values_list("user_id", "emailed"))
    return {pk for pk in reachable if chosen.get(pk, kind.emailed_by_default)}


def notifications_mark_read(*, actor: User, about: str, about_id: int, now: dt.datetime | None = None) -> int:
    """The actor has opened the record their unread notices are about: they
    are read now (the report page's "who saw the alert and when"). Only the
    actor's own notices change; returns how many."""
    return Notification.objects.filter(
        user=actor, about=Notification.About(about), about_id=about_id, read_at__isnull=True
    ).update(read_at=now or timezone.now())


def notification_open(*, actor: User, notification_id: int, now: dt.datetime | None = None) -> Notification:
    """The actor follows one of their own notices (an email's link): it is
    read now. Anyone else's notice, or none, is a 404: whether a notice
    exists is nobody else's business."""
    notice = Notification.objects.filter(pk=notification_id, user=actor).first()
    if notice is None:
        raise Http404("No such notice.")
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


@service(AuditAction.EMAIL_PREFERENCES_UPDATE)
def email_preferences_update(*, actor: User, emailed: Iterable[str]) -> set[Notification.Kind]:
    """The actor chooses which kinds of notice reach them by email (their own
    choice only: nobody else's can be named), among the kinds their role can
    receive. Kinds always emailed stay emailed whatever is sent. Returns the
    kinds now emailed."""
    offered = kinds_received_by(actor)
    wanted = set()
    for value in emailed:
        try:
            kind = Notification.Kind(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a kind of notice.") from None
        if kind not in offered:
            raise ValueError(f"{value!r} is not a kind of notice this role is sent.")
        wanted.add(kind)
    with writing(actor, subject_type="user", subject_ids=[actor.pk], relationship="own-account"):
        for kind in offered:
            if kind.always_emailed:
                continue
            EmailPreference.objects.update_or_create(user=actor, kind=kind, defaults={"emailed": kind in wanted})
    return {kind for kind in offered if kind.always_emailed or kind in wanted}
