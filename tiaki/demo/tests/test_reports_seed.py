"""22 years of reports in `tiaki seed`: volume scaled to the population,
the same rows for a seed, a realistic mix, and clocks that agree with
tiaki.intake.clocks."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import pytest
from django.core.management import call_command

from tiaki.demo.generator import delete_seeded_rows, seed_agency
from tiaki.demo.generator.reports import reports_for
from tiaki.intake import clocks
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, ResponseTimeframe, TriageDecision
from tiaki.people.models import Person

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 1)
NOW = dt.datetime(2026, 6, 15, 3, 30, tzinfo=dt.UTC)


def seed(persons: int = 2000, seed: int = 7, reports: int | None = None) -> None:
    seed_agency(persons=persons, seed=seed, as_of=AS_OF, reports=reports, now=NOW)


def digest() -> str:
    h = hashlib.sha256()
    for model in (ReportOfConcern, ReportPerson, ReportConcern, TriageDecision):
        for row in model.objects.order_by("pk").values_list():
            h.update(repr(row).encode())
    return h.hexdigest()


def test_reports_scale_with_the_population_and_ramp_up_to_now():
    seed(persons=4000)
    total = ReportOfConcern.objects.count()
    assert total == pytest.approx(reports_for(4000), rel=0.01)
    assert reports_for(1_000_000) == 2_500_000
    last_year = ReportOfConcern.objects.filter(received_at__gt=NOW - dt.timedelta(days=365)).count()
    # about 120,000 a year now at 1,000,000 persons
    assert last_year == pytest.approx(4000 * 0.12, rel=0.1)
    first_year = ReportOfConcern.objects.filter(received_at__lt=NOW - dt.timedelta(days=21 * 365)).count()
    assert first_year < last_year
    oldest = ReportOfConcern.objects.order_by("received_at").first()
    assert oldest is not None
    assert oldest.received_at > NOW - dt.timedelta(days=22 * 366)
    assert not ReportOfConcern.objects.filter(received_at__gt=NOW).exists()
    # ids follow receipt; references follow ids
    times = list(ReportOfConcern.objects.order_by("pk").values_list("received_at", flat=True))
    assert times == sorted(times)


def test_the_same_seed_gives_the_same_reports():
    seed(persons=600, seed=3)
    first = digest()
    delete_seeded_rows()
    seed(persons=600, seed=3)
    assert digest() == first
    delete_seeded_rows()
    seed(persons=600, seed=4)
    assert digest() != first


def test_the_mix_is_realistic_and_the_children_were_children_at_the_time():
    seed(persons=3000)
    outcomes = Counter(TriageDecision.objects.values_list("outcome", flat=True))
    decided = sum(outcomes.values())
    low = (outcomes["nfa"] + outcomes["advice"]) / decided
    middle = (outcomes["community"] + outcomes["fgc"]) / decided
    high = (outcomes["assessment"] + outcomes["joint"]) / decided
    for share in (low, middle, high):
        assert 0.25 < share < 0.42
    channels = Counter(ReportOfConcern.objects.values_list("channel", flat=True))
    assert set(channels) == set(ReportOfConcern.Channel.values)
    assert set(ReportConcern.objects.values_list("category", flat=True)) == set(ReportConcern.Category.values)
    per_report = Counter(
        ReportPerson.objects.filter(role=ReportPerson.Role.CHILD).values_list("report_id", flat=True)
    ).values()
    assert min(per_report) == 1
    assert max(per_report) <= 4
    assert sum(1 for n in per_report if n > 1) > len(per_report) * 0.1
    assert ReportPerson.objects.exclude(role=ReportPerson.Role.CHILD).exists()
    assert not ReportOfConcern.objects.filter(persons__isnull=True).exists()
    # every child was aged 0-17 when the report came in
    born = dict(Person.objects.values_list("pk", "date_of_birth"))
    for person_id, received in ReportPerson.objects.filter(role=ReportPerson.Role.CHILD).values_list(
        "person_id", "report__received_at"
    ):
        age_days = (received.date() - born[person_id]).days
        assert -1 <= age_days < 18 * 365 + 5
    # on time 80-90% for critical
    critical = ReportOfConcern.objects.filter(timeframe="critical", responded_at__isnull=False)
    on_time = sum(1 for r in critical if r.responded_at <= r.response_due_at) / critical.count()
    assert 0.78 < on_time < 0.93


def test_clocks_agree_with_the_policy_and_old_reports_are_closed_with_an_open_queue_now():
    seed(persons=8000)
    timeframes = {t.code: t for t in ResponseTimeframe.objects.all()}
    assessed = ReportOfConcern.objects.exclude(timeframe="")
    assert assessed.count() > 500
    for report in assessed.iterator():
        assert report.response_due_at == clocks.due_at(report.received_at, timeframes[report.timeframe])
        assert report.decided_at is not None
        assert report.received_at <= report.decided_at <= NOW
        if report.allocated_at is not None:
            assert report.decided_at <= report.allocated_at
            assert report.allocated_to_id is not None
    for report in ReportOfConcern.objects.filter(decided_at__isnull=False).only("pk", "decided_at", "timeframe"):
        latest = TriageDecision.objects.filter(report=report).latest("decided_at")
        assert latest.decided_at == report.decided_at
        assert latest.timeframe == report.timeframe
    old = ReportOfConcern.objects.filter(received_at__lt=NOW - dt.timedelta(days=365))
    assert not old.filter(status=ReportOfConcern.Status.OPEN).exists()
    assert not old.filter(closed_at__isnull=True).exists()
    recent = ReportOfConcern.objects.filter(status=ReportOfConcern.Status.OPEN)
    stages = Counter(recent.values_list("stage", flat=True))
    assert stages[ReportOfConcern.Stage.DECIDED] > 0
    assert recent.filter(stage=ReportOfConcern.Stage.DECIDED, allocated_to__isnull=True, timeframe__gt="").exists()
    assert stages[ReportOfConcern.Stage.RECEIVED] + stages[ReportOfConcern.Stage.AWAITING_APPROVAL] > 0


def test_the_seed_command_makes_reports_unless_told_not_to(capsys):
    call_command("seed", persons=500, reports=0)
    assert not ReportOfConcern.objects.exists()
    call_command("seed", persons=500, reset=True, years=5)
    assert ReportOfConcern.objects.count() == pytest.approx(reports_for(500), rel=0.02)
    assert "reports of concern" in capsys.readouterr().out
