"""Opening a case, changing its phase, tasks, closure and reading it after
closure, with the three actors: alice (allocated), bob (a colleague without a
relationship), charlie (an outsider)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.casework import services
from tiaki.casework.models import Case, CaseEvent, CaseParticipant
from tiaki.casework.reach import CLOSED_CASE_WINDOW, case_decision
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.tests.conftest import add_note, allocated_report, events_since, head, person
from tiaki.chronology.models import ChronologyEntry
from tiaki.inbox.models import Notification
from tiaki.intake.models import ReportOfConcern
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Opening -----------------------------------------------------------------


def test_it_opens_a_case_from_a_report_with_its_children_and_adults(supervisor, alice, adult):
    tui, rawiri = person("Tūī"), person("Rawiri")
    report = allocated_report(supervisor, alice, [tui, rawiri], [adult])
    before = head()
    case = services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, report_id=report.pk)
    roles = dict(CaseParticipant.objects.filter(case=case).values_list("person_id", "role"))
    assert roles == {tui.pk: "child", rawiri.pk: "child", adult.pk: "parent"}
    assert (case.allocated_worker, case.origin_report_id, case.site_id) == (alice, report.pk, alice.site_id)
    [event] = events_since(before, alice, action="case.open")
    assert event.outcome == "allowed"
    assert json.loads(event.subject_ids) == sorted([tui.pk, rawiri.pk, adult.pk])
    assert event.relationship == f"case:{case.pk}"
    entries = ChronologyEntry.objects.filter(kind="case", source_id=case.pk)
    assert sorted(e.person_id for e in entries) == sorted([tui.pk, rawiri.pk])  # one per child, none for the adult
    assert all("case opened" in e.title and e.report_id == report.pk and e.significant for e in entries)
    assert list(case.events.order_by("pk").values_list("kind", flat=True)) == ["opened"]


def test_a_supervisor_opens_a_case_directly_for_a_worker_who_is_told(supervisor, alice, child, case):
    before = head()
    opened = services.case_open(actor=supervisor, kind=Case.Kind.INVESTIGATION, child_ids=[child.pk],
                                worker_id=alice.pk, confirm_additional=True,
                                additional_reason="A separate investigation after the police call.")  # fmt: skip
    assert opened.allocated_worker == alice
    assert opened.opened_by == supervisor
    assert opened.origin_report is None
    assert Notification.objects.filter(user=alice, text__contains=opened.reference).exists()
    assert [e.action for e in events_since(before, supervisor)] == ["case.open"]
    assert ChronologyEntry.objects.filter(kind="case", source_id=opened.pk, person=child).exists()


def test_a_second_open_case_for_a_child_needs_confirming_with_a_reason(alice, child, case):
    with pytest.raises(services.OpenCaseExists) as warned:
        services.case_open(actor=alice, kind=Case.Kind.INVESTIGATION, child_ids=[child.pk])
    assert warned.value.cases == [(case.pk, case.reference)]
    assert case.reference in str(warned.value)
    assert "Tūī" not in str(warned.value)  # no one is named: messages may reach logs
    with pytest.raises(CaseworkError) as no_reason:
        services.case_open(actor=alice, kind=Case.Kind.INVESTIGATION, child_ids=[child.pk], confirm_additional=True)
    assert no_reason.value.field == "additional_reason"
    assert Case.objects.count() == 1
    opened = services.case_open(
        actor=alice,
        kind=Case.Kind.INVESTIGATION,
        child_ids=[child.pk],
        confirm_additional=True,
        additional_reason="Police referral, separate concern",
    )
    assert opened.events.get().reason == "Police referral, separate concern"
    assert "separate concern" in ChronologyEntry.objects.get(source_id=opened.pk, kind="case", person=child).summary


def test_being_whanau_on_an_open_case_is_not_a_case_of_ones_own(alice, site):
    brother = person("Rāwiri")
    theirs = Case.objects.create(kind=Case.Kind.ONGOING, site=site, allocated_worker=alice, opened_at=timezone.now())
    CaseParticipant.objects.create(case=theirs, person=person("Aroha"))
    CaseParticipant.objects.create(case=theirs, person=brother, role=CaseParticipant.Role.WHANAU)
    opened = services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, child_ids=[brother.pk])
    assert opened.events.get().reason == ""


def test_a_case_needs_a_child(alice, child, case):
    with pytest.raises(CaseworkError) as failed:
        services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT)
    assert failed.value.field == "children"
    with pytest.raises(CaseworkError) as failed:
        services.case_open(actor=alice, kind="holiday", child_ids=[child.pk])
    assert failed.value.field == "kind"


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_open_a_case_for_the_child(actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        services.case_open(actor=actor, kind=Case.Kind.ASSESSMENT, child_ids=[child.pk])
    events = events_since(before, actor)
    assert [(e.action, e.outcome, e.reason, e.subject_ids) for e in events] == [
        ("case.open", "refused", "no_relationship", f"[{child.pk}]")
    ]
    assert not Case.objects.filter(opened_by=actor).exists()


@pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.ANALYST, Role.TRAINEE])
def test_roles_without_case_create_are_refused_before_anything_is_read(role, site, child, case):
    actor = inducted(UserFactory(username=f"someone-{role}", role=role, site=site))
    before = head()
    with pytest.raises(AccessDenied) as refused:
        services.case_open(actor=actor, kind=Case.Kind.ASSESSMENT, child_ids=[child.pk])
    assert isinstance(refused.value, PermissionDenied)  # a 403: the role, not the record, is the reason
    assert refused.value.reason == "permission_missing"
    # require() refuses on the role alone: the refusal is audited, but no
    # record was looked at, so it names nobody.
    events = events_since(before, actor)
    assert [(e.action, e.outcome, e.reason, e.subject_ids) for e in events] == [
        ("case.open", "refused", "permission_missing", "[]")
    ]
    assert Case.objects.count() == 1


def test_a_social_worker_cannot_allocate_a_new_case_to_someone_else(alice, bob, child, case):
    with pytest.raises(AccessDenied):
        services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, child_ids=[child.pk], worker_id=bob.pk)
    assert Case.objects.count() == 1


# --- Phase, reallocation and tasks -----------------------------------------


def test_changing_phase_appends_an_event_and_a_stale_version_changes_nothing(alice, child, case):
    services.case_change_phase(actor=alice, case_id=case.pk, kind=Case.Kind.ONGOING, reason="Needs ongoing care",
                               version=1)  # fmt: skip
    case.refresh_from_db()
    assert (case.kind, case.version) == (Case.Kind.ONGOING, 2)
    with pytest.raises(StaleVersion) as stale:
        services.case_change_phase(actor=alice, case_id=case.pk, kind=Case.Kind.TRANSITION, reason="Turning 18",
                                   version=1)  # fmt: skip
    assert stale.value.field == "version"
    case.refresh_from_db()
    assert (case.kind, case.version) == (Case.Kind.ONGOING, 2)
    phases = list(CaseEvent.objects.filter(case=case, kind="phase").values_list("from_value", "to_value", "reason"))
    assert phases == [("assessment", "ongoing", "Needs ongoing care")]
    assert ChronologyEntry.objects.filter(kind="case", person=child, title__contains="moved from").count() == 1


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_change_the_phase(actor_name, request, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        services.case_change_phase(actor=actor, case_id=case.pk, kind="ongoing", reason="r", version=1)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("case.update", "refused", "no_relationship")
    ]
    case.refresh_from_db()
    assert case.kind == Case.Kind.ASSESSMENT
    assert not CaseEvent.objects.filter(case=case).exists()


def test_a_supervisor_reallocates_with_a_reason_and_the_new_worker_is_told(supervisor, alice, bob, case):
    with pytest.raises(AccessDenied):
        services.case_reallocate(actor=alice, case_id=case.pk, worker_id=bob.pk, reason="Leave")
    services.case_reallocate(actor=supervisor, case_id=case.pk, worker_id=bob.pk, reason="Alice is on leave")
    case.refresh_from_db()
    assert case.allocated_worker == bob
    assert Notification.objects.filter(user=bob, text__contains=case.reference).exists()
    assert CaseEvent.objects.filter(case=case, kind="reallocated", reason="Alice is on leave").exists()


def test_tasks_need_a_due_date_not_already_past_and_are_done_once(alice, case):
    with pytest.raises(CaseworkError) as failed:
        services.task_add(actor=alice, case_id=case.pk, title="Visit", due_on=timezone.localdate() - dt.timedelta(1))
    assert failed.value.field == "due_on"
    task = services.task_add(actor=alice, case_id=case.pk, title="Visit kura", due_on=timezone.localdate())
    assert task.assigned_to == alice
    services.task_complete(actor=alice, task_id=task.pk)
    with pytest.raises(CaseworkError, match="already done"):
        services.task_complete(actor=alice, task_id=task.pk)


# --- Closure -------------------------------------------------------------------


def request_closure(actor, case, **change):
    values = {"reason": Case.ClosureReason.CONCERNS_ADDRESSED, "summary": "Tūī is safe at home with her nan."}
    values.update(change)
    case.refresh_from_db()
    return services.case_closure_request(actor=actor, case_id=case.pk, version=case.version, **values)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"reason": ""}, "reason"), ({"reason": "bored"}, "reason"), ({"summary": "  "}, "summary")],
)
def test_asking_to_close_needs_a_reason_and_a_summary(alice, case, change, field):
    with pytest.raises(CaseworkError) as failed:
        request_closure(alice, case, **change)
    assert failed.value.field == field
    case.refresh_from_db()
    assert case.closure_requested_at is None


def test_a_case_with_open_tasks_cannot_ask_to_close(alice, case):
    task = services.task_add(actor=alice, case_id=case.pk, title="Return the file", due_on=timezone.localdate())
    with pytest.raises(CaseworkError, match="1 open task"):
        request_closure(alice, case)
    services.task_complete(actor=alice, task_id=task.pk)
    request_closure(alice, case)
    case.refresh_from_db()
    assert case.awaiting_closure
    assert Notification.objects.filter(user=alice.supervisor, text__contains="waiting for your approval").exists()


def test_nobody_approves_their_own_closure_and_a_social_worker_cannot_approve(supervisor, site_manager, alice, case):
    request_closure(supervisor, case)
    with pytest.raises(CaseworkError, match="Someone other than the person who asked"):
        services.case_closure_decide(actor=supervisor, case_id=case.pk, approve=True)
    with pytest.raises(AccessDenied):
        services.case_closure_decide(actor=alice, case_id=case.pk, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    services.case_closure_decide(actor=site_manager, case_id=case.pk, approve=True)
    case.refresh_from_db()
    assert (case.status, case.closed_by) == (Case.Status.CLOSED, site_manager)


def test_an_approved_closure_closes_the_case_and_nothing_more_is_recorded(supervisor, alice, child, case):
    request_closure(alice, case)
    before = head()
    services.case_closure_decide(actor=supervisor, case_id=case.pk, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closed_at is not None
    assert case.closure_reason == Case.ClosureReason.CONCERNS_ADDRESSED
    assert [e.action for e in events_since(before, supervisor)] == ["case.close"]
    assert list(case.events.order_by("pk").values_list("kind", flat=True)) == ["closure_requested", "closed"]
    [entry] = ChronologyEntry.objects.filter(kind="case", person=child, title__contains="closed")
    assert entry.summary == "Tūī is safe at home with her nan."
    assert Notification.objects.filter(user=alice, text__contains=f"{case.reference} is closed").exists()
    with pytest.raises(CaseworkError, match="closed"):
        add_note(alice, case)
    assert not case.notes.exists()


def test_a_declined_closure_keeps_the_case_open_with_the_reason(supervisor, alice, case):
    request_closure(alice, case)
    with pytest.raises(CaseworkError) as failed:
        services.case_closure_decide(actor=supervisor, case_id=case.pk, approve=False, note="")
    assert failed.value.field == "note"
    services.case_closure_decide(actor=supervisor, case_id=case.pk, approve=False, note="The FGC plan is not done")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not case.awaiting_closure
    declined = case.events.get(kind="closure_declined")
    assert (declined.reason, declined.by) == ("The FGC plan is not done", supervisor)
    assert Notification.objects.filter(user=alice, text__contains="not closed").exists()
    # It can be asked for again once the supervisor's point is dealt with.
    request_closure(alice, case)
    case.refresh_from_db()
    assert case.awaiting_closure


def test_the_database_refuses_a_closed_case_without_a_reason(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_after_closure_the_team_reads_for_30_days_and_records_nothing(supervisor, alice, bob, child, case):
    request_closure(alice, case)
    services.case_closure_decide(actor=supervisor, case_id=case.pk, approve=True)
    case.refresh_from_db()
    assert dt.timedelta(days=30) == CLOSED_CASE_WINDOW
    day_29 = case.closed_at + dt.timedelta(days=29)
    for actor in (alice, supervisor):
        read = case_decision(actor, case.pk, now=day_29)
        assert read.allowed, actor
        assert not case_decision(actor, case.pk, write=True, now=day_29).allowed
    assert case_decision(alice, case.pk, now=day_29).relationship == f"allocated-case:{case.pk}"
    assert not case_decision(bob, case.pk, now=day_29).allowed
    day_31 = case.closed_at + dt.timedelta(days=31)
    for actor in (alice, supervisor, bob):
        assert not case_decision(actor, case.pk, now=day_31).allowed
        assert not case_decision(actor, case.pk, write=True, now=day_31).allowed


def test_a_case_opened_earlier_is_recorded_at_its_time_never_before_its_report(supervisor, alice):
    tui = person("Tūī")
    report = allocated_report(supervisor, alice, [tui])
    received = ReportOfConcern.objects.get(pk=report.pk).received_at
    for wrong, message in (
        (timezone.now() + dt.timedelta(hours=1), "future"),
        (received - dt.timedelta(days=1), "before"),
    ):
        with pytest.raises(CaseworkError, match=message):
            services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, report_id=report.pk, opened_at=wrong)
    opened = received  # the report came in moments ago: no earlier time is possible
    case = services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, report_id=report.pk, opened_at=opened)
    assert case.opened_at == opened
    assert ChronologyEntry.objects.get(kind="case", source_id=case.pk).occurred_at == opened


def test_a_supervisor_may_allocate_a_case_to_a_trainee_who_reads_it_but_records_nothing(supervisor, alice, site):
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site, supervisor=supervisor))
    tui = person("Tūī")
    report = allocated_report(supervisor, alice, [tui])
    case = services.case_open(actor=supervisor, kind=Case.Kind.ASSESSMENT, report_id=report.pk, worker_id=trainee.pk)
    assert case.allocated_worker == trainee
    assert case_decision(trainee, case.pk).allowed
    with pytest.raises(AccessDenied):
        add_note(trainee, case)
