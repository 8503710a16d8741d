"""Response timeframes and the clocks on a report (DESIGN.md "Time").

Deadlines are computed from receipt, in hours or in NZ working days as the
policy row says (tiaki.timeframes.working_days). Store UTC; show Pacific/Auckland.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tiaki.intake.models import ResponseTimeframe, TriagePolicy
from tiaki.timeframes.working_days import add_working_days


def due_at(received_at: dt.datetime, timeframe: ResponseTimeframe) -> dt.datetime:
    if timeframe.hours is not None:
        return received_at + dt.timedelta(hours=timeframe.hours)
    assert timeframe.working_days is not None
    local = timezone.localtime(received_at)
    day = add_working_days(local.date(), timeframe.working_days)
    # The end of that working day, local time.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def decision_hours(policy: TriagePolicy, *, unsafe_now: bool) -> int:
    """Hours from receipt within which a report should be decided: the
    policy's ``decision_hours``; for a report saying a child is unsafe right
    now, ``unsafe_now_decision_hours``, never later than the ordinary one."""
    if unsafe_now:
        return min(policy.unsafe_now_decision_hours, policy.decision_hours)
    return policy.decision_hours


def decision_due_at(received_at: dt.datetime, policy: TriagePolicy, *, unsafe_now: bool) -> dt.datetime:
    return received_at + dt.timedelta(hours=decision_hours(policy, unsafe_now=unsafe_now))


@dataclass(frozen=True)
class Deadline:
    """The one deadline a report is waiting on, as the queue, the report page
    and the API all show it: the response deadline once a timeframe is set,
    else the decision deadline (decision_due_at)."""

    due_at: dt.datetime
    kind: str  # "response" or "decision"
    now: dt.datetime

    @property
    def remaining(self) -> dt.timedelta:
        return self.due_at - self.now

    @property
    def remaining_text(self) -> str:
        return humanise(self.remaining)

    @property
    def overdue(self) -> bool:
        return self.remaining.total_seconds() < 0


def deadline(
    *,
    received_at: dt.datetime,
    response_due_at: dt.datetime | None,
    unsafe_now: bool,
    policy: TriagePolicy,
    now: dt.datetime,
) -> Deadline:
    """See Deadline. tiaki.intake.selectors.queue computes the same in SQL to sort by it."""
    if response_due_at is not None:
        return Deadline(response_due_at, "response", now)
    return Deadline(decision_due_at(received_at, policy, unsafe_now=unsafe_now), "decision", now)


def immediate(*, unsafe_now: bool, timeframe_code: str, timeframes: list[ResponseTimeframe]) -> bool:
    """A report saying a child is unsafe right now is handled before every
    other until a decision sets a less urgent timeframe than the most urgent
    (which triage_decide allows only with a reason)."""
    if not unsafe_now:
        return False
    if not timeframe_code or not timeframes:
        return True
    most_urgent = min(t.urgency_rank for t in timeframes)
    chosen = next((t for t in timeframes if t.code == timeframe_code), None)
    return chosen is None or chosen.urgency_rank <= most_urgent


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
