"""How fast the trail grows, for the metrics (tiaki.web.metrics): counts only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.audit.models import AuditChainHead, AuditEvent

#: The newest events looked at for the recent count: a range of the key, so
#: the count never scans the whole trail (events past this are not counted).
RECENT_WINDOW_ROWS = 200_000


def events_total() -> float:
    """The chain's length, from its head (one row)."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    return float(head or 0)


def events_recent(now: dt.datetime | None = None, *, minutes: int = 5) -> float:
    since = (now or timezone.now()) - dt.timedelta(minutes=minutes)
    last = events_total()
    return float(AuditEvent.objects.filter(seq__gt=last - RECENT_WINDOW_ROWS, occurred_at__gte=since).count())
