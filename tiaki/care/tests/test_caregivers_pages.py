"""The caregiver register's pages: the list (never an address), adding a
household, one household as each reader may see it, the sub-pages that
record on it (a refused change shown on the form), search-before-create for
members, the policy page's caregiver numbers and the top bar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access import services as access_services
from tiaki.access.roles import Role
from tiaki.care.models import CaregiverCheck, CaregiverHousehold, CaregiverPolicy, HouseholdMember
from tiaki.care.services import caregivers as services
from tiaki.care.tests.caregiver_fixtures import events_since, head, inducted, place, ready_for_approval
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


def url(household, rest=""):
    return f"/caregivers/{household.pk}/{rest}"


def test_the_social_worker_adds_a_household(client, alice):
    client.force_login(alice)
    assert client.get("/caregivers/new/").status_code == 200
    data = {"name": "Kingi whānau", "kind": "kin", **date_parts("enquiry_on", timezone.localdate()),
            "street": "12 Kauri Road", "city": "Whangārei", "capacity": "2", "age_min": "0", "age_max": "12",
            "needs_met": ["te_reo"], "iwi": "Ngāpuhi, Te Rarawa"}  # fmt: skip
    response = client.post("/caregivers/new/", data)
    household = CaregiverHousehold.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(household)
    assert household.iwi == ["Ngāpuhi", "Te Rarawa"]
    page = client.get(url(household)).content.decode()
    assert "12 Kauri Road" in page
    assert "Kingi whānau" in page


def test_a_household_that_cannot_be_saved_says_why(client, alice):
    client.force_login(alice)
    data = {"name": "Kingi", "kind": "kin", **date_parts("enquiry_on", timezone.localdate()), "capacity": "0",
            "age_min": "0", "age_max": "17"}  # fmt: skip
    response = client.post("/caregivers/new/", data)
    assert response.status_code == 400
    assert "A household takes from 1 to 12 children." in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_the_list_shows_no_address(client, alice, household):
    client.force_login(alice)
    page = client.get("/caregivers/").content.decode()
    assert "Kingi whānau" in page
    assert "Kauri" not in page
    assert client.get("/caregivers/?status=approved").content.decode().count("Kingi whānau") == 0


def test_an_outsider_gets_not_found_and_it_is_audited(client, charlie, household):
    client.force_login(charlie)
    before = head()
    assert client.get(url(household)).status_code == 404
    assert client.get(url(household, "checks/add/")).status_code == 404
    assert [(e.action, e.outcome) for e in events_since(before, charlie)] == [
        ("caregiver.read", "refused"), ("caregiver.read", "refused")]  # fmt: skip


def test_the_address_is_masked_for_a_reader_through_break_glass(client, charlie, household, child, case, alice):
    place(child, household, case, alice)
    access_services.breakglass_open(actor=charlie, person_id=child.pk, reason="Police called: she may be at risk.")
    client.force_login(charlie)
    page = client.get(url(household)).content.decode()
    assert "Kauri" not in page
    assert "Protected" in page
    assert "Record a check" not in page


def test_recording_a_check_and_its_refusal_on_the_form(client, alice, household, caregiver):
    client.force_login(alice)
    assert client.get(url(household, "checks/add/")).status_code == 200
    data = {"kind": "police_vet", "outcome": "clear", "member": "", **date_parts("done_on", timezone.localdate())}
    response = client.post(url(household, "checks/add/"), data)
    assert response.status_code == 400
    assert "Choose who the police vetting is for." in response.content.decode()
    response = client.post(url(household, "checks/add/"), {**data, "member": str(caregiver.pk)})
    assert response.status_code == 302
    assert CaregiverCheck.objects.get().expires_on == timezone.localdate() + dt.timedelta(days=1095)


def test_the_assessor_is_told_they_cannot_approve(client, alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=supervisor, household_id=household.pk)
    services.assessment_complete(actor=supervisor, household_id=household.pk, recommendation="approve",
                                 summary="Safe.")  # fmt: skip
    client.force_login(supervisor)
    response = client.post(url(household, "assessment/decide/"), {"decision": "approved"})
    assert response.status_code == 400
    assert "A caregiver is approved by someone other than their assessor." in response.content.decode()


def test_approval_through_the_pages(client, alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    client.force_login(alice)
    assert (
        client.post(url(household, "assessment/start/"), date_parts("started_on", timezone.localdate())).status_code
        == 302
    )
    data = {"recommendation": "approve", "summary": "A warm home.", **date_parts("completed_on", timezone.localdate())}
    assert client.post(url(household, "assessment/complete/"), data).status_code == 302
    assert "Decide on the assessment" not in client.get(url(household)).content.decode()
    client.force_login(supervisor)
    assert "Decide on the assessment" in client.get(url(household)).content.decode()
    assert client.post(url(household, "assessment/decide/"), {"decision": "approved"}).status_code == 302
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.APPROVED


def test_a_stale_support_plan_is_a_409_and_keeps_the_text(client, alice, bob, household):
    services.support_plan_save(actor=bob, household_id=household.pk, expected_version=1, text="Bob's plan.")
    client.force_login(alice)
    response = client.post(url(household, "support-plan/"), {"version": "1", "text": "Alice's plan."})
    assert response.status_code == 409
    assert "Alice&#x27;s plan." in response.content.decode()


def test_members_are_searched_for_first_then_added(client, alice, household):
    existing = PersonNameFactory(given_names="Aroha", family_name="Kingi", person__created_by=alice).person
    from tiaki.people.services.match_keys import index_person

    index_person(existing.pk)
    client.force_login(alice)
    assert client.get(url(household, "members/add/")).status_code == 200
    response = client.post(url(household, "members/add/"), {"form": "search", "search-given_names": "Aroha",
                                                             "search-family_name": "Kingi"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Add Aroha Kingi" in page
    assert "Add a new person" in page
    response = client.post(url(household, "members/add/"), {"form": "existing", "existing-person_id": existing.pk,
                                                             "existing-role": "caregiver"})  # fmt: skip
    assert response.status_code == 302
    assert HouseholdMember.objects.get().person == existing


def test_a_new_member_is_added_through_the_people_services(client, alice, household):
    client.force_login(alice)
    data = {"form": "new", "new-given_names": "Wiremu", "new-family_name": "Kingi", "new-gender": "male",
            "new-role": "adult", "new-source": "Wiremu, at the home visit",
            **date_parts("birth_date", None, "new")}  # fmt: skip
    response = client.post(url(household, "members/add/"), data)
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert member.person.names.get().given_names == "Wiremu"


def test_the_policy_page_shows_and_changes_the_caregiver_numbers(client, site):
    admin = inducted(UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site))
    client.force_login(admin)
    page = client.get("/admin/policy/").content.decode()
    assert "Days a police vet stays valid" in page
    values = {"form": "caregivers", "visit_interval_days": "28", "review_interval_days": "365",
              "police_vet_valid_days": "1095", "health_check_valid_days": "1095"}  # fmt: skip
    response = client.post("/admin/policy/", {**values, "visit_interval_days": "0"})
    assert response.status_code == 400
    assert "must be more than zero" in response.content.decode()
    assert client.post("/admin/policy/", values).status_code == 302
    assert CaregiverPolicy.objects.get().visit_interval_days == 28


def test_caregivers_is_in_the_top_bar_for_those_who_read_them(client, alice, site):
    client.force_login(alice)
    assert 'href="/caregivers/"' in client.get("/").content.decode()
    admin = inducted(UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site))
    client.force_login(admin)
    assert 'href="/caregivers/"' not in client.get("/").content.decode()


def test_the_home_page_lists_caregivers_needing_attention(client, alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    type(household).objects.filter(pk=household.pk).update(approved_on=timezone.localdate() - dt.timedelta(days=90))
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Caregivers needing attention" in page
    assert "Visit overdue" in page


def test_changing_the_details_from_a_stale_version_is_a_409(client, alice, bob, household):
    services.household_update(actor=bob, household_id=household.pk, expected_version=1, capacity=3)
    client.force_login(alice)
    data = {"version": "1", "name": "Kingi whānau", "capacity": "4", "age_min": "0", "age_max": "12"}
    response = client.post(url(household, "change/"), data)
    assert response.status_code == 409
    assert "Someone else changed this household" in response.content.decode()
    assert client.post(url(household, "change/"), {**data, "version": "2"}).status_code == 302
    household.refresh_from_db()
    assert household.capacity == 4


def test_closing_a_household(client, alice, household):
    client.force_login(alice)
    data = {"reason": "They have moved to Australia.", **date_parts("closed_on", timezone.localdate())}
    assert client.post(url(household, "close/"), data).status_code == 302
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.CLOSED
    assert "Record a check" not in client.get(url(household)).content.decode()


def test_every_sub_page_opens_for_the_social_worker(client, alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    client.force_login(alice)
    for rest in ("change/", "members/add/", f"members/leave/?member={caregiver.pk}", "checks/add/",
                 "reviews/add/", "support-plan/", "visits/add/", "training/add/", "specialist-roles/add/",
                 "close/"):  # fmt: skip
        assert client.get(url(household, rest)).status_code == 200, rest
    client.force_login(supervisor)
    assert client.get(url(household, "assessment/decide/")).status_code == 200
    assert "Not ready to approve yet" not in client.get(url(household, "assessment/decide/")).content.decode()


def test_a_new_member_who_may_already_be_known_is_added_only_when_confirmed(client, alice, charlie, household):
    from tiaki.people.services import NameInput, PersonInput, person_create

    person_create(actor=charlie, data=PersonInput(names=[NameInput("Aroha", "Kingi")]), confirmed_new=True)
    client.force_login(alice)
    data = {"form": "new", "new-given_names": "Aroha", "new-family_name": "Kingi", "new-gender": "female",
            "new-role": "adult", "new-source": "Aroha", **date_parts("birth_date", None, "new")}  # fmt: skip
    response = client.post(url(household, "members/add/"), data)
    assert response.status_code == 200
    assert "The register may already hold this person." in response.content.decode()
    assert not HouseholdMember.objects.exists()
    assert client.post(url(household, "members/add/"), {**data, "new-confirmed_new": "True"}).status_code == 302
    assert HouseholdMember.objects.count() == 1
