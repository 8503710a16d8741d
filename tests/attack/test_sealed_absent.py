"""Sealed means absent, and a worker is never given their own whānau's case.

The attacker is a staff member whose own whānau is on the register: Kahurangi,
the younger sibling of Tūī (the child on alice's case), is the supervisor's
niece. The supervisor sees Tūī through the supervision line, alice is
allocated to the case both children are on, and bob holds break-glass on Tūī.
Kahurangi's record is sealed (a StaffSubjectLink) and nobody holds a grant, so
for all three she must not be there at all: not in Tūī's relationships, the
whānau map or its text table, the case page, the report page, the case list,
the allocation queue, Tūī's chronology, the whānau chronology or its "not
shown" count, the duplicate comparison, nor in the API's relationships, case,
report and chronologies. Each body is checked for her name and her number.

Then the allocation attacks: a supervisor may not give a worker a report or a
case involving the worker's own whānau, nor add the worker's whānau to their
case; each refusal is plain, audited, and does not name the person.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import sealed
from tiaki.access import services as access_services
from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework import services as casework
from tiaki.casework.models import Case, CaseNote, CaseParticipant
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.services import (
    ConcernInput,
    ConflictOfInterest,
    ReportInput,
    ReportPersonInput,
    report_allocate,
    report_record,
    triage_decide,
)
from tiaki.people.models import Relationship
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: The sealed sibling's number: large and unusual, so finding it anywhere in a
#: body is her number, not a count or another record's id.
SEALED_ID = 7_340_019
SEALED_NAME = "Kahurangi"
SEALED_FAMILY = "Wairepo-Tane"
CONFLICT = "This worker cannot be allocated: they have a personal connection to someone in this"


def api(user: User) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_absent(body: bytes | str, where: str) -> None:
    text = body.decode() if isinstance(body, bytes) else body
    assert SEALED_NAME not in text, where
    assert SEALED_FAMILY not in text, where
    assert str(SEALED_ID) not in text, where
    # No placeholder either: absent is not "restricted".
    assert "restricted record" not in text.lower(), where


@pytest.fixture
def family(site, alice, supervisor, privacy_officer, child, case) -> dict[str, Any]:
    """Tūī (on alice's case), her sealed sister Kahurangi (on the case too, and
    on a report with her), and their brother Rawiri (on neither): the
    whānau chronology must say exactly one child is not shown (Rawiri)."""
    kahurangi = PersonNameFactory(
        person__id=SEALED_ID, given_names=SEALED_NAME, family_name=SEALED_FAMILY, is_primary=True
    ).person
    rawiri = PersonNameFactory(given_names="Rawiri", family_name="Te Whare", is_primary=True).person
    RelationshipFactory(from_person=kahurangi, to_person=child, kind=Relationship.Kind.SIBLING)
    RelationshipFactory(from_person=rawiri, to_person=child, kind=Relationship.Kind.SIBLING)
    CaseParticipant.objects.create(case=case, person=kahurangi)
    report = report_record(
        actor=alice,
        data=ReportInput(
            site_id=site.pk, persons=[ReportPersonInput(child.pk), ReportPersonInput(kahurangi.pk)],
            concerns=[ConcernInput("neglect", "No food in the house")], narrative="The kura rang.",
        ),
    )  # fmt: skip
    casework.note_add(
        actor=alice, case_id=case.pk, kind=CaseNote.Kind.VISIT, occurred_at=timezone.now() - dt.timedelta(hours=2),
        title="Home visit", text="Both girls were home.", about_ids=[child.pk, kahurangi.pk], child_seen=True,
    )  # fmt: skip
    access_services.staff_subject_link(
        actor=privacy_officer, user=supervisor, person_id=kahurangi.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    return {"kahurangi": kahurangi, "rawiri": rawiri, "report": report}


@pytest.fixture
def bob_break_glass(bob, child):
    access_services.breakglass_open(actor=bob, person_id=child.pk, reason="Police are at the door now, urgent.")
    return bob


def readers(request: pytest.FixtureRequest) -> list[User]:
    return [request.getfixturevalue(name) for name in ("supervisor", "alice", "bob_break_glass")]


@pytest.mark.parametrize("who", ["supervisor", "alice", "bob_break_glass"])
def test_it_leaves_the_sealed_sibling_off_every_page_about_the_child(who, request, family, child, case):
    user = request.getfixturevalue(who)
    client = page(user)
    urls = [
        f"/people/{child.pk}/",
        f"/people/{child.pk}/whanau/",
        f"/people/{child.pk}/chronology/",
        f"/people/{child.pk}/chronology/whanau/",
        f"/cases/{case.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_absent(response.content, url)
    assert "Tūī" in client.get(f"/people/{child.pk}/whanau/").content.decode()


@pytest.mark.parametrize("who", ["supervisor", "alice"])
def test_it_leaves_the_sealed_sibling_off_the_report_the_case_list_and_the_queue(who, request, family, case):
    client = page(request.getfixturevalue(who))
    for url in (f"/intake/reports/{family['report'].pk}/", "/cases/", "/intake/queue/", "/"):
        response = client.get(url)
        assert response.status_code in {200, 403}, url  # the queue is the supervisor's, not alice's
        assert_absent(response.content, url)


@pytest.mark.parametrize("who", ["supervisor", "alice", "bob_break_glass"])
def test_the_whanau_chronology_does_not_count_the_sealed_sibling(who, request, family, child):
    body = page(request.getfixturevalue(who)).get(f"/people/{child.pk}/chronology/whanau/").content.decode()
    # Rawiri (on no case of theirs) is the one child not shown; Kahurangi is not counted.
    assert "1 other child in this whānau is not shown" in body
    data = api(request.getfixturevalue(who)).get(f"/api/v1/persons/{child.pk}/chronology/whanau").json()
    assert_absent(json.dumps(data), "api whānau chronology")
    assert data["not_shown"] == 1


@pytest.mark.parametrize("who", ["supervisor", "alice", "bob_break_glass"])
def test_it_leaves_the_sealed_sibling_out_of_the_api(who, request, family, child, case):
    client = api(request.getfixturevalue(who))
    urls = [
        f"/api/v1/persons/{child.pk}",
        f"/api/v1/persons/{child.pk}/relationships",
        f"/api/v1/persons/{child.pk}/chronology",
        f"/api/v1/persons/{child.pk}/chronology/whanau",
        f"/api/v1/cases/{case.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_absent(response.content, url)
    relationships = client.get(f"/api/v1/persons/{child.pk}/relationships").json()
    assert [r["name"] for r in relationships] == ["Rawiri Te Whare"]


def test_it_leaves_the_sealed_sibling_out_of_the_api_report(family, supervisor, alice):
    for user in (supervisor, alice):
        response = api(user).get(f"/api/v1/reports/{family['report'].pk}")
        assert response.status_code == 200
        assert_absent(response.content, "api report")


def test_her_own_record_and_chronology_are_a_404_like_a_missing_one(family, supervisor):
    # The same page as a missing record (tests/attack/test_enumeration.py
    # compares the bodies byte for byte); here: a 404 that says nothing of her.
    client = page(supervisor)
    for url in (f"/people/{SEALED_ID}/", f"/people/{SEALED_ID}/whanau/", f"/people/{SEALED_ID}/chronology/"):
        response = client.get(url)
        assert response.status_code == 404
        assert SEALED_NAME not in response.content.decode()
        assert "Page not found" in response.content.decode()
    assert api(supervisor).get(f"/api/v1/persons/{SEALED_ID}/relationships").status_code == 404


def test_the_duplicate_comparison_leaves_the_sealed_sibling_out(family, alice, child, case):
    twin_record = PersonNameFactory(given_names="Tūī", family_name="Te Whare", is_primary=True).person
    CaseParticipant.objects.create(case=case, person=twin_record)
    response = page(alice).get(f"/people/compare/{child.pk}/{twin_record.pk}/")
    assert response.status_code == 200
    assert_absent(response.content, "compare")


@pytest.mark.parametrize("who", ["supervisor", "alice"])
def test_writes_naming_her_answer_as_for_a_number_nobody_has(who, request, family, child, case):
    """Probing by number (relate to her, plan for her on the case) must not
    confirm she exists or is on the case: the answer is a missing number's."""
    client = api(request.getfixturevalue(who))
    plan = {
        "base_version": 0, "child_voice": "Her words", "review_on": str(timezone.localdate() + dt.timedelta(days=30)),
        "goals": [{"goal": "Safe at home", "action": "Weekly visit", "who": "Social worker", "by": ""}],
    }  # fmt: skip
    answers = []
    for number in (SEALED_ID, 99_999_999):
        related = client.post(
            f"/api/v1/persons/{child.pk}/relationships",
            {"other_person_id": number, "kind": "sibling"},
            content_type="application/json",
        )
        planned = client.put(f"/api/v1/cases/{case.pk}/plans/{number}", plan, content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY=f"5b1e7c2a-0d4f-4e8a-9c3b-{number:012d}")  # fmt: skip
        answers.append((related.status_code, related.json(), planned.status_code, planned.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert (
        not Relationship.objects.filter(from_person_id=SEALED_ID, kind=Relationship.Kind.SIBLING)
        .exclude(to_person=child)
        .exists()
    )


def test_a_grant_brings_her_back_for_the_one_named_reader(family, alice, child, privacy_officer):
    access_services.sealed_grant(
        actor=privacy_officer, user=alice, person_id=SEALED_ID, reason="Allocated worker for both girls"
    )
    body = page(alice).get(f"/people/{child.pk}/").content.decode()
    assert SEALED_NAME in body
    assert SealedGrant.objects.filter(user=alice).count() == 1


# --- Conflict of interest ---------------------------------------------------------


@pytest.fixture
def dana(site, supervisor) -> User:
    """A social worker at the site whose own whānau Kahurangi is (not the supervisor's, here)."""
    return inducted(UserFactory(username="dana", role=Role.SOCIAL_WORKER, site=site, supervisor=supervisor))


@pytest.fixture
def linked_dana(dana, family, privacy_officer) -> User:
    access_services.staff_subject_link(
        actor=privacy_officer, user=dana, person_id=SEALED_ID, kind=StaffSubjectLink.Kind.WHANAU
    )
    return dana


def refusals(user: User) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(actor_id=user.pk, outcome="refused", reason=sealed.CONFLICT_OF_INTEREST)
        .order_by("seq")
        .values_list("action", "subject_type", "relationship")
    )


@pytest.fixture
def decided_report(family, site_manager) -> ReportOfConcern:
    report = family["report"]
    triage_decide(actor=site_manager, report_id=report.pk, outcome="assessment", reasons="Visit.",
                  timeframe_code="urgent")  # fmt: skip
    report.refresh_from_db()
    return report


def test_it_refuses_to_allocate_a_report_to_a_worker_whose_whanau_is_on_it(decided_report, site_manager, linked_dana):
    with pytest.raises(ConflictOfInterest) as refused:
        report_allocate(actor=site_manager, report_id=decided_report.pk, worker_id=linked_dana.pk)
    assert str(refused.value).startswith(CONFLICT)
    assert SEALED_NAME not in str(refused.value)
    decided_report.refresh_from_db()
    assert decided_report.allocated_to_id is None
    assert refusals(site_manager) == [("report.allocate", "report", f"worker:{linked_dana.pk}")]


def test_the_allocation_page_shows_the_conflict_as_a_form_error(decided_report, site_manager, linked_dana):
    response = page(site_manager).post(
        f"/intake/reports/{decided_report.pk}/allocate/",
        {"worker_id": linked_dana.pk, "version": decided_report.version},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert CONFLICT in body
    assert_absent(body, "allocation page")
    assert ReportOfConcern.objects.get(pk=decided_report.pk).allocated_to_id is None


def test_it_refuses_to_reallocate_a_case_to_a_worker_whose_whanau_is_on_it(case, site_manager, linked_dana):
    with pytest.raises(casework.ConflictOfInterest):
        casework.case_reallocate(actor=site_manager, case_id=case.pk, worker_id=linked_dana.pk, reason="Balance")
    response = page(site_manager).post(
        f"/cases/{case.pk}/reallocate/", {"worker": linked_dana.pk, "reason": "Balance the load"}
    )
    assert response.status_code == 400
    assert CONFLICT in response.content.decode()
    assert Case.objects.get(pk=case.pk).allocated_worker_id != linked_dana.pk
    assert len(refusals(site_manager)) == 2


def test_it_refuses_to_open_a_case_from_the_report_for_a_worker_whose_whanau_is_on_it(
    decided_report, site_manager, linked_dana, privacy_officer
):
    # Opening a case for a sealed child needs a grant to read her (else it is a
    # 404 before anything else); reading her is still not holding her case.
    access_services.sealed_grant(actor=privacy_officer, user=site_manager, person_id=SEALED_ID, reason="Both cases")
    with pytest.raises(casework.ConflictOfInterest):
        casework.case_open(
            actor=site_manager, kind=Case.Kind.ASSESSMENT, report_id=decided_report.pk, worker_id=linked_dana.pk
        )
    assert not Case.objects.filter(allocated_worker=linked_dana).exists()
    assert refusals(site_manager) == [("case.open", "report", f"worker:{linked_dana.pk}")]


def test_it_refuses_to_add_her_to_a_case_held_by_her_whanau(site, site_manager, linked_dana):
    other_child = PersonNameFactory(given_names="Mīria", family_name="Horomona", is_primary=True).person
    dana_case = Case.objects.create(
        kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=linked_dana, opened_at=timezone.now()
    )
    CaseParticipant.objects.create(case=dana_case, person=other_child)
    SealedGrant.objects.create(user=site_manager, person_id=SEALED_ID, reason="Manager of both cases",
                               granted_by=site_manager, granted_at=timezone.now())  # fmt: skip
    response = page(site_manager).post(
        f"/cases/{dana_case.pk}/people/add/", {"participant-person": SEALED_ID, "participant-role": "child"}
    )
    assert response.status_code == 400
    assert "allocated worker has a personal connection to them" in response.content.decode()
    assert not CaseParticipant.objects.filter(case=dana_case, person_id=SEALED_ID).exists()
    assert refusals(site_manager) == [("case.update", "case", f"worker:{linked_dana.pk}")]


def test_the_api_refuses_a_worker_opening_a_case_for_their_own_whanau_with_409(family, alice, child, privacy_officer):
    # alice is Kahurangi's whānau too, and holds a grant to read her record:
    # reading is not holding the case.
    access_services.staff_subject_link(
        actor=privacy_officer, user=alice, person_id=SEALED_ID, kind=StaffSubjectLink.Kind.WHANAU
    )
    access_services.sealed_grant(actor=privacy_officer, user=alice, person_id=SEALED_ID, reason="Her aunt")
    response = api(alice).post(
        "/api/v1/cases",
        {"kind": "assessment", "child_ids": [child.pk, SEALED_ID]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="3f2c9a4e-1b7d-4c1e-9a55-0d6f3b2e8c71",
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "conflict_of_interest"
    assert SEALED_NAME not in json.dumps(problem)
    assert refusals(alice) == [("case.open", "person", f"worker:{alice.pk}")]
