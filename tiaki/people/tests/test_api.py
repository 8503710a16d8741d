"""/api/v1/persons: search, create with an idempotency key, relationships."""

from __future__ import annotations

import pytest
from django.test import Client
from knox.models import AuthToken

from tiaki.audit.models import AuditEvent
from tiaki.people.models import Person, PersonName
from tiaki.people.selectors.search import HOW_TO_ASK
from tiaki.people.services.match_keys import index_person

pytestmark = pytest.mark.django_db

NEW = {
    "names": [{"given_names": "Aroha", "family_name": "Parata"}],
    "date_of_birth": "2016-05-02",
    "gender": "female",
    "identifiers": [{"kind": "nhi", "value": "ZAA1004"}],
    "address": {"street": "4 Rātā Street", "city": "Whangārei", "postcode": "0110"},
    "ethnicities": ["21111"],
    "iwi": ["Ngāpuhi"],
    "source": "Police referral P-2026-17",
}


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def post(client: Client, body: dict, key: str | None = "key-00000001"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/persons", body, content_type="application/json", **headers)


def test_it_creates_once_per_idempotency_key(alice):
    api = client_for(alice)
    first = post(api, NEW)
    assert first.status_code == 201
    again = post(api, NEW)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Person.objects.count() == 1
    person_id = first.json()["id"]
    got = api.get(f"/api/v1/persons/{person_id}").json()
    assert got["display_name"] == "Aroha Parata"
    assert got["identifiers"] == [{"kind": "NHI number", "value": "ZAA1004"}]
    assert got["ethnicities"] == ["Māori"]
    assert got["iwi"] == ["Ngāpuhi"]


def test_a_reused_key_with_different_content_is_refused_and_nothing_is_created(alice):
    api = client_for(alice)
    post(api, NEW)
    other = dict(NEW, names=[{"given_names": "Someone", "family_name": "Else"}], identifiers=[])
    refused = post(api, other)
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"names": []}, 400, "validation_failed", "names"),
        ({"date_of_birth": "2099-01-01"}, 400, "validation_failed", "birth_date"),
        ({"identifiers": [{"kind": "nhi", "value": "ABC1234"}]}, 400, "validation_failed", "identifiers.0"),
        (
            {"address": {"street": "1 A St", "city": "X", "postcode": "12"}},
            400,
            "validation_failed",
            "address.postcode",
        ),
        ({"source": ""}, 400, "validation_failed", "source"),
    ],
)
def test_bad_input_gets_a_specific_problem_and_saves_nothing(alice, change, status, code, field):
    response = post(client_for(alice), dict(NEW, **change))
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert field in body["errors"]
    assert not Person.objects.exists()


def test_a_missing_idempotency_key_is_refused(alice):
    response = post(client_for(alice), NEW, key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_missing"


def test_a_likely_duplicate_needs_confirmation(alice):
    api = client_for(alice)
    post(api, NEW)
    similar = dict(NEW, names=[{"given_names": "Aroha", "family_name": "Parata"}], identifiers=[])
    conflict = post(api, similar, key="key-00000002")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "possible_duplicates"
    confirmed = post(api, dict(similar, confirmed_new=True), key="key-00000003")
    assert confirmed.status_code == 201


def test_search_shows_reasons_within_reach_and_only_existence_outside_it(alice, bob, child, case):
    index_person(child.pk)
    mine = search(alice, {"q": "Tui Te Whare 14/03/2015"}).json()
    assert mine["results"][0]["person_id"] == child.pk
    assert mine["results"][0]["is_match"] is True
    assert mine["results"][0]["reasons"]
    assert mine["restricted"] is False
    theirs = search(bob, {"given_names": "Tūī", "family_name": "Te Whare"}).json()
    assert theirs == {"results": [], "restricted": True, "notice": HOW_TO_ASK}
    assert AuditEvent.objects.filter(actor_id=bob.pk, action="person.search", subject_ids=f"[{child.pk}]").exists()
    empty = search(alice, {})
    assert empty.status_code == 400
    assert empty["Content-Type"].startswith("application/problem+json")


def test_search_by_get_is_refused_with_a_pointer_to_post(alice):
    response = client_for(alice).get("/api/v1/persons/search", {"given_names": "Tūī"})
    assert response.status_code == 405
    assert "POST" in response.json()["detail"]


def search(user, body):
    return client_for(user).post("/api/v1/persons/search", body, content_type="application/json")


def test_relationships_are_read_and_added_through_the_api(alice, child, case):
    api = client_for(alice)
    parent = post(
        api,
        dict(
            NEW, names=[{"given_names": "Mere", "family_name": "Te Whare"}], identifiers=[], date_of_birth="1990-01-01"
        ),
    ).json()["id"]
    added = api.post(
        f"/api/v1/persons/{child.pk}/relationships",
        {"other_person_id": parent, "kind": "parent"},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["relationship"] == "Parent"
    listed = api.get(f"/api/v1/persons/{child.pk}/relationships").json()
    assert [(r["name"], r["relationship"]) for r in listed] == [("Mere Te Whare", "Parent")]
    assert PersonName.objects.filter(person_id=parent).count() == 1
