"""The casework in `tiaki seed`: every seeded report in the chronology with
the services' own wording, cases with notes, plans, FGCs and orders that
keep the database's rules, the same rows for a seed, and the showcase
histories the benchmark reads."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from tiaki.casework.models import Case, CaseNote, CaseNoteVersion, CourtOrder, PlanVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.demo.generator import delete_seeded_rows, seed_agency
from tiaki.demo.generator.casework import LONG_HISTORIES, LONG_HISTORY_ENTRIES, showcase_children
from tiaki.intake.models import ReportOfConcern, ReportPerson, TriageDecision
from tiaki.intake.services.reports import report_summary
from tiaki.people.models import Relationship

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 1)
NOW = dt.datetime(2026, 6, 15, 3, 30, tzinfo=dt.UTC)
Kind = ChronologyEntry.Kind


def seed(persons: int = 1500, seed: int = 5) -> None:
    seed_agency(persons=persons, seed=seed, as_of=AS_OF, now=NOW, reports=None)


def digest() -> str:
    h = hashlib.sha256()
    for model in (Case, CaseNote, CaseNoteVersion, PlanVersion, CourtOrder, ChronologyEntry):
        for row in model.objects.order_by("pk").values_list():
            h.update(repr(row).encode())
    return h.hexdigest()


def test_the_same_seed_gives_the_same_casework():
    seed(persons=400, seed=3)
    assert CaseNote.objects.exists()
    first = digest()
    delete_seeded_rows()
    assert not ChronologyEntry.objects.exists()
    seed(persons=400, seed=3)
    assert digest() == first


def test_every_report_is_in_each_childs_chronology_in_the_services_words():
    seed()
    for report in ReportOfConcern.objects.order_by("pk")[:200]:
        children = set(report.persons.filter(role=ReportPerson.Role.CHILD).values_list("person_id", flat=True))
        entries = ChronologyEntry.objects.filter(kind=Kind.REPORT, source_id=report.pk)
        assert set(entries.values_list("person_id", flat=True)) == children
        entry = entries.first()
        assert entry is not None
        assert entry.title == f"Report of concern received ({report.reference})"
        assert entry.summary == report_summary(
            report, list(report.concerns.order_by("pk").values_list("category", flat=True))
        )
        assert entry.occurred_at == report.received_at
        decision = TriageDecision.objects.filter(report=report).first()
        if decision is not None:
            found = ChronologyEntry.objects.get(kind=Kind.DECISION, source_id=decision.pk, person_id=entry.person_id)
            assert found.title.startswith(f"Intake decision on {report.reference}: {decision.get_outcome_display()}")
            assert found.occurred_at == decision.decided_at
        if report.responded_at is not None:
            assert ChronologyEntry.objects.filter(kind=Kind.RESPONSE, source_id=report.pk).count() == len(children)


def test_cases_keep_the_rules_the_services_keep():
    seed()
    cases = Case.objects.exclude(origin_report=None)
    assert cases.filter(status=Case.Status.OPEN).exists()
    assert cases.filter(status=Case.Status.CLOSED).exists()
    assert set(cases.values_list("kind", flat=True)) == set(Case.Kind.values)
    for case in cases.filter(status=Case.Status.CLOSED)[:100]:
        assert case.closure_reason
        assert case.closed_by_id is not None
        assert case.closed_at is not None
        assert case.closed_at <= NOW
    for case in cases.filter(status=Case.Status.OPEN).select_related("allocated_worker")[:100]:
        assert case.allocated_worker is not None
        assert case.allocated_worker.site_id == case.site_id
        assert case.participants.filter(role="child").exists()
    assert not CaseNote.objects.filter(occurred_at__gt=NOW).exists()
    corrected = CaseNote.objects.filter(current_version=2)
    assert corrected.exists()
    assert not CaseNoteVersion.objects.filter(number=2, reason="").exists()
    assert ChronologyEntry.objects.filter(kind=Kind.NOTE, title__endswith="(corrected)").exists()
    s78 = CourtOrder.objects.filter(kind=CourtOrder.Kind.S78)
    assert s78.exists()
    for order in s78[:50]:
        assert order.without_notice
        assert order.no_safety_plan_reason
        assert order.engagement_attempts.exists()
    version = PlanVersion.objects.first()
    assert version is not None
    assert version.child_voice
    assert {"goal", "action", "who", "by"} == set(version.goals[0])
    assert ChronologyEntry.objects.filter(kind=Kind.FGC, title="Referred to a Family Group Conference").exists()


def test_the_showcase_children_have_long_histories_and_the_whanau_are_siblings():
    seed()
    long_histories, whanau = showcase_children()
    assert len(long_histories) == LONG_HISTORIES
    for person_id in long_histories:
        count = ChronologyEntry.objects.filter(person_id=person_id).count()
        assert LONG_HISTORY_ENTRIES * 0.9 < count < LONG_HISTORY_ENTRIES * 1.2
    assert len(whanau) == 5
    parents = {
        frozenset(Relationship.objects.filter(to_person_id=pid, kind="parent").values_list("from_person_id", flat=True))
        for pid in whanau
    }
    assert len(parents) == 1
    assert next(iter(parents))
    for person_id in whanau:
        assert ChronologyEntry.objects.filter(person_id=person_id).count() > 400
