"""Need-to-know: each relationship grants access, its end ends access on the
next request, and every decision (allowed or refused) is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied, scoping
from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework import reach as casework_reach
from tiaki.casework.models import Case
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people import reach as people_reach
from tiaki.people import selectors
from tiaki.people.selectors import MASKED
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def last_event(user):
    return AuditEvent.objects.filter(actor_id=user.pk).order_by("-seq").first()


def test_it_lets_the_allocated_worker_read_the_child_and_names_the_case(alice, child, case):
    record = selectors.person_get(actor=alice, person_id=child.pk)
    assert record.display_name == "Tūī Te Whare"
    event = last_event(alice)
    assert (event.action, event.outcome, event.relationship) == ("person.read", "allowed", f"allocated-case:{case.pk}")
    assert event.subject_ids == f"[{child.pk}]"


def test_it_hides_the_child_from_a_colleague_without_a_relationship(bob, child, case):
    with pytest.raises(Http404):
        selectors.person_get(actor=bob, person_id=child.pk)
    event = last_event(bob)
    assert (event.outcome, event.reason) == ("refused", "no_relationship")


def test_it_hides_the_child_from_an_outsider(charlie, child, case):
    with pytest.raises(Http404):
        selectors.person_get(actor=charlie, person_id=child.pk)
    assert last_event(charlie).reason == "no_relationship"


def test_a_missing_person_looks_the_same_as_one_out_of_reach(alice):
    with pytest.raises(Http404):
        selectors.person_get(actor=alice, person_id=99999999)
    assert last_event(alice).reason == "not_found"


def test_the_supervision_line_reaches_the_supervisor_and_the_site_manager(supervisor, site_manager, child, case):
    assert scoping.person_decision(supervisor, child.pk).relationship == f"supervision-line:case:{case.pk}"
    assert scoping.person_decision(site_manager, child.pk).relationship == f"supervision-line:case:{case.pk}"


def test_a_case_closed_over_30_days_ago_gives_no_access(alice, supervisor, child, case):
    selectors.person_get(actor=alice, person_id=child.pk)
    closed = timezone.now() - casework_reach.CLOSED_CASE_WINDOW - dt.timedelta(minutes=1)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=closed, closure_reason="other")
    with pytest.raises(Http404):
        selectors.person_get(actor=alice, person_id=child.pk)
    assert not scoping.person_decision(supervisor, child.pk).allowed
    assert not casework_reach.case_decision(alice, case.pk).allowed


def test_a_recently_closed_case_can_be_read_by_its_team_but_not_recorded_on(alice, supervisor, child, case):
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - dt.timedelta(days=1), closure_reason="other"
    )
    assert scoping.person_decision(alice, child.pk).relationship == f"allocated-case:{case.pk}"
    assert scoping.person_decision(supervisor, child.pk).allowed
    assert casework_reach.case_decision(alice, case.pk).allowed
    assert casework_reach.case_decision(alice, case.pk, write=True).reason == "no_relationship"


def test_reallocating_the_case_moves_access_with_it(alice, bob, child, case):
    Case.objects.filter(pk=case.pk).update(allocated_worker=bob)
    assert scoping.person_decision(bob, child.pk).relationship == f"allocated-case:{case.pk}"
    assert scoping.person_decision(alice, child.pk).reason == "no_relationship"


def test_an_allocated_report_grants_access(site, bob, child):
    report = ReportOfConcern.objects.create(reference="R-1", site=site, received_at=timezone.now(), allocated_to=bob)
    ReportPerson.objects.create(report=report, person=child)
    assert scoping.person_decision(bob, child.pk).relationship == f"allocated-report:{report.pk}"


def test_intake_duty_reaches_the_sites_open_reports_only_while_on_duty(site, other_site, child):
    kaimahi = inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))
    report = ReportOfConcern.objects.create(reference="R-2", site=site, received_at=timezone.now())
    ReportPerson.objects.create(report=report, person=child)
    now = timezone.now()
    assert scoping.person_decision(kaimahi, child.pk).reason == "no_relationship"
    duty = IntakeDuty.objects.create(
        user=kaimahi, site=site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    record = selectors.person_get(actor=kaimahi, person_id=child.pk)
    assert last_event(kaimahi).relationship == f"intake-duty:{report.pk}"
    # Contact centre kaimahi lack the SENSITIVE field permission: masked.
    assert record.addresses[0].text == MASKED
    IntakeDuty.objects.filter(pk=duty.pk).update(ends_at=now - dt.timedelta(minutes=1))
    with pytest.raises(Http404):
        selectors.person_get(actor=kaimahi, person_id=child.pk)
    duty.ends_at = now + dt.timedelta(hours=1)
    duty.site = other_site
    duty.save()
    assert scoping.person_decision(kaimahi, child.pk).reason == "no_relationship"


def test_the_allocated_worker_sees_the_protected_address(alice, child, case):
    record = selectors.person_get(actor=alice, person_id=child.pk)
    assert record.addresses[0].protected
    assert "Kōwhai Street" in record.addresses[0].text


def test_it_refuses_a_trainee_before_induction_and_audits_the_reason(site, child):
    trainee = UserFactory(username="trainee", role=Role.TRAINEE, site=site)
    Case.objects.create(
        kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=trainee, opened_at=timezone.now()
    ).participants.create(person=child)
    with pytest.raises(AccessDenied) as refused:
        selectors.person_get(actor=trainee, person_id=child.pk)
    assert refused.value.reason == "induction_incomplete"
    event = last_event(trainee)
    assert (event.outcome, event.reason, event.subject_ids) == ("refused", "induction_incomplete", f"[{child.pk}]")
    inducted(trainee)
    assert selectors.person_get(actor=trainee, person_id=child.pk).display_name == "Tūī Te Whare"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.CAREGIVER])
def test_roles_without_case_access_are_refused_and_audited(site, child, case, role):
    user = inducted(UserFactory(username=f"u-{role.value}", role=role, site=site))
    with pytest.raises(AccessDenied):
        selectors.person_get(actor=user, person_id=child.pk)
    assert last_event(user).reason == "permission_missing"


def test_visible_persons_agrees_with_the_decision(alice, bob, supervisor, child, case):
    assert list(people_reach.visible_persons(alice).values_list("pk", flat=True)) == [child.pk]
    assert list(people_reach.visible_persons(supervisor).values_list("pk", flat=True)) == [child.pk]
    assert list(people_reach.visible_persons(bob)) == []


def test_the_home_list_shows_allocated_people_in_one_audit_event(alice, child, case):
    before = AuditEvent.objects.filter(actor_id=alice.pk).count()
    people = selectors.person_list_allocated(actor=alice)
    assert [p.display_name for p in people] == ["Tūī Te Whare"]
    assert AuditEvent.objects.filter(actor_id=alice.pk).count() == before + 1
    assert last_event(alice).relationship == "list:allocated"
