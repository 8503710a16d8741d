"""Complexity-weighted caseloads: the policy's weights, not a count."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake.models import ReportOfConcern, WorkloadWeight
from tiaki.intake.selectors.workload import allocation_candidates, worker_loads
from tiaki.people.tests.factories import PersonFactory
from tiaki.staff.models import Team
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def open_case(worker, *, kind=Case.Kind.ASSESSMENT, children=1, adults=0, status=Case.Status.OPEN, **flags):
    closed = {"closed_at": timezone.now(), "closure_reason": "other"} if status == Case.Status.CLOSED else {}
    case = Case.objects.create(
        kind=kind, site=worker.site, allocated_worker=worker, opened_at=timezone.now(), status=status, **closed, **flags
    )
    for _ in range(children):
        CaseParticipant.objects.create(case=case, person=PersonFactory(), role=CaseParticipant.Role.CHILD)
    for _ in range(adults):
        CaseParticipant.objects.create(case=case, person=PersonFactory(), role=CaseParticipant.Role.PARENT)
    return case


def test_a_case_with_court_work_and_three_children_weighs_what_the_policy_says(alice):
    # Assessment 1.0 + two extra children 2 x 0.25 + court work 0.75 (migration 0003's defaults).
    open_case(alice, children=3, adults=2, court_work=True)
    load = worker_loads([alice.pk])[alice.pk]
    assert load.weighted == 2.25
    assert load.cases == 1


def test_every_factor_and_allocated_reports_add_up(alice, bob):
    open_case(alice, kind=Case.Kind.INVESTIGATION, travel=True, cultural_needs=True)  # 1.5 + 0.25 + 0.25
    open_case(alice, kind=Case.Kind.ONGOING, children=2)  # 1.25 + 0.25
    open_case(alice, status=Case.Status.CLOSED, children=5, court_work=True)  # closed: nothing
    for n in range(2):  # each allocated report awaiting response: 0.5
        ReportOfConcern.objects.create(
            reference=f"R-{n}", site=alice.site, received_at=timezone.now(), allocated_to=alice, stage="allocated"
        )
    ReportOfConcern.objects.create(
        reference="R-done", site=alice.site, received_at=timezone.now(), allocated_to=alice, stage="responded"
    )
    loads = worker_loads([alice.pk, bob.pk])
    assert loads[alice.pk].weighted == 4.5
    assert (loads[alice.pk].cases, loads[alice.pk].reports) == (2, 2)
    assert loads[bob.pk].weighted == 0


def test_weights_are_policy_data(alice):
    open_case(alice, court_work=True)
    WorkloadWeight.objects.filter(code="court-work").update(weight=2.0)
    assert worker_loads([alice.pk])[alice.pk].weighted == 3.0


def test_candidates_are_the_sites_social_workers_least_loaded_first(alice, bob, supervisor):
    open_case(alice, children=4)
    bob.caseload_capacity = 10
    bob.save(update_fields=["caseload_capacity"])
    team = Team.objects.create(site=alice.site, name="Intake", kind=Team.Kind.INTAKE)
    carol = inducted(UserFactory(username="carol", role=Role.SOCIAL_WORKER, site=alice.site, team=team))
    open_case(carol)
    candidates = allocation_candidates(site_id=alice.site_id)
    assert [c.worker.username for c in candidates] == ["bob", "carol", "alice"]
    assert supervisor.pk not in [c.worker.pk for c in candidates]
    assert [c.worker.username for c in allocation_candidates(site_id=alice.site_id, team_id=team.pk)] == ["carol"]
    assert candidates[2].percent == round(100 * 1.75 / 20)
