"""/api/v1/persons/{id}/chronology and .../chronology/whanau: a child's or a
whānau's chronology in pages, newest first and without overlap, filtered,
audited once per request; a bad filter or cursor is a 400 naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.audit.models import AuditEvent
from tiaki.casework import services
from tiaki.casework.models import CaseParticipant
from tiaki.people.models import Relationship
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db

GOALS = [{"goal": "Tūī is safe at home", "action": "Weekly visits", "who": "Social worker", "by": ""}]


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def ago(**delta) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def add_note(actor, case, when: dt.datetime, title: str = "Call", about=()):
    return services.note_add(actor=actor, case_id=case.pk, kind="phone", occurred_at=when, title=title,
                             text="Spoke with whānau.", about_ids=about)  # fmt: skip


def test_the_chronology_pages_newest_first_without_overlap_and_is_audited_once_per_request(alice, case, child):
    same_time = ago(days=1)
    notes = [add_note(alice, case, ago(days=d), f"Call {d}") for d in (5, 4, 3, 2)]
    notes += [add_note(alice, case, same_time, f"Tied {n}") for n in range(3)]  # ties split across pages
    api = client_for(alice)
    before = AuditEvent.objects.filter(actor_id=alice.pk, action="chronology.read").count()
    seen, url, pages = [], f"/api/v1/persons/{child.pk}/chronology?page_size=2", 0
    while url:
        page = api.get(url)
        assert page.status_code == 200, page.json()
        body = page.json()
        assert len(body["results"]) <= 2
        seen += body["results"]
        url, pages = body["next"], pages + 1
    assert pages == 4
    ids = [e["id"] for e in seen]
    assert len(ids) == len(set(ids)) == len(notes)
    assert {e["source_id"] for e in seen} == {n.pk for n in notes}
    order = [(e["occurred_at"], e["id"]) for e in seen]
    assert order == sorted(order, reverse=True)
    assert body["name"] == "Tūī Te Whare"
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="chronology.read").count() == before + pages


def test_the_chronology_filters_by_type_and_refuses_an_unknown_one(alice, case, child):
    add_note(alice, case, ago(days=2))
    services.plan_save(actor=alice, case_id=case.pk, child_id=child.pk, base_version=0,
                       goals=GOALS, child_voice="Kia ora", whanau_views="",
                       review_on=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    api = client_for(alice)
    url = f"/api/v1/persons/{child.pk}/chronology"
    assert [e["kind"] for e in api.get(url, {"type": "plan"}).json()["results"]] == ["plan"]
    assert sorted(e["kind"] for e in api.get(f"{url}?type=plan&type=note").json()["results"]) == ["note", "plan"]
    assert [e["kind"] for e in api.get(url, {"significant": "true"}).json()["results"]] == ["plan"]
    unknown = api.get(url, {"type": "gossip"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "validation_failed")
    backwards = api.get(url, {"since": "2026-02-01", "until": "2026-01-01"})
    assert (backwards.status_code, backwards.json()["field"]) == (400, "since")
    broken = api.get(url, {"cursor": "not-a-cursor"})
    assert (broken.status_code, broken.json()["field"]) == (400, "cursor")
    assert api.get(url, {"page_size": 201}).status_code == 400


def test_the_whanau_chronology_merges_the_children_alice_may_see(alice, case, child):
    sibling = PersonNameFactory(given_names="Hēmi", family_name="Te Whare").person
    half_sibling = PersonNameFactory(given_names="Aroha", family_name="Te Whare").person  # on no case of alice's
    CaseParticipant.objects.create(case=case, person=sibling)
    Relationship.objects.create(from_person=sibling, to_person=child, kind=Relationship.Kind.SIBLING)
    Relationship.objects.create(from_person=half_sibling, to_person=child, kind=Relationship.Kind.HALF_SIBLING)
    both = add_note(alice, case, ago(days=1), "Visit to both")
    only_hemi = add_note(alice, case, ago(hours=3), "Hēmi's school", about=[sibling.pk])
    before = AuditEvent.objects.filter(actor_id=alice.pk, action="chronology.read").count()

    body = client_for(alice).get(f"/api/v1/persons/{child.pk}/chronology/whanau").json()
    assert body["children"] == [{"id": child.pk, "name": "Tūī Te Whare"}, {"id": sibling.pk, "name": "Hēmi Te Whare"}]
    assert body["not_shown"] == 1
    assert [(e["source_id"], sorted(e["person_ids"])) for e in body["results"]] == [
        (only_hemi.pk, [sibling.pk]),
        (both.pk, sorted([child.pk, sibling.pk])),
    ]
    assert body["next"] is None
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="chronology.read").count() == before + 1
