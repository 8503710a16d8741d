"""The timeliness dashboard's figures on a small agency whose right answers
are known (the page: test_pages_dashboard.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest

from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.dashboard import timeliness_dashboard
from tiaki.staff.models import Site

pytestmark = pytest.mark.django_db
NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=NZ)
_refs = itertools.count()


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=NZ)


def report(site: Site, *, timeframe: str = "critical", due=None, responded=None, decided=None, **fields):
    received = fields.pop("received_at", (due or decided or at(1, 1)) - dt.timedelta(days=1))
    return ReportOfConcern.objects.create(
        reference=f"T-{next(_refs)}", site=site, received_at=received, timeframe=timeframe, response_due_at=due,
        responded_at=responded, decided_at=decided or received, stage=fields.pop("stage", "responded"), **fields,
    )  # fmt: skip


@pytest.fixture
def agency(db):
    a = Site.objects.create(name="Awanui", region="North")
    b = Site.objects.create(name="Bluff", region="South")
    for day in (3, 4, 5):
        report(a, due=at(1, day, 12), responded=at(1, day, 11))  # on time
    report(a, due=at(1, 6, 12), responded=at(1, 6, 13))  # responded an hour late
    report(b, due=at(1, 10, 12), stage="allocated")  # never responded, past due: late
    report(b, timeframe="urgent", due=at(1, 25), responded=at(1, 15))  # due later, answered early: on time
    report(b, timeframe="urgent", due=at(1, 5), responded=at(1, 4))  # on time
    report(b, due=at(1, 25), stage="allocated")  # not due yet, not answered: not counted
    report(a, due=at(12, 15, year=2025), stage="allocated")  # due before the period: not counted
    report(a, due=at(1, 21, 6), stage="allocated")  # due within 24 hours of NOW (and not counted yet)
    report(a, due=at(1, 22, 13), stage="allocated")  # due in more than 24 hours
    return a, b


def test_on_time_by_urgency_and_site(agency, supervisor):
    board = timeliness_dashboard(actor=supervisor, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), now=NOW)
    assert (board.overall.on_time, board.overall.late) == (5, 2)
    assert board.overall.percent == 71.4
    urgency = {row.label: (row.on_time, row.late, row.percent) for row in board.by_urgency}
    assert urgency["Critical (24 hours)"] == (3, 2, 60.0)
    assert urgency["Urgent (7 days)"] == (2, 0, 100.0)
    assert urgency["Very urgent (48 hours)"] == (0, 0, None)
    sites = {row.label: (row.on_time, row.late, row.percent) for row in board.by_site}
    assert sites["Awanui"] == (3, 1, 75.0)
    assert sites["Bluff"] == (2, 1, 66.7)
    assert not board.overall.meets_target
    assert board.due_next_24_hours == 1


def test_the_unallocated_queue_day_by_day(supervisor):
    s = Site.objects.create(name="Cambridge", region="Waikato")
    report(s, decided=at(12, 30, year=2025), allocated_at=at(1, 3, 10), stage="allocated")
    report(s, decided=at(1, 2), stage="decided", due=at(2, 1))
    report(s, decided=at(1, 4), allocated_at=at(1, 4, 15), stage="allocated")
    report(s, decided=at(1, 5), closed_at=at(1, 6), stage="closed", status="closed")
    report(s, timeframe="", decided=at(1, 1), stage="closed", status="closed", closed_at=at(1, 1))  # no response needed
    board = timeliness_dashboard(actor=supervisor, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 7), now=NOW)
    assert board.queue_step == "day"
    assert [p.waiting for p in board.queue] == [1, 2, 1, 1, 2, 1, 1]
    year = timeliness_dashboard(actor=supervisor, start=dt.date(2025, 2, 1), end=dt.date(2026, 1, 31), now=NOW)
    assert year.queue_step == "week"
    assert all(p.day.weekday() == 6 for p in year.queue[:-1])
    assert year.queue[-1].day == dt.date(2026, 1, 31)
    assert {p.day: p.waiting for p in year.queue}[dt.date(2026, 1, 4)] == 1
