"""report_get: need-to-know, the notifier masked, one audit event per read,
and the children's history within the reader's reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake import services as intake
from tiaki.intake.selectors.report import (
    NOTIFIER_MASKED,
    report_draft_get,
    report_drafts_for,
    report_get,
    report_link_candidates,
)
from tiaki.people.models import PersonAlert
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaimahi(site):
    user = inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))
    now = timezone.now()
    IntakeDuty.objects.create(
        user=user, site=site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=8)
    )
    return user


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def record(actor, site, *children, **extra):
    return intake.report_record(
        actor=actor,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(c.pk) for c in children],
            concerns=[intake.ConcernInput("neglect", "No food")], narrative="Hungry at school.",
            notifier_name="Ms Ruth Kingi", notifier_contact="021 555 0101", **extra,
        ),
    )  # fmt: skip


def test_the_kaimahi_on_duty_reads_it_with_the_notifier_masked_and_one_audit_event(kaimahi, site, child):
    colleague = inducted(UserFactory(username="kaimahi-2", role=Role.CONTACT_CENTRE, site=site))
    report = record(colleague, site, child)  # someone else typed the notifier
    seq = head()
    view = report_get(actor=kaimahi, report_id=report.pk)
    assert view.reference == report.reference
    assert view.relationship == f"intake-duty:{report.pk}"
    assert view.notifier_name == NOTIFIER_MASKED
    assert view.notifier_contact == NOTIFIER_MASKED
    assert not view.notifier_visible
    assert [c.name for c in view.children] == ["Tūī Te Whare"]
    assert [c.category for c in view.concerns] == ["neglect"]
    events = list(AuditEvent.objects.filter(seq__gt=seq))
    assert [(e.action, e.outcome, e.relationship) for e in events] == [
        ("report.read", "allowed", f"intake-duty:{report.pk}")
    ]


def test_the_recorder_reads_back_the_notifier_they_typed(kaimahi, site, child):
    report = record(kaimahi, site, child)
    view = report_get(actor=kaimahi, report_id=report.pk)
    assert view.notifier_visible
    assert (view.notifier_name, view.notifier_contact) == ("Ms Ruth Kingi", "021 555 0101")
    assert view.may_record_another


def test_a_supervisor_at_the_site_sees_the_notifier(kaimahi, supervisor, site, child):
    report = record(kaimahi, site, child)
    view = report_get(actor=supervisor, report_id=report.pk)
    assert view.notifier_name == "Ms Ruth Kingi"
    assert view.notifier_visible


def test_a_colleague_at_another_site_gets_404_and_the_refusal_is_audited(kaimahi, charlie, site, child):
    report = record(kaimahi, site, child)
    seq = head()
    with pytest.raises(Http404):
        report_get(actor=charlie, report_id=report.pk)
    refused = AuditEvent.objects.get(seq__gt=seq)
    assert (refused.actor_id, refused.action, refused.outcome) == (charlie.pk, "report.read", "refused")


def test_an_outsider_without_the_permission_is_refused(kaimahi, site, child, other_site):
    outsider = inducted(UserFactory(username="outsider", role=Role.TRAINEE, site=other_site))
    report = record(kaimahi, site, child)
    seq = head()
    with pytest.raises(AccessDenied):
        report_get(actor=outsider, report_id=report.pk)
    assert AuditEvent.objects.filter(seq__gt=seq, actor_id=outsider.pk, outcome="refused").exists()


def test_history_is_detailed_within_reach_and_counts_only_outside_it(
    kaimahi, supervisor, alice, charlie, other_site, site, child, case
):
    other = PersonNameFactory(given_names="Hōhepa", family_name="Rāwiri").person
    theirs = Case.objects.create(
        kind=Case.Kind.ONGOING, site=other_site, allocated_worker=charlie, opened_at=timezone.now()
    )
    CaseParticipant.objects.create(case=theirs, person=other)
    PersonAlert.objects.create(
        person=other, kind="risk-to-staff", note="Dog at the gate", source="Police", review_on=dt.date(2030, 1, 1),
        recorded_at=timezone.now(),
    )  # fmt: skip
    earlier = record(kaimahi, site, child, other, received_at=timezone.now() - dt.timedelta(days=60))
    report = record(kaimahi, site, child, other)
    view = report_get(actor=supervisor, report_id=report.pk)
    by_child = {h.name: h for h in view.history if not h.restricted}
    mine = by_child["Tūī Te Whare"]
    assert [r.reference for r in mine.reports] == [earlier.reference]  # not the report being read
    assert [c.case_id for c in mine.cases] == [case.pk]
    (hidden,) = [h for h in view.history if h.restricted]
    assert (hidden.person_id, hidden.name) == (None, "")
    assert (hidden.report_count, hidden.open_case_count, hidden.alert_count) == (1, 1, 1)
    assert hidden.reports == ()
    assert hidden.cases == ()
    assert hidden.alerts == ()


def test_alerts_are_masked_for_a_reader_without_sensitive_access(kaimahi, site, child):
    PersonAlert.objects.create(
        person=child, kind="risk-to-staff", note="Dog at the gate", source="Police", review_on=dt.date(2030, 1, 1),
        recorded_at=timezone.now(),
    )  # fmt: skip
    record(kaimahi, site, child)
    (linked,) = report_link_candidates(actor=kaimahi, links=[(child.pk, "child")])
    assert linked.name == "Tūī Te Whare"
    assert linked.history is not None
    (alert,) = linked.history.alerts
    assert "Dog at the gate" not in alert.note
    assert "talk to the allocated social worker" in alert.note.lower()


def test_a_person_outside_reach_is_not_named_when_linking(kaimahi, site):
    stranger = PersonNameFactory(given_names="Wiremu", family_name="Pōtae").person
    (linked,) = report_link_candidates(actor=kaimahi, links=[(stranger.pk, "child")])
    assert "Wiremu" not in linked.name
    assert linked.history is not None
    assert linked.history.restricted


def test_drafts_are_the_owners_only(kaimahi, bob):
    draft = intake.report_draft_save(actor=kaimahi, draft_id=None, data={"narrative": "Started typing"})
    assert [d.id for d in report_drafts_for(actor=kaimahi)] == [draft.pk]
    assert report_drafts_for(actor=bob) == []
    assert report_draft_get(actor=kaimahi, draft_id=draft.pk) == {"narrative": "Started typing"}
    assert report_draft_get(actor=bob, draft_id=draft.pk) is None


def steps(view):
    return {name for name in ("triage", "approve", "allocate", "respond", "open_case") if getattr(view, f"may_{name}")}


def test_it_says_what_each_reader_may_do_next_as_the_report_moves_on(kaimahi, supervisor, alice, site, child):
    report = record(kaimahi, site, child)
    assert steps(report_get(actor=supervisor, report_id=report.pk)) == {"triage"}
    assert steps(report_get(actor=kaimahi, report_id=report.pk)) == set()
    intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="urgent")  # fmt: skip
    assert steps(report_get(actor=supervisor, report_id=report.pk)) == {"triage", "allocate"}
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    assert steps(report_get(actor=supervisor, report_id=report.pk)) == set()
    assert steps(report_get(actor=alice, report_id=report.pk)) == {"respond", "open_case"}
    intake.report_respond(actor=alice, report_id=report.pk, responded_at=timezone.now())
    assert steps(report_get(actor=alice, report_id=report.pk)) == {"open_case"}


def test_nobody_approves_their_own_decision(kaimahi, supervisor, site_manager, site, child):
    earlier = record(kaimahi, site, child)
    intake.triage_decide(actor=supervisor, report_id=earlier.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="urgent")  # fmt: skip
    # A second report on the same child within the policy's days needs approval to close.
    report = record(kaimahi, site, child)
    decision = intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="advice", reasons="Advice.")
    assert decision.needs_approval
    assert steps(report_get(actor=supervisor, report_id=report.pk)) == set()
    assert steps(report_get(actor=site_manager, report_id=report.pk)) == {"approve"}
