"""Reading the caregiver register: a sealed household is absent (404 and a
refusal audited) for a colleague without a grant and shown with one; the
address is masked under break-glass and for a trainee; the list never shows
an address and leaves sealed households out; the social worker's panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access import services as access_services
from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.care.models import CaregiverVisit
from tiaki.care.selectors.caregivers import caregivers_needing_attention, household_get, household_list_for
from tiaki.care.services import caregivers as services
from tiaki.care.tests.caregiver_fixtures import events_since, head, inducted, place, ready_for_approval
from tiaki.casework.models import CaseParticipant
from tiaki.people.selectors.record import MASKED
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def seal(member, staff, privacy_officer) -> None:
    StaffSubjectLink.objects.create(user=staff, person=member.person, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    type(member.person).objects.filter(pk=member.person_id).update(sealed=True)


def test_the_three_actors_reading_a_household(alice, bob, charlie, household):
    view = household_get(actor=alice, household_id=household.pk)
    assert view.relationship == f"household-worker:{household.pk}"
    assert view.address_text == "12 Kauri Road, Kamo, Whangārei, 0112"
    assert view.latitude == -35.68
    assert view.may_change
    # bob is the site's caregiver team (caregiver:manage at Whangārei).
    assert household_get(actor=bob, household_id=household.pk).relationship.startswith("caregiver-team:")
    before = head()
    with pytest.raises(Http404):
        household_get(actor=charlie, household_id=household.pk)
    [event] = events_since(before, charlie)
    assert (event.action, event.outcome, event.reason) == ("caregiver.read", "refused", "no_relationship")


def test_a_sealed_household_is_absent_without_a_grant_and_shown_with_one(alice, bob, privacy_officer, household,
                                                                        caregiver, site):  # fmt: skip
    colleague = inducted(UserFactory(username="hine", role=Role.SOCIAL_WORKER, site=site))
    seal(caregiver, colleague, privacy_officer)
    before = head()
    with pytest.raises(Http404):
        household_get(actor=bob, household_id=household.pk)
    [event] = events_since(before, bob)
    assert (event.outcome, event.reason, event.subject_type) == ("refused", "sealed", "household")
    assert household.pk not in [r.id for r in household_list_for(actor=bob).rows]
    # The staff member whose whānau it is never sees it.
    with pytest.raises(Http404):
        household_get(actor=colleague, household_id=household.pk)
    access_services.sealed_grant(actor=privacy_officer, user=bob, person_id=caregiver.person_id,
                                 reason="Covering the caregiver support work.")  # fmt: skip
    assert household_get(actor=bob, household_id=household.pk).household == household
    assert household.pk in [r.id for r in household_list_for(actor=bob).rows]


def test_a_missing_household_is_refused_like_one_out_of_reach(charlie):
    before = head()
    with pytest.raises(Http404):
        household_get(actor=charlie, household_id=987654321)
    [event] = events_since(before, charlie)
    assert (event.outcome, event.reason) == ("refused", "not_found")


def test_the_address_is_masked_under_break_glass(household, caregiver, child, case, alice, site, charlie):
    place(child, household, case, alice)
    access_services.breakglass_open(actor=charlie, person_id=child.pk, reason="Police called: she may be at risk.")
    view = household_get(actor=charlie, household_id=household.pk)
    assert view.relationship.startswith(f"via-child:{child.pk}:break-glass:")
    assert view.address_text == MASKED
    assert view.latitude is None
    assert view.longitude is None
    assert not view.may_change


def test_a_trainee_on_the_childs_case_reads_the_household_without_its_address(household, child, case, alice,
                                                                             site):  # fmt: skip
    place(child, household, case, alice)
    trainee = inducted(UserFactory(username="tama", role=Role.TRAINEE, site=site))
    case.allocated_worker = trainee
    case.save(update_fields=["allocated_worker"])
    view = household_get(actor=trainee, household_id=household.pk)
    assert view.relationship.startswith(f"via-child:{child.pk}:allocated-case:")
    assert view.address_text == MASKED
    assert [p.child_id for p in view.placements] == [child.pk]
    with pytest.raises(AccessDenied):
        services.visit_record(actor=trainee, household_id=household.pk, visited_at=timezone.now(), summary="x")


def test_a_reader_who_may_not_change_it_is_refused_the_change_pages(household, child, case, alice, charlie):
    place(child, household, case, alice)
    access_services.breakglass_open(actor=charlie, person_id=child.pk, reason="Police called: she may be at risk.")
    before = head()
    with pytest.raises(Http404):
        household_get(actor=charlie, household_id=household.pk, to_change=True)
    assert [(e.action, e.outcome) for e in events_since(before, charlie)] == [
        ("caregiver.read", "allowed"), ("caregiver.update", "refused")]  # fmt: skip


def test_a_child_placed_there_is_named_only_to_those_who_may_read_them(household, child, case, alice, bob):
    place(child, household, case, alice)
    CaseParticipant.objects.filter(case=case).delete()
    view = household_get(actor=bob, household_id=household.pk)
    assert view.placements == []
    assert view.others_placed == 1


def test_the_list_never_shows_an_address_and_filters(alice, household, site):
    services.household_create(actor=alice, name="Parata whānau", kind="general", site=site,
                              enquiry_on=timezone.localdate())  # fmt: skip
    before = head()
    page = household_list_for(actor=alice)
    assert [r.name for r in page.rows] == ["Parata whānau", "Kingi whānau"]
    assert not any("Kauri" in str(value) for row in page.rows for value in row.__dict__.values())
    [event] = events_since(before, alice)
    assert (event.action, event.outcome) == ("caregiver.list", "allowed")
    assert [r.name for r in household_list_for(actor=alice, kind="kin").rows] == ["Kingi whānau"]
    assert household_list_for(actor=alice, status="approved").rows == []
    assert [r.name for r in household_list_for(actor=alice, page=2, page_size=1).rows] == ["Kingi whānau"]


def test_the_list_is_for_roles_with_caregiver_read(site):
    admin = inducted(UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site))
    with pytest.raises(AccessDenied):
        household_list_for(actor=admin)


def test_checks_expiring_and_overdue_visits_are_flagged(alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    assert caregivers_needing_attention(actor=alice) == []
    # A health check done almost three years ago expires within 60 days.
    services.check_record(actor=alice, household_id=household.pk, kind="health", outcome="clear",
                          done_on=timezone.localdate() - dt.timedelta(days=1080), member_id=caregiver.pk)  # fmt: skip
    view = household_get(actor=alice, household_id=household.pk)
    assert view.flags.check_expiring
    assert [c.expiring for c in view.checks if c.kind == "health"] == [True]
    type(household).objects.filter(pk=household.pk).update(approved_on=timezone.localdate() - dt.timedelta(days=90))
    [row] = caregivers_needing_attention(actor=alice)
    assert row.flags.visit_overdue
    assert row.flags.words == ["Visit overdue", "Check expiring or expired"]
    services.visit_record(actor=alice, household_id=household.pk, visited_at=timezone.now(), summary="All well.")
    assert CaregiverVisit.objects.count() == 1
    assert not caregivers_needing_attention(actor=alice)[0].flags.visit_overdue


def test_a_reader_through_a_placed_child_sees_a_summary(household, caregiver, child, case, alice, charlie):
    services.check_record(actor=alice, household_id=household.pk, kind="referee", outcome="concerns",
                          done_on=timezone.localdate(), note="A referee raised a worry.")  # fmt: skip
    services.support_plan_save(actor=alice, household_id=household.pk, expected_version=1, text="Respite monthly.")
    place(child, household, case, alice)
    case.allocated_worker = charlie
    case.save(update_fields=["allocated_worker"])
    view = household_get(actor=charlie, household_id=household.pk)
    assert view.summary_only
    assert view.checks == []
    assert [m.name for m in view.members] == ["Mere Kingi"]
    assert view.address_text == "12 Kauri Road, Kamo, Whangārei, 0112"  # an ongoing relationship, with the permission
