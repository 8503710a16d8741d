"""Response timeframes and the clocks on a report (DESIGN.md "Time").

Deadlines are computed from receipt, in hours or in NZ working days as the
policy row says (tiaki.timeframes.working_days). Store UTC; show Pacific/Auckland.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tiaki.intake.models import ResponseTimeframe
from tiaki.timeframes.working_days import add_working_days


def due_at(received_at: dt.datetime, timeframe: ResponseTimeframe) -> dt.datetime:
    if timeframe.hours is not None:
        return received_at + dt.timedelta(hours=timeframe.hours)
    assert timeframe.working_days is not None
    local = timezone.localtime(received_at)
    day = add_working_days(local.date(), timeframe.working_days)
    # The end of that working day, local time.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


@dataclass(frozen=True)
class Clock:
    """How long since receipt, until the deadline, and whether it was met."""

    received_at: dt.datetime
    decided_at: dt.datetime | None
    due_at: dt.datetime | None
    responded_at: dt.datetime | None
    now: dt.datetime

    @property
    def to_decision(self) -> dt.timedelta:
        return (self.decided_at or self.now) - self.received_at

    @property
    def to_response(self) -> dt.timedelta:
        return (self.responded_at or self.now) - self.received_at

    @property
    def remaining(self) -> dt.timedelta | None:
        if self.due_at is None or self.responded_at is not None:
            return None
        return self.due_at - self.now

    @property
    def overdue(self) -> bool:
        remaining = self.remaining
        return remaining is not None and remaining.total_seconds() < 0

    @property
    def on_time(self) -> bool | None:
        if self.due_at is None or self.responded_at is None:
            return None
        return self.responded_at <= self.due_at


def humanise(delta: dt.timedelta) -> str:
    """'2 days 3 hours', '45 minutes', 'overdue by 3 hours'."""
    seconds = int(delta.total_seconds())
    prefix = ""
    if seconds < 0:
        prefix, seconds = "overdue by ", -seconds
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return prefix + " ".join(parts[:2])
