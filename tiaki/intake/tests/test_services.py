"""Recording, triage, approval, allocation, response and escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.chronology.models import ChronologyEntry
from tiaki.inbox.models import Notification
from tiaki.intake import clocks
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern, ReportPerson, ResponseTimeframe
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaimahi(site):
    return inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))


def report_for(actor, site, *people, **extra):
    persons = [intake.ReportPersonInput(p.pk, "child" if i == 0 else "adult") for i, p in enumerate(people)]
    data = intake.ReportInput(
        site_id=site.pk,
        persons=persons,
        concerns=[intake.ConcernInput("neglect", "No food in the house")],
        narrative="Teacher rang: the child arrives hungry most days.",
        notifier_name="Ms Ruth Kingi",
        notifier_relationship="teacher",
        **extra,
    )
    return intake.report_record(actor=actor, data=data)


def test_it_records_a_report_with_a_reference_and_audits_it(kaimahi, site, child):
    adults = [PersonNameFactory(given_names=n, family_name="Te Whare").person for n in ("Hēmi", "Aroha")]
    report = report_for(kaimahi, site, child, *adults)
    assert report.reference == f"ROC-{timezone.localtime(report.received_at):%Y}-{report.pk:07d}"
    assert ReportPerson.objects.filter(report=report).count() == 3
    event = AuditEvent.objects.filter(actor_id=kaimahi.pk, action="report.create").get()
    assert event.relationship == f"report:{report.pk}"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"concerns": []}, "concerns", "at least one kind of concern"),
        ({"narrative": "", "concerns": [intake.ConcernInput("neglect")]}, "narrative", "what the notifier told you"),
        ({"narrative": "x" * 20_001}, "narrative", "keep it under 20,000"),
        ({"received_at": timezone.now() + dt.timedelta(days=1)}, "received_at", "cannot be in the future"),
        ({"channel": "professional"}, "referrer_agency", "Name the agency"),
    ],
)
def test_bad_input_gets_a_specific_error_and_nothing_is_saved(kaimahi, site, child, change, field, message):
    base = {
        "site_id": site.pk,
        "persons": [intake.ReportPersonInput(child.pk)],
        "concerns": [intake.ConcernInput("neglect", "detail")],
        "narrative": "What the caller said.",
    }
    with pytest.raises(intake.ReportInputError) as failed:
        intake.report_record(actor=kaimahi, data=intake.ReportInput(**(base | change)))
    assert message in failed.value.errors[field]
    assert not ReportOfConcern.objects.exists()


def test_an_unknown_person_is_named_in_the_error(kaimahi, site, child):
    data = intake.ReportInput(
        site_id=site.pk, persons=[intake.ReportPersonInput(child.pk), intake.ReportPersonInput(99999, "adult")],
        concerns=[intake.ConcernInput("physical", "bruises")],
    )  # fmt: skip
    with pytest.raises(intake.ReportInputError) as failed:
        intake.report_record(actor=kaimahi, data=data)
    assert "no person with number 99999" in failed.value.errors["persons.1"]
    assert not ReportOfConcern.objects.exists()


def test_a_trainee_before_induction_cannot_record(site, child):
    worker = UserFactory(username="new", role=Role.CONTACT_CENTRE, site=site)
    with pytest.raises(AccessDenied):
        report_for(worker, site, child)


def test_an_assessment_gets_its_deadline_from_the_policy(alice, supervisor, site, child, kaimahi):
    report = report_for(kaimahi, site, child)
    with pytest.raises(intake.TriageError, match="how soon"):
        intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Bruising seen")
    intake.triage_decide(
        actor=supervisor,
        report_id=report.pk,
        outcome="assessment",
        reasons="Bruising seen",
        timeframe_code="very-urgent",
    )
    report.refresh_from_db()
    assert report.stage == "decided"
    assert report.response_due_at == report.received_at + dt.timedelta(hours=48)
    non_urgent = ResponseTimeframe.objects.get(code="non-urgent")
    assert clocks.due_at(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), non_urgent).date() > dt.date(2027, 1, 15)


def test_lowering_urgency_needs_a_reason(supervisor, site, child, kaimahi):
    report = report_for(kaimahi, site, child)
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="critical"
    )
    with pytest.raises(intake.TriageError, match="lowers the urgency") as failed:
        intake.triage_decide(
            actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="urgent"
        )
    assert failed.value.field == "lowered_reason"
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="urgent",
        lowered_reason="Police have removed the alleged abuser from the home",
    )  # fmt: skip
    report.refresh_from_db()
    assert report.timeframe == "urgent"


def test_no_further_action_on_a_baby_needs_approval_by_someone_else(supervisor, site_manager, site, kaimahi):
    baby = PersonNameFactory(
        given_names="Pēpi", family_name="Ngata", person__date_of_birth=timezone.localdate() - dt.timedelta(days=200)
    ).person
    report = report_for(kaimahi, site, baby)
    decision = intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="nfa", reasons="Unfounded")
    assert decision.needs_approval
    assert "under 2" in decision.approval_rule
    report.refresh_from_db()
    assert report.stage == "awaiting-approval"
    with pytest.raises(intake.TriageError, match="Someone else"):
        intake.triage_approve(actor=supervisor, decision_id=decision.pk, approve=True)
    intake.triage_approve(actor=site_manager, decision_id=decision.pk, approve=True)
    report.refresh_from_db()
    assert (report.stage, report.status) == ("closed", "closed")


def test_a_second_report_within_30_days_needs_approval(supervisor, site, child, kaimahi):
    first = report_for(kaimahi, site, child)
    intake.triage_decide(actor=supervisor, report_id=first.pk, outcome="advice", reasons="Advice to school")
    second = report_for(kaimahi, site, child)
    decision = intake.triage_decide(actor=supervisor, report_id=second.pk, outcome="advice", reasons="Again")
    assert "second report within 30 days" in decision.approval_rule
    # The approval request goes to the decider's own supervisor.
    assert Notification.objects.filter(user=supervisor.supervisor, text__contains=second.reference).exists()


def test_allocation_is_once_and_the_second_supervisor_is_told(
    supervisor, site_manager, alice, bob, site, child, kaimahi
):
    report = report_for(kaimahi, site, child)
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="urgent"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    with pytest.raises(intake.AllocationConflict, match="already allocated to"):
        intake.report_allocate(actor=site_manager, report_id=report.pk, worker_id=bob.pk)
    report.refresh_from_db()
    assert report.allocated_to == alice
    assert Notification.objects.filter(user=alice, text__contains=report.reference).exists()


def test_a_social_worker_cannot_allocate_and_an_outsider_cannot_triage(
    alice, charlie, supervisor, site, child, kaimahi
):
    report = report_for(kaimahi, site, child)
    with pytest.raises(AccessDenied):
        intake.report_allocate(actor=alice, report_id=report.pk, worker_id=alice.pk)
    from django.http import Http404

    with pytest.raises(Http404):
        intake.triage_decide(actor=charlie, report_id=report.pk, outcome="advice", reasons="r")
    assert AuditEvent.objects.filter(actor_id=charlie.pk, outcome="refused", reason="no_relationship").exists()


def test_the_response_stops_the_clock_and_escalation_happens_in_the_job(supervisor, alice, site, child, kaimahi):
    report = report_for(kaimahi, site, child)
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="critical"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    report.refresh_from_db()
    assert intake.reports_escalate(now=report.received_at + dt.timedelta(hours=6)) == (0, 0)
    assert intake.reports_escalate(now=report.received_at + dt.timedelta(hours=13)) == (1, 0)
    assert intake.reports_escalate(now=report.received_at + dt.timedelta(hours=19)) == (0, 1)
    assert Notification.objects.filter(user=supervisor, text__contains="no response yet").exists()
    with pytest.raises(intake.TriageError, match="future"):
        intake.report_respond(actor=alice, report_id=report.pk, responded_at=timezone.now() + dt.timedelta(hours=2))
    intake.report_respond(actor=alice, report_id=report.pk, responded_at=timezone.now())
    report.refresh_from_db()
    clock = clocks.Clock(
        report.received_at, report.decided_at, report.response_due_at, report.responded_at, timezone.now()
    )
    assert clock.on_time is True
    assert clock.remaining is None


def test_a_partner_names_a_child_it_cannot_link(site, child):
    from tiaki.people.models import PersonIdentifier

    partner = UserFactory(username="police", role=Role.PARTNER_WORKER, site=site)
    PersonIdentifier.objects.create(person=child, kind="nhi", value="ZAA1004")
    data = intake.ReportInput(
        site_id=site.pk, persons=[], channel="professional", referrer_agency="NZ Police",
        concerns=[intake.ConcernInput("family-violence", "Attended a callout")],
        unlinked=[
            intake.UnlinkedPersonInput("Tui", "Te Whare", nhi="zaa1004"),
            intake.UnlinkedPersonInput("Kahu", "Walker", birth_date=dt.date(2019, 2, 3)),
        ],
    )  # fmt: skip
    report = intake.report_record(actor=partner, data=data)
    linked = set(ReportPerson.objects.filter(report=report).values_list("person_id", flat=True))
    assert child.pk in linked  # the same NHI is the same child
    new = linked - {child.pk}
    assert len(new) == 1
    from tiaki.people.models import PersonName

    assert PersonName.objects.get(person_id=new.pop()).source == f"referral {report.reference}"
    bad = intake.ReportInput(
        site_id=site.pk, persons=[], channel="professional", referrer_agency="NZ Police",
        concerns=[intake.ConcernInput("neglect", "x")], unlinked=[intake.UnlinkedPersonInput("A", "B", nhi="ABC1234")],
    )  # fmt: skip
    with pytest.raises(intake.ReportInputError) as failed:
        intake.report_record(actor=partner, data=bad)
    assert "not a valid NHI" in failed.value.errors["unlinked.0.nhi"]


def test_a_response_in_the_minute_the_report_came_in_is_accepted(supervisor, alice, site, child, kaimahi):
    report = report_for(kaimahi, site, child)
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="r", timeframe_code="critical"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    report.refresh_from_db()
    same_minute = report.received_at.replace(second=0, microsecond=0)
    intake.report_respond(actor=alice, report_id=report.pk, responded_at=same_minute)
    report.refresh_from_db()
    assert report.responded_at == report.received_at
    with pytest.raises(intake.TriageError, match="before the report"):
        intake.report_respond(actor=alice, report_id=report.pk, responded_at=same_minute - dt.timedelta(minutes=1))


def test_a_decision_made_earlier_is_recorded_at_its_time_never_in_the_future_or_before_the_report(
    supervisor, site, child, kaimahi
):
    received = timezone.now() - dt.timedelta(days=3)
    report = report_for(kaimahi, site, child, received_at=received)
    decide = {"actor": supervisor, "report_id": report.pk, "outcome": "assessment", "reasons": "Bruising seen",
              "timeframe_code": "urgent"}  # fmt: skip
    for wrong, message in (
        (timezone.now() + dt.timedelta(hours=1), "future"),
        (received - dt.timedelta(days=1), "before"),
    ):
        with pytest.raises(intake.TriageError, match=message):
            intake.triage_decide(**decide, decided_at=wrong)
    decided = received + dt.timedelta(hours=2)
    decision = intake.triage_decide(**decide, decided_at=decided)
    report.refresh_from_db()
    assert decision.decided_at == report.decided_at == decided
    entry = ChronologyEntry.objects.get(kind="decision", report_id=report.pk)
    assert entry.occurred_at == decided
