"""The home page's "Your work" and "Your team" panels show real work, each
item a link to where it is done, or say what to do when there is none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.audit.models import AuditEvent
from tiaki.casework.models import CaseParticipant, Plan, PlanVersion, Task, VisitFrequency
from tiaki.casework.selectors.work import casework_work_for
from tiaki.intake.models import ReportOfConcern

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _overdue_work(case, alice, child):
    today = timezone.localdate()
    Task.objects.create(case=case, title="Call the school", due_on=today - 3 * DAY, assigned_to=alice,
                        created_by=alice, created_at=timezone.now())  # fmt: skip
    every = VisitFrequency.objects.filter(is_default=True).first() or VisitFrequency.objects.create(
        code="monthly", label="Monthly", interval_days=28, is_default=True
    )
    CaseParticipant.objects.filter(case=case, person=child).update(
        in_care_since=today - 60 * DAY, visit_frequency=every
    )
    plan = Plan.objects.create(case=case, child=child, created_at=timezone.now(), created_by=alice, current_version=1)
    PlanVersion.objects.create(plan=plan, number=1, goals=[{"goal": "Kai at kura"}], child_voice="I want lunch.",
                               review_on=today - DAY, written_by=alice, written_at=timezone.now())  # fmt: skip
    return plan


def test_a_social_worker_sees_each_case_with_what_is_overdue_each_a_link(client, alice, case, child):
    plan = _overdue_work(case, alice, child)
    client.force_login(alice)
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    page = client.get("/").content.decode()
    work = page.split(">Your work</h2>")[1].split("</section>")[0]
    assert f'href="/cases/{case.pk}/">{case.reference}: Tūī Te Whare</a>' in work
    assert "Task: Call the school: overdue by 3 days" in work
    assert "Statutory visit to Tūī Te Whare: overdue" in work
    assert f'href="/cases/plans/{plan.pk}/"' in work or f"/plans/{plan.pk}/" in work
    assert "Overdue</strong>" in work
    assert "You have no cases allocated" not in work
    # One's own caseload on one's own home page is not an access to audit.
    assert not AuditEvent.objects.filter(seq__gt=seq, action="case.read").exists()


def test_a_report_waiting_for_the_first_response_is_in_your_work(client, alice, site):
    now = timezone.now()
    report = ReportOfConcern.objects.create(
        reference="ROC-2026-0000042", site=site, received_at=now - DAY, allocated_to=alice,
        stage=ReportOfConcern.Stage.ALLOCATED, response_due_at=now - dt.timedelta(hours=2),
    )  # fmt: skip
    client.force_login(alice)
    work = client.get("/").content.decode().split(">Your work</h2>")[1].split("</section>")[0]
    assert f'href="/intake/reports/{report.pk}/">Report ROC-2026-0000042</a>' in work
    assert "First response overdue by 2 hours" in work


def test_with_nothing_allocated_the_panel_says_what_to_do(client, bob):
    client.force_login(bob)
    page = client.get("/").content.decode()
    assert "You have no cases allocated. Your supervisor allocates cases from the queue." in page
    assert ">Your team</h2>" not in page


def test_a_supervisor_sees_the_teams_overdue_work_and_the_unallocated_reports(client, supervisor, alice, case, child):
    _overdue_work(case, alice, child)
    ReportOfConcern.objects.create(reference="ROC-2026-0000043", site=supervisor.site, received_at=timezone.now(),
                                   stage=ReportOfConcern.Stage.DECIDED)  # fmt: skip
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    team = page.split(">Your team</h2>")[1].split("</section>")[0]
    assert 'href="/intake/queue/">1 unallocated report in the queue</a>' in team
    assert "1 decided and waiting for a social worker" in team
    assert f'href="/cases/{case.pk}/">{case.reference}: Tūī Te Whare (Tūī Herewini)</a>' in team
    assert "Task: Call the school (someone else&#x27;s): overdue by 3 days" in team
    # Their own work is separate, and empty.
    assert "You hold no cases yourself." in page.split(">Your work</h2>")[1].split("</section>")[0]


def test_a_child_sealed_from_the_reader_is_not_named_and_nothing_about_them_is_due(alice, case, child):
    _overdue_work(case, alice, child)
    from tiaki.access.models import StaffSubjectLink

    StaffSubjectLink.objects.create(user=alice, person=child, kind="whanau", recorded_by=alice)
    work = casework_work_for(actor=alice)
    [mine] = work.mine
    assert mine.children == ()
    assert [d.kind for d in mine.due] == ["task"]


def test_your_team_leaves_out_the_teams_cases_with_nothing_overdue(supervisor, alice, case, child):
    assert casework_work_for(actor=supervisor).team == []
    _overdue_work(case, alice, child)
    [theirs] = casework_work_for(actor=supervisor).team
    assert theirs.case_id == case.pk
    assert {d.kind for d in theirs.overdue} == {"task", "visit", "plan-review"}
