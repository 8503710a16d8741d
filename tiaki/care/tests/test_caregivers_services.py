"""The caregiver register's services: the three actors and their audit rows,
approval by someone other than the assessor with the checks it needs,
specialist roles only with their training, stale versions, and the
chronology of the children placed with a household."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.care.models import CaregiverAssessment, CaregiverHousehold, CaregiverPolicy, Placement
from tiaki.care.services import caregivers as services
from tiaki.care.services.caregivers import CaregiverError, SelfApproval, StaleVersion
from tiaki.care.tests.caregiver_fixtures import (
    ADDRESS,
    add_member,
    events_since,
    head,
    inducted,
    place,
    ready_for_approval,
)
from tiaki.chronology.models import ChronologyEntry
from tiaki.people.services.inputs import NameInput, PersonInput
from tiaki.people.services.register import PossibleDuplicates
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_social_worker_adds_a_household_and_it_is_audited(alice, site):
    before = head()
    household = services.household_create(actor=alice, name="Kingi whānau", kind="kin", site=site,
                                          enquiry_on=timezone.localdate(), address=ADDRESS)  # fmt: skip
    assert household.social_worker == alice
    assert household.status == CaregiverHousehold.Status.ENQUIRY
    assert household.reference.startswith("CG-")
    [event] = events_since(before, alice)
    assert (event.action, event.outcome, event.subject_type) == ("caregiver.create", "allowed", "household")
    assert event.relationship == f"created:{household.pk}"


def test_it_refuses_a_household_that_cannot_be_saved(alice, site):
    with pytest.raises(CaregiverError, match="from 1 to 12") as exc:
        services.household_create(actor=alice, name="Kingi", kind="kin", site=site, enquiry_on=timezone.localdate(),
                                  capacity=0)  # fmt: skip
    assert exc.value.field == "capacity"
    with pytest.raises(CaregiverError, match="needs the household can meet"):
        services.household_create(actor=alice, name="Kingi", kind="kin", site=site, enquiry_on=timezone.localdate(),
                                  needs_met=["flying"])  # fmt: skip
    with pytest.raises(CaregiverError, match="cannot be in the future"):
        services.household_create(actor=alice, name="Kingi", kind="kin", site=site,
                                  enquiry_on=timezone.localdate() + dt.timedelta(days=1))  # fmt: skip


def test_the_three_actors_recording_a_check(alice, bob, charlie, household, caregiver):
    # alice: the household's social worker; bob: the site's caregiver team; charlie: another site.
    for actor in (alice, bob):
        check = services.check_record(
            actor=actor, household_id=household.pk, kind="police_vet", done_on=timezone.localdate(),
            outcome="clear", member_id=caregiver.pk,
        )  # fmt: skip
        assert check.expires_on == timezone.localdate() + dt.timedelta(days=1095)
    before = head()
    with pytest.raises(Http404):
        services.check_record(actor=charlie, household_id=household.pk, kind="referee",
                              done_on=timezone.localdate(), outcome="clear")  # fmt: skip
    [event] = events_since(before, charlie)
    assert (event.action, event.outcome, event.reason) == ("caregiver.update", "refused", "no_relationship")


def test_a_missing_household_is_refused_as_one_out_of_reach(charlie, household):
    before = head()
    with pytest.raises(Http404):
        services.visit_record(actor=charlie, household_id=987654321, visited_at=timezone.now(), summary="Seen")
    [event] = events_since(before, charlie)
    assert (event.outcome, event.reason) == ("refused", "not_found")


def test_a_police_vet_and_a_health_check_are_for_one_member(alice, household):
    with pytest.raises(CaregiverError, match="Choose who the police vetting is for"):
        services.check_record(actor=alice, household_id=household.pk, kind="police_vet",
                              done_on=timezone.localdate(), outcome="clear")  # fmt: skip
    with pytest.raises(CaregiverError, match="what the concerns are"):
        services.check_record(actor=alice, household_id=household.pk, kind="referee",
                              done_on=timezone.localdate(), outcome="concerns")  # fmt: skip


def test_a_caregiver_is_not_approved_by_their_own_assessor(alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=supervisor, household_id=household.pk)
    services.assessment_complete(actor=supervisor, household_id=household.pk, recommendation="approve",
                                 summary="A warm, safe home.")  # fmt: skip
    with pytest.raises(SelfApproval, match="A caregiver is approved by someone other than their assessor"):
        services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.ASSESSMENT


def test_approval_needs_a_clear_unexpired_police_vet_for_every_adult(alice, supervisor, household, caregiver):
    partner = add_member(alice, household, "Hēmi", role="adult")
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    with pytest.raises(CaregiverError, match="Hēmi Kingi has no police vet"):
        services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    # An expired vet (done over three years ago) is no better.
    services.check_record(actor=alice, household_id=household.pk, kind="police_vet", outcome="clear",
                          done_on=timezone.localdate() - dt.timedelta(days=1200), member_id=partner.pk)  # fmt: skip
    with pytest.raises(CaregiverError, match="Hēmi Kingi's police vet has expired"):
        services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")


def test_approval_sets_the_review_and_resolves_unapproved_placements(alice, supervisor, household, caregiver,
                                                                    child, case):  # fmt: skip
    placement = place(child, household, case, alice, unapproved="Nan took her in the night she was uplifted.")
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    before = head()
    assessment = services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    household.refresh_from_db()
    assert assessment.decided_by == supervisor
    assert household.status == CaregiverHousehold.Status.APPROVED
    assert household.approved_by == supervisor
    assert household.next_review_on == timezone.localdate() + dt.timedelta(days=365)
    placement.refresh_from_db()
    assert placement.unapproved_resolved_on == timezone.localdate()
    entry = ChronologyEntry.objects.get(person=child, kind="caregiver", title="Caregiver approved")
    assert "Kauri" not in entry.summary
    [event] = events_since(before, supervisor)
    assert (event.action, event.outcome) == ("caregiver.approve", "allowed")


def test_a_social_worker_cannot_decide_on_an_assessment(alice, bob, household, caregiver):
    services.assessment_start(actor=alice, household_id=household.pk)
    before = head()
    with pytest.raises(AccessDenied):
        services.assessment_decide(actor=bob, household_id=household.pk, decision="approved")
    [event] = events_since(before, bob)
    assert (event.action, event.outcome, event.reason) == ("caregiver.approve", "refused", "permission_missing")


def test_a_specialist_role_needs_its_training(alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    for course in ("foundations", "trauma_informed"):
        services.training_record(actor=alice, household_id=household.pk, course=course,
                                 completed_on=timezone.localdate(), member_id=caregiver.pk)  # fmt: skip
    with pytest.raises(CaregiverError, match="Caring for children with high and complex needs") as exc:
        services.specialist_role_grant(actor=alice, household_id=household.pk, role="high_complex")
    assert exc.value.field == "role"
    services.training_record(actor=alice, household_id=household.pk, course="high_complex",
                             completed_on=timezone.localdate())  # fmt: skip
    role = services.specialist_role_grant(actor=alice, household_id=household.pk, role="high_complex")
    assert role.granted_by == alice


def test_a_stale_version_saves_nothing(alice, bob, household):
    services.household_update(actor=alice, household_id=household.pk, expected_version=1, capacity=3)
    with pytest.raises(StaleVersion) as exc:
        services.support_plan_save(actor=bob, household_id=household.pk, expected_version=1, text="Respite monthly.")
    assert exc.value.current == 2
    household.refresh_from_db()
    assert (household.capacity, household.support_plan) == (3, "")
    services.support_plan_save(actor=bob, household_id=household.pk, expected_version=2, text="Respite monthly.")
    household.refresh_from_db()
    assert household.support_plan == "Respite monthly."


def test_a_member_joining_is_told_on_the_placed_childs_chronology(alice, household, caregiver, child, case):
    place(child, household, case, alice)
    member = add_member(alice, household, "Rawiri", role="adult")
    entry = ChronologyEntry.objects.get(person=child, kind="caregiver", title="Another adult joined the household")
    assert "Kauri" not in entry.summary
    assert "Rawiri" not in entry.summary
    services.member_leave(actor=alice, household_id=household.pk, member_id=member.pk)
    assert ChronologyEntry.objects.filter(person=child, kind="caregiver", title="An adult left the household").exists()


def test_adding_a_new_person_searches_the_register_first(alice, charlie, household):
    from tiaki.people.services import person_create

    # Someone of that name is on the register, out of alice's reach: she is told and must confirm.
    typed = PersonInput(names=[NameInput(given_names="Aroha", family_name="Kingi")])
    person_create(actor=charlie, data=typed, confirmed_new=True)
    with pytest.raises(PossibleDuplicates):
        services.member_add(actor=alice, household_id=household.pk, role="adult", new_person=typed)
    member = services.member_add(actor=alice, household_id=household.pk, role="adult", new_person=typed,
                                 confirmed_new=True)  # fmt: skip
    assert member.person.names.get().given_names == "Aroha"


def test_a_person_out_of_reach_is_not_added(alice, household):
    stranger = PersonNameFactory(given_names="Kahu", family_name="Tane").person
    with pytest.raises(CaregiverError, match="no person with that number"):
        services.member_add(actor=alice, household_id=household.pk, role="adult", person_id=stranger.pk)


def test_the_social_worker_opens_their_caregivers_person_records(alice, bob, household, caregiver):
    from tiaki.access.scoping import person_decision

    # Past the 24 hours in which whoever added a person may open them.
    type(caregiver.person).objects.filter(pk=caregiver.person_id).update(created_by=None)
    decision = person_decision(alice, caregiver.person_id)
    assert decision.allowed
    assert decision.relationship == f"caregiver-household:{household.pk}"
    assert not person_decision(bob, caregiver.person_id).allowed


def test_a_household_with_a_staff_members_whanau_is_sealed(alice, bob, privacy_officer, household, caregiver):
    from tiaki.access import services as access_services

    StaffSubjectLink.objects.create(user=bob, person=caregiver.person, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    type(caregiver.person).objects.filter(pk=caregiver.person_id).update(sealed=True)
    before = head()
    with pytest.raises(Http404):
        services.visit_record(actor=bob, household_id=household.pk, visited_at=timezone.now(), summary="Seen")
    [event] = events_since(before, bob)
    assert (event.outcome, event.reason) == ("refused", "sealed")
    with pytest.raises(Http404):
        services.visit_record(actor=alice, household_id=household.pk, visited_at=timezone.now(), summary="Seen")
    access_services.sealed_grant(actor=privacy_officer, user=alice, person_id=caregiver.person_id,
                                 reason="She is the household's social worker.")  # fmt: skip
    services.visit_record(actor=alice, household_id=household.pk, visited_at=timezone.now(), summary="Seen")


def test_a_household_with_a_child_placed_is_not_closed(alice, household, child, case):
    place(child, household, case, alice)
    with pytest.raises(CaregiverError, match="move them before closing"):
        services.household_close(actor=alice, household_id=household.pk, reason="They moved away.")
    Placement.objects.update(ended_on=timezone.localdate(), end_reason="planned_move")
    services.household_close(actor=alice, household_id=household.pk, reason="They moved away.")
    with pytest.raises(CaregiverError, match="closed"):
        services.visit_record(actor=alice, household_id=household.pk, visited_at=timezone.now(), summary="Seen")


def test_the_yearly_review_sets_the_next(alice, supervisor, household, caregiver):
    with pytest.raises(CaregiverError, match="Only an approved household"):
        services.review_record(actor=alice, household_id=household.pk, held_on=timezone.localdate(),
                               outcome="continue", summary="Going well.")  # fmt: skip
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    held = timezone.localdate() - dt.timedelta(days=1)
    services.review_record(actor=alice, household_id=household.pk, held_on=held, outcome="on_hold",
                           summary="A break while Mere recovers.")  # fmt: skip
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.ON_HOLD
    assert household.next_review_on == held + dt.timedelta(days=365)


def test_policy_values_of_zero_or_below_are_refused(site):
    admin = inducted(UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site))
    for value in (0, -3):
        with pytest.raises(CaregiverError, match="must be more than zero") as exc:
            services.caregiver_policy_update(actor=admin, values={"visit_interval_days": value})
        assert exc.value.field == "visit_interval_days"
    before = head()
    policy = services.caregiver_policy_update(actor=admin, values={"visit_interval_days": 28})
    assert policy.visit_interval_days == CaregiverPolicy.objects.get().visit_interval_days == 28
    [event] = events_since(before, admin)
    assert (event.action, event.relationship) == ("policy.update", "caregiver-policy:visit_interval_days")


def test_the_policy_is_for_administrators(alice):
    before = head()
    with pytest.raises(AccessDenied):
        services.caregiver_policy_update(actor=alice, values={"visit_interval_days": 28})
    [event] = events_since(before, alice)
    assert (event.action, event.outcome) == ("policy.update", "refused")


def test_the_assessment_records_who_decided(alice, supervisor, household, caregiver):
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="decline",
                                 summary="Not safe for a baby.")  # fmt: skip
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="declined",
                               reason="Concerns about safety.")  # fmt: skip
    assert CaregiverAssessment.objects.get().decision == "declined"
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.DECLINED
