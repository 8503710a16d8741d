"""`make demo`: the demo social worker's first case has a history the
chronology can show, their supervisor can see it, and setting up twice
changes nothing."""

from __future__ import annotations

import pytest

from tiaki.access import scoping
from tiaki.casework.models import Case, CaseNote, CourtOrder, PlanVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import chronology_page
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import ensure_demo_work
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db

Kind = ChronologyEntry.Kind


def test_the_demo_social_workers_case_shows_a_whole_history_to_them_and_their_supervisor():
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()
    worker = User.objects.get(username="demo-social-worker")
    supervisor = User.objects.get(username="demo-supervisor")
    assert worker.supervisor == supervisor
    case = Case.objects.filter(allocated_worker=worker, notes__isnull=False, status=Case.Status.OPEN).distinct().get()
    child_id = case.participants.get(role="child").person_id
    kinds = list(ChronologyEntry.objects.filter(person_id=child_id).values_list("kind", flat=True))
    for kind in (Kind.REPORT, Kind.DECISION, Kind.RESPONSE, Kind.CASE, Kind.PLAN, Kind.FGC, Kind.ORDER):
        assert kind in kinds, kind
    assert kinds.count(Kind.NOTE) >= 10
    assert PlanVersion.objects.filter(plan__case=case, plan__child_id=child_id).exclude(child_voice="").exists()
    assert CourtOrder.objects.filter(case=case, kind=CourtOrder.Kind.S78).exclude(no_safety_plan_reason="").exists()
    assert case.participants.get(person_id=child_id).in_care_since is not None
    page = chronology_page(actor=worker, person_id=child_id)
    assert page.entries[0].occurred_at >= page.entries[-1].occurred_at
    assert scoping.person_decision(supervisor, child_id).allowed


def test_setting_the_demo_up_again_changes_nothing():
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()
    counts = (Case.objects.count(), CaseNote.objects.count(), ChronologyEntry.objects.count())
    ensure_demo_work()
    assert (Case.objects.count(), CaseNote.objects.count(), ChronologyEntry.objects.count()) == counts
