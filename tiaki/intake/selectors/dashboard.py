"""The timeliness dashboard (issue 5, "Timeliness dashboard"): aggregates
only, no personal data, so analysts may see it.

Definitions (docs/intake.md):

- A report counts in a period when its response was due in the period and
  the answer is known: it was responded to, or its deadline has passed.
  On time means ``responded_at <= response_due_at``; not responded and past
  due is late.
- Due in the next 24 hours: open, not responded, due within a day from now.
- Unsafe right now: reports received in the period saying a child is unsafe
  right now; how many of them are still open now; how many had their first
  decision within the unsafe-now decision deadline
  (tiaki.intake.clocks.decision_hours, read now: a policy change applies to
  past reports too).
- The unallocated queue at a moment: reports with a response timeframe that
  were decided by then and neither allocated nor closed by then (from
  decided_at, allocated_at and closed_at).

Every figure is a grouped aggregate in the database (COUNT ... FILTER), never
a loop over reports. ``stage IN (every stage)`` is deliberate: it lets
PostgreSQL range-scan the (stage, response_due_at) index, report_queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.paths import reading, selector
from tiaki.access.replica import on_replica
from tiaki.audit.actions import AuditAction
from tiaki.intake import clocks
from tiaki.intake import policy as intake_policy
from tiaki.intake.models import ReportOfConcern, TriageDecision
from tiaki.staff.models import Site, User

TARGET = 95.0
#: Periods longer than this show the queue weekly rather than daily.
DAILY_UP_TO_DAYS = 92
#: How far before the period a report still waiting for allocation is looked
#: for (besides every report still waiting now): bounds the scan by the
#: received_at index. A report that waited longer than this, and was then
#: allocated, is missed; none should.
QUEUE_LOOKBACK = dt.timedelta(days=365)
_ALL_STAGES = list(ReportOfConcern.Stage.values)
_WAITING_STAGES = [
    ReportOfConcern.Stage.RECEIVED,
    ReportOfConcern.Stage.AWAITING_APPROVAL,
    ReportOfConcern.Stage.DECIDED,
]


@dataclass(frozen=True)
class OnTime:
    label: str
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def percent(self) -> float | None:
        return round(100 * self.on_time / self.total, 1) if self.total else None

    @property
    def meets_target(self) -> bool:
        return self.percent is not None and self.percent >= TARGET


@dataclass(frozen=True)
class UnsafeNow:
    """Reports saying a child is unsafe right now, received in the period."""

    received: int
    open_now: int
    decided_in_time: int
    decision_hours: int

    @property
    def percent_in_time(self) -> float | None:
        return round(100 * self.decided_in_time / self.received, 1) if self.received else None


@dataclass(frozen=True)
class QueuePoint:
    day: dt.date
    waiting: int


@dataclass
class Dashboard:
    start: dt.date
    end: dt.date
    overall: OnTime
    by_urgency: list[OnTime]
    by_site: list[OnTime]
    due_next_24_hours: int
    queue: list[QueuePoint]
    queue_step: str  # "day" or "week"
    unsafe_now: UnsafeNow = field(default_factory=lambda: UnsafeNow(0, 0, 0, 1))
    target: float = TARGET
    notes: list[str] = field(default_factory=list)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local (Pacific/Auckland) midnight at ``start`` up to midnight after ``end``."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


# A refusal is audited as a dashboard view; a view as a read of reports, in aggregate.
@selector(AuditAction.DASHBOARD_VIEW, permission=Permission.DASHBOARD_VIEW)
def timeliness_dashboard(*, actor: User, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> Dashboard:
    """Timeliness for reports due from ``start`` to ``end`` (inclusive, local
    dates), all sites. Aggregates only; one audit event per view."""
    period = f"timeliness:{start.isoformat()}:{end.isoformat()}"
    # The counts may come from a replica, seconds behind; the permission check
    # and this read's audit event stay on the primary (reading() writes them
    # on default, and the router sends no audit or access table elsewhere).
    with reading(actor, action=AuditAction.REPORT_READ, subject_type="dashboard", relationship=period), on_replica():
        return _dashboard(start, end, now or timezone.now())


def _dashboard(start: dt.date, end: dt.date, now: dt.datetime) -> Dashboard:
    low, high = _bounds(start, end)
    known = Q(responded_at__isnull=False) | Q(response_due_at__lte=now)
    on_time = Q(responded_at__isnull=False, responded_at__lte=F("response_due_at"))
    grouped = (
        ReportOfConcern.objects.filter(stage__in=_ALL_STAGES, response_due_at__gte=low, response_due_at__lt=high)
        .filter(known)
        .values_list("site_id", "timeframe")
        .annotate(on_time=Count("pk", filter=on_time), late=Count("pk", filter=~on_time))
        .order_by()
    )
    by_site: dict[int, list[int]] = {}
    by_tf: dict[str, list[int]] = {}
    for site_id, timeframe, good, bad in grouped:
        for bucket, key in ((by_site, site_id), (by_tf, timeframe)):
            totals = bucket.setdefault(key, [0, 0])
            totals[0] += good
            totals[1] += bad
    timeframes = intake_policy.timeframes()
    urgency = [OnTime(tf.label, *by_tf.get(tf.code, [0, 0])) for tf in timeframes]
    known_codes = {tf.code for tf in timeframes}
    retired = [totals for code, totals in by_tf.items() if code not in known_codes]
    if retired:
        urgency.append(OnTime("Other (retired timeframes)", sum(t[0] for t in retired), sum(t[1] for t in retired)))
    sites = [OnTime(site.name, *by_site.get(site.pk, [0, 0])) for site in Site.objects.order_by("name")]
    overall = OnTime("All", sum(t[0] for t in by_site.values()), sum(t[1] for t in by_site.values()))
    due_soon = ReportOfConcern.objects.filter(
        stage__in=_ALL_STAGES,
        response_due_at__gte=now,
        response_due_at__lt=now + dt.timedelta(hours=24),
        responded_at__isnull=True,
        status=ReportOfConcern.Status.OPEN,
    ).count()
    queue, step = _queue_over_time(start, end, low, high)
    return Dashboard(
        start=start, end=end, overall=overall, by_urgency=urgency, by_site=sites, due_next_24_hours=due_soon,
        queue=queue, queue_step=step, unsafe_now=_unsafe_now(low, high),
    )  # fmt: skip


def _unsafe_now(low: dt.datetime, high: dt.datetime) -> UnsafeNow:
    """Two grouped queries over the received_at index: the counts, and those
    whose first decision came within the deadline."""
    hours = clocks.decision_hours(intake_policy.triage_policy(), unsafe_now=True)
    received = ReportOfConcern.objects.filter(received_at__gte=low, received_at__lt=high, child_unsafe_now=True)
    counts = received.aggregate(
        received=Count("pk"), open_now=Count("pk", filter=Q(status=ReportOfConcern.Status.OPEN))
    )
    due = ExpressionWrapper(OuterRef("received_at") + dt.timedelta(hours=hours), output_field=DateTimeField())
    in_time = received.filter(
        Exists(TriageDecision.objects.filter(report_id=OuterRef("pk"), decided_at__lte=due))
    ).count()
    return UnsafeNow(counts["received"], counts["open_now"], in_time, hours)


def _queue_over_time(start: dt.date, end: dt.date, low: dt.datetime, high: dt.datetime) -> tuple[list[QueuePoint], str]:
    """The number waiting at the end of each day (or week): those waiting at
    the start, plus decisions, minus allocations and closures, day by day:
    three grouped queries over an index-bounded set."""
    tz = timezone.get_current_timezone()
    left = Coalesce("allocated_at", "closed_at", output_field=DateTimeField())
    population = (
        ReportOfConcern.objects.filter(
            Q(received_at__gte=low - QUEUE_LOOKBACK, received_at__lt=high)
            | Q(stage__in=_WAITING_STAGES, status=ReportOfConcern.Status.OPEN)
        )
        .exclude(timeframe="")
        .filter(decided_at__isnull=False)
        .annotate(left_at=left)
    )
    baseline = population.filter(decided_at__lt=low).filter(Q(left_at__isnull=True) | Q(left_at__gte=low)).count()
    arrivals = dict(
        population.filter(decided_at__gte=low, decided_at__lt=high)
        .annotate(day=TruncDate("decided_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    departures = dict(
        population.filter(left_at__gte=low, left_at__lt=high)
        .annotate(day=TruncDate("left_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    weekly = (end - start).days + 1 > DAILY_UP_TO_DAYS
    points: list[QueuePoint] = []
    waiting = baseline
    day = start
    while day <= end:
        waiting += arrivals.get(day, 0) - departures.get(day, 0)
        if not weekly or day.weekday() == 6 or day == end:
            points.append(QueuePoint(day, waiting))
        day += dt.timedelta(days=1)
    return points, "week" if weekly else "day"
