"""whanau_map with the three actors: alice (allocated to the child's case)
sees the map; bob (a colleague) and charlie (an outsider) get a 404 and a
refused audit event. One allowed event lists everyone shown."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiaki.access.models import SealedGrant
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework.models import CaseParticipant
from tiaki.people.models import Person
from tiaki.people.selectors.whanau import whanau_map
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk).order_by("seq"))


def person(given: str, family: str = "Te Whare", **fields) -> Person:
    return PersonNameFactory(given_names=given, family_name=family, person__gender="male", **fields).person


@pytest.fixture
def whanau(child, case):
    """Tūī's parents Hēmi and Aroha, brother Rawiri (in the case too), and
    Hēmi's mother Mere, two steps away; Mere's sister Ana is three."""
    hemi, aroha, rawiri = person("Hēmi"), person("Aroha", "Ngata"), person("Rawiri")
    mere, ana = person("Mere"), person("Ana")
    for parent in (hemi, aroha):
        RelationshipFactory(from_person=parent, to_person=child)
        RelationshipFactory(from_person=parent, to_person=rawiri)
    RelationshipFactory(from_person=hemi, to_person=aroha, kind="partner")
    RelationshipFactory(from_person=mere, to_person=hemi)
    RelationshipFactory(from_person=ana, to_person=mere, kind="sibling")
    CaseParticipant.objects.create(case=case, person=rawiri)
    return {"hemi": hemi, "aroha": aroha, "rawiri": rawiri, "mere": mere, "ana": ana}


def test_the_allocated_worker_sees_the_map_audited_once(alice, child, whanau):
    before = head()
    result = whanau_map(actor=alice, person_id=child.pk)
    shown = {n.id for n in result.layout.nodes}
    expected = {child.pk, *(whanau[k].pk for k in ("hemi", "aroha", "rawiri", "mere"))}
    assert shown == expected  # Ana is three relationships away
    [event] = events_since(before, alice)
    assert (event.action, event.outcome) == ("person.read", "allowed")
    assert event.relationship.startswith("allocated-case:")
    assert json.loads(event.subject_ids) == sorted(expected)


def test_only_people_the_worker_may_open_are_links(alice, child, whanau):
    result = whanau_map(actor=alice, person_id=child.pk)
    assert result.openable == {child.pk, whanau["rawiri"].pk}


def test_the_text_alternative_names_each_relationship_both_ways(alice, child, whanau):
    rows = whanau_map(actor=alice, person_id=child.pk).rows
    texts = {(r.text, r.reverse_text) for r in rows}
    assert ("Hēmi Te Whare — parent of Tūī Te Whare", "Tūī Te Whare — child of Hēmi Te Whare") in texts
    assert ("Mere Te Whare — parent of Hēmi Te Whare", "Hēmi Te Whare — child of Mere Te Whare") in texts
    assert all("Ana" not in text for pair in texts for text in pair)
    # The focus person's own relationships come first.
    assert "Tūī Te Whare" in rows[0].text


def test_depth_one_shows_only_direct_relationships(alice, child, whanau):
    result = whanau_map(actor=alice, person_id=child.pk, depth=1)
    assert {n.id for n in result.layout.nodes} == {child.pk, whanau["hemi"].pk, whanau["aroha"].pk}


def test_it_leaves_a_sealed_record_off_the_map_and_out_of_the_text_table(alice, child, whanau):
    Person.objects.filter(pk=whanau["hemi"].pk).update(sealed=True)
    result = whanau_map(actor=alice, person_id=child.pk)
    shown = {n.id for n in result.layout.nodes}
    assert whanau["hemi"].pk not in shown  # absent, as on the person page
    assert whanau["mere"].pk not in shown  # and not mapped beyond
    assert all(whanau["hemi"].pk not in (row.from_id, row.to_id) for row in result.rows)
    assert not any("Hēmi" in row.text for row in result.rows)


def test_it_draws_a_sealed_record_for_a_granted_reader_but_the_walk_stops_there(alice, child, whanau):
    Person.objects.filter(pk=whanau["hemi"].pk).update(sealed=True)
    SealedGrant.objects.create(
        user=alice, person=whanau["hemi"], reason="Allocated", granted_by=alice, granted_at=timezone.now()
    )
    shown = {n.id for n in whanau_map(actor=alice, person_id=child.pk).layout.nodes}
    assert whanau["hemi"].pk in shown
    assert whanau["mere"].pk not in shown


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_get_a_404_and_are_audited(actor_name, request, child, whanau):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        whanau_map(actor=actor, person_id=child.pk)
    events = events_since(before, actor)
    assert [(e.outcome, e.reason, e.subject_ids) for e in events] == [("refused", "no_relationship", f"[{child.pk}]")]


def test_the_number_of_queries_does_not_grow_with_the_whanau(alice, child, whanau):
    with CaptureQueriesContext(connection) as small:
        whanau_map(actor=alice, person_id=child.pk)
    for i in range(15):
        cousin = person(f"Cousin{i}")
        RelationshipFactory(from_person=whanau["mere"], to_person=cousin, kind="grandparent")
        RelationshipFactory(from_person=cousin, to_person=child, kind="whanau")
    with CaptureQueriesContext(connection) as large:
        result = whanau_map(actor=alice, person_id=child.pk)
    assert len(result.layout.nodes) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
