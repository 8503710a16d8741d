"""The subject access pages and API: the register, recording a request
(finding the person by exact name and date of birth), the request's page
with its clock in words and its forms, corrections; bad input shown next
to its field (pages) or as problem+json (API), nothing saved, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken

from tiaki.audit.models import AuditEvent
from tiaki.chronology.models import CorrectionStatement
from tiaki.disclosure.models import CorrectionRequest, SubjectAccessRequest
from tiaki.disclosure.subject_access import clock

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.fixture
def officer_client(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


def test_the_register_lists_the_open_request_with_its_clock(officer_client, access_request):
    page = officer_client.get("/subject-access/")
    html = page.content.decode()
    assert page.status_code == 200
    assert access_request.reference in html
    assert "Manaia Te Rangi" in html
    assert clock.in_words(access_request.due_on) in html
    assert "Subject access" in html  # the navigation entry


def test_a_social_worker_is_refused_the_register_and_it_is_audited(client, alice):
    client.force_login(alice)
    assert client.get("/subject-access/").status_code == 403
    assert AuditEvent.objects.filter(actor_id=alice.pk, outcome="refused").exists()


def test_recording_a_request_finds_the_person_by_exact_name_and_birth_date(officer_client, care_leaver):
    find = {
        "find-given_names": "manaia",
        "find-family_name": "TE RANGI",
        **_date("find-date_of_birth", care_leaver.born),
    }
    found = officer_client.post("/subject-access/new/", {**find, "step": "find"})
    assert found.status_code == 200
    assert f'value="{care_leaver.person.pk}"' in found.content.decode()
    assert AuditEvent.objects.filter(action="person.search", relationship="subject-access:find-person",
                                     subject_ids=f"[{care_leaver.person.pk}]").exists()  # fmt: skip
    wrong = officer_client.post("/subject-access/new/", {**find, **_date("find-date_of_birth", dt.date(2001, 1, 1)),
                                                          "step": "find"})  # fmt: skip
    assert "No one on the register has that name and date of birth" in wrong.content.decode()
    made = officer_client.post("/subject-access/new/", {
        **find, "step": "record", "person": str(care_leaver.person.pk), "requester_kind": "care_experienced",
        "asked_for": "My whole file.", **_date("received_on", timezone.localdate()),
    })  # fmt: skip
    request = SubjectAccessRequest.objects.get()
    assert made.status_code == 302
    assert made["Location"] == f"/subject-access/{request.pk}/"


def test_an_agent_without_their_authority_is_an_error_next_to_the_field(officer_client, care_leaver):
    find = {
        "find-given_names": "Manaia",
        "find-family_name": "Te Rangi",
        **_date("find-date_of_birth", care_leaver.born),
    }
    page = officer_client.post("/subject-access/new/", {
        **find, "step": "record", "person": str(care_leaver.person.pk), "requester_kind": "agent",
        "agent_name": "Kelly Ross", "asked_for": "Her file.", **_date("received_on", timezone.localdate()),
    })  # fmt: skip
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert "Enter the agent&#x27;s authority" in html
    assert not SubjectAccessRequest.objects.exists()
    assert AuditEvent.objects.filter(action="subject_access.create", outcome="refused").exists()


def test_the_request_page_says_its_clock_in_words(officer_client, access_request):
    page = officer_client.get(f"/subject-access/{access_request.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    left = clock.working_days_left(access_request, timezone.localdate())
    assert f"Due {clock.in_words(access_request.due_on)}: {left} working days left" in html
    assert "Record the decision" in html
    assert "Verify who is asking" not in html


def test_deciding_without_a_verified_identity_is_refused_on_the_page(officer_client, privacy_officer, care_leaver):
    from tiaki.disclosure.services.subject_access.requests import access_request_create

    request = access_request_create(actor=privacy_officer, person_id=care_leaver.person.pk, requester_kind="child",
                                    asked_for="All", received_on=timezone.localdate())  # fmt: skip
    page = officer_client.post(f"/subject-access/{request.pk}/decide/", {
        "decide-version": "1", "decide-decision": "refuse", "decide-reasons": "Other people's information.",
    })  # fmt: skip
    assert page.status_code == 400
    assert "Verify who is asking before deciding" in page.content.decode()
    request.refresh_from_db()
    assert request.status == SubjectAccessRequest.Status.RECEIVED
    assert AuditEvent.objects.filter(action="subject_access.update", outcome="refused",
                                     reason="identity_not_verified").exists()  # fmt: skip


def test_a_stale_form_is_a_409_saving_nothing(officer_client, access_request):
    page = officer_client.post(f"/subject-access/{access_request.pk}/withdraw/", {
        "withdraw-version": str(access_request.version - 1), "withdraw-reason": "She has them.",
    })  # fmt: skip
    assert page.status_code == 409
    assert "Someone else changed this request" in page.content.decode()


def test_extending_shows_the_notice_to_send(officer_client, access_request):
    new = access_request.due_on + dt.timedelta(days=30)
    page = officer_client.post(f"/subject-access/{access_request.pk}/extend/", {
        "extend-version": str(access_request.version), **_date("extend-extended_to", new),
        "extend-reason": "there are many years of records to review",
    })  # fmt: skip
    assert page.status_code == 302
    detail = officer_client.get(f"/subject-access/{access_request.pk}/").content.decode()
    assert "The extension notice to send" in detail
    assert "many years of records" in detail


def test_a_correction_about_something_not_held_is_refused_on_the_page(officer_client, access_request):
    page = officer_client.post(f"/subject-access/{access_request.pk}/corrections/new/", {
        "item_key": "note:999999", "what_is_wrong": "It is wrong.", **_date("received_on", timezone.localdate()),
    })  # fmt: skip
    assert page.status_code == 400
    assert "Tiaki does not hold that about Manaia Te Rangi" in page.content.decode()
    assert not CorrectionRequest.objects.exists()
    assert AuditEvent.objects.filter(action="correction.create", outcome="refused", reason="correction_not_held")


def test_a_statement_is_attached_through_the_pages(officer_client, access_request, care_leaver):
    new = officer_client.get(f"/subject-access/{access_request.pk}/corrections/new/")
    assert f'value="report:{care_leaver.report.pk}"' in new.content.decode()
    made = officer_client.post(f"/subject-access/{access_request.pk}/corrections/new/", {
        "item_key": f"report:{care_leaver.report.pk}", "what_is_wrong": "I was not alone.",
        **_date("received_on", timezone.localdate()),
    })  # fmt: skip
    correction = CorrectionRequest.objects.get()
    assert made["Location"] == f"/corrections/{correction.pk}/"
    detail = officer_client.get(made["Location"]).content.decode()
    assert "Attach their statement of correction" in detail
    assert "Save the corrected note" not in detail  # a report is not corrected as a version
    done = officer_client.post(f"/corrections/{correction.pk}/statement/", {
        "statement-version": "1", "statement-statement": "My nan was with me.",
    })  # fmt: skip
    assert done.status_code == 302
    assert CorrectionStatement.objects.get().text == "My nan was with me."


@pytest.fixture
def officer_api(client, privacy_officer):
    _, token = AuthToken.objects.create(privacy_officer)
    counter = iter(range(1_000))

    def call(method: str, url: str, body: dict | None = None):
        extra = {"HTTP_AUTHORIZATION": f"Token {token}"}
        if method == "post":
            extra |= {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": f"sar-test-{next(counter):06d}"}
            return client.post(url, body or {}, **extra)
        return client.get(url, **extra)

    return call


def test_the_api_records_verifies_and_refuses_a_decision_before_verification(officer_api, care_leaver):
    made = officer_api("post", "/api/v1/subject-access", {
        "person_id": care_leaver.person.pk, "requester_kind": "care_experienced", "asked_for": "Everything",
        "received_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    assert body["reference"].startswith("SAR-")
    assert body["status"] == "received"
    refused = officer_api("post", f"/api/v1/subject-access/{body['id']}/decide",
                          {"version": body["version"], "decision": "refuse", "reasons": "No."})  # fmt: skip
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["code"] == "identity_not_verified"
    verified = officer_api("post", f"/api/v1/subject-access/{body['id']}/verify",
                           {"version": body["version"], "method": "realme", "note": "RealMe."})  # fmt: skip
    assert verified.status_code == 200
    assert verified.json()["status"] == "in_review"
    stale = officer_api("post", f"/api/v1/subject-access/{body['id']}/withdraw",
                        {"version": body["version"], "reason": "Done"})  # fmt: skip
    assert stale.status_code == 409
    listed = officer_api("get", "/api/v1/subject-access")
    assert [r["id"] for r in listed.json()] == [body["id"]]


def test_the_api_refuses_a_correction_about_something_not_held(officer_api, care_leaver):
    refused = officer_api("post", "/api/v1/corrections", {
        "person_id": care_leaver.person.pk, "item_key": "placement:999999", "what_is_wrong": "Wrong",
        "received_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert refused.status_code == 400
    assert refused.json()["code"] == "correction_not_held"
    assert refused.json()["field"] == "item_key"
    made = officer_api("post", "/api/v1/corrections", {
        "person_id": care_leaver.person.pk, "item_key": f"note:{care_leaver.note.pk}", "what_is_wrong": "Wrong",
        "received_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert made.status_code == 201
    correction = made.json()
    assert correction["may"] == ["correct", "statement"]
    done = officer_api(
        "post", f"/api/v1/corrections/{correction['id']}/correct",
        {"version": correction["version"], "text": "Visited Manaia.", "reason": "She asked."},
    )  # fmt: skip
    assert done.status_code == 200
    assert done.json()["status"] == "corrected"
    chronology = officer_api("get", f"/api/v1/corrections?person_id={care_leaver.person.pk}")
    assert [c["id"] for c in chronology.json()] == [correction["id"]]
