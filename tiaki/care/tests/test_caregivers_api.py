"""The caregiver register under /api/v1/caregivers: problem+json refusals,
the address masked as on the pages, and the same rules as the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import services as access_services
from tiaki.care.models import CaregiverHousehold, HouseholdMember
from tiaki.care.services import caregivers as services
from tiaki.care.tests.caregiver_fixtures import events_since, head, place, ready_for_approval

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def post(client: Client, path: str, body: dict, key: str = "") -> object:
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(path, body, content_type="application/json", **extra)


def test_adding_and_reading_a_household(alice):
    api = client_for(alice)
    body = {"name": "Kingi whānau", "kind": "kin", "enquiry_on": timezone.localdate().isoformat(),
            "address": {"street": "12 Kauri Road", "city": "Whangārei"}, "needs_met": ["te_reo"]}  # fmt: skip
    response = post(api, "/api/v1/caregivers", body, key="household-0001")
    assert response.status_code == 201
    household_id = response.json()["id"]
    detail = api.get(f"/api/v1/caregivers/{household_id}").json()
    assert detail["address"] == "12 Kauri Road, Whangārei"
    assert detail["address_masked"] is False
    listed = api.get("/api/v1/caregivers").json()
    assert [r["id"] for r in listed["results"]] == [household_id]
    assert "Kauri" not in str(listed)


def test_a_bad_household_is_a_problem_naming_the_field(alice):
    body = {"name": "Kingi", "kind": "kin", "enquiry_on": timezone.localdate().isoformat(), "capacity": 0}
    response = post(client_for(alice), "/api/v1/caregivers", body, key="household-0002")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "capacity")


def test_an_outsider_gets_a_404_problem_and_it_is_audited(charlie, household):
    before = head()
    response = client_for(charlie).get(f"/api/v1/caregivers/{household.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert [(e.action, e.outcome) for e in events_since(before, charlie)] == [("caregiver.read", "refused")]


def test_the_address_is_masked_under_break_glass(charlie, household, child, case, alice):
    place(child, household, case, alice)
    access_services.breakglass_open(actor=charlie, person_id=child.pk, reason="Police called: she may be at risk.")
    detail = client_for(charlie).get(f"/api/v1/caregivers/{household.pk}").json()
    assert detail["address_masked"] is True
    assert "Kauri" not in str(detail)
    assert detail["latitude"] is None


def test_members_checks_assessment_and_decision(alice, supervisor, household):
    api = client_for(alice)
    new = {"role": "caregiver", "new_person": {"given_names": "Mere", "family_name": "Kingi", "source": "Mere"}}
    response = post(api, f"/api/v1/caregivers/{household.pk}/members", new)
    assert response.status_code == 201
    member = HouseholdMember.objects.get()
    check = {"kind": "police_vet", "done_on": timezone.localdate().isoformat(), "outcome": "clear"}
    response = post(api, f"/api/v1/caregivers/{household.pk}/checks", check)
    assert (response.status_code, response.json()["field"]) == (400, "member_id")
    ready_for_approval(alice, household, [member])
    assert post(api, f"/api/v1/caregivers/{household.pk}/assessments", {}).status_code == 201
    done = {"recommendation": "approve", "summary": "Safe and warm."}
    assert post(api, f"/api/v1/caregivers/{household.pk}/assessments/complete", done).status_code == 200
    response = post(api, f"/api/v1/caregivers/{household.pk}/assessments/decision", {"decision": "approved"})
    assert (response.status_code, response.json()["code"]) == (403, "permission_missing")
    response = post(client_for(supervisor), f"/api/v1/caregivers/{household.pk}/assessments/decision",
                    {"decision": "approved"})  # fmt: skip
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.status == CaregiverHousehold.Status.APPROVED


def test_the_assessor_deciding_is_a_409(supervisor, household, caregiver, alice):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=supervisor, household_id=household.pk)
    services.assessment_complete(actor=supervisor, household_id=household.pk, recommendation="approve",
                                 summary="Safe.")  # fmt: skip
    response = post(client_for(supervisor), f"/api/v1/caregivers/{household.pk}/assessments/decision",
                    {"decision": "approved"})  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (409, "self_approval")


def test_a_stale_version_is_a_409_with_the_current_one(alice, bob, household):
    services.household_update(actor=bob, household_id=household.pk, expected_version=1, capacity=3)
    response = client_for(alice).put(f"/api/v1/caregivers/{household.pk}", {"expected_version": 1, "capacity": 4},
                                       content_type="application/json")  # fmt: skip
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["current_version"]) == ("stale_version", 2)


def test_a_specialist_role_without_its_training_names_the_course(alice, supervisor, household, caregiver):
    ready_for_approval(alice, household, [caregiver])
    services.assessment_start(actor=alice, household_id=household.pk)
    services.assessment_complete(actor=alice, household_id=household.pk, recommendation="approve", summary="Safe.")
    services.assessment_decide(actor=supervisor, household_id=household.pk, decision="approved")
    api = client_for(alice)
    response = post(api, f"/api/v1/caregivers/{household.pk}/specialist-roles", {"role": "remand"})
    assert response.status_code == 400
    assert "Youth justice remand care" in response.json()["detail"]
    for course in ("foundations", "remand"):
        body = {"course": course, "completed_on": timezone.localdate().isoformat()}
        assert post(api, f"/api/v1/caregivers/{household.pk}/training", body).status_code == 201
    assert post(api, f"/api/v1/caregivers/{household.pk}/specialist-roles", {"role": "remand"}).status_code == 201


def test_a_visit_is_recorded(alice, household):
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    body = {"visited_at": at, "summary": "All well."}
    response = post(client_for(alice), f"/api/v1/caregivers/{household.pk}/visits", body)
    assert response.status_code == 201
