"""A relative sealed from the reader is absent from the person record's
relationships and cannot be related to by number (tiaki.access.sealed)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.people import selectors
from tiaki.people import services as people_services
from tiaki.people.models import Person, Relationship
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def relatives(child):
    mother = PersonNameFactory(given_names="Aroha", family_name="Ngata", is_primary=True).person
    uncle = PersonNameFactory(given_names="Hēmi", family_name="Sealed-Whānau", is_primary=True).person
    RelationshipFactory(from_person=mother, to_person=child, kind=Relationship.Kind.PARENT)
    RelationshipFactory(from_person=child, to_person=uncle, kind=Relationship.Kind.AUNT_UNCLE)  # both directions
    return mother, uncle


def test_it_lists_no_row_for_a_sealed_relative(alice, case, child, relatives):
    mother, uncle = relatives
    assert {r.person_id for r in selectors.person_get(actor=alice, person_id=child.pk).relationships} == {
        mother.pk, uncle.pk,
    }  # fmt: skip
    Person.objects.filter(pk=uncle.pk).update(sealed=True)
    record = selectors.person_get(actor=alice, person_id=child.pk)
    assert [r.name for r in record.relationships] == ["Aroha Ngata"]


def test_it_lists_no_row_for_the_readers_own_whanau_and_a_grant_brings_it_back(
    alice, case, child, relatives, privacy_officer
):
    _, uncle = relatives
    StaffSubjectLink.objects.create(user=alice, person=uncle, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    assert uncle.pk not in {r.person_id for r in selectors.person_get(actor=alice, person_id=child.pk).relationships}
    SealedGrant.objects.create(user=alice, person=uncle, reason="Named", granted_by=privacy_officer,
                               granted_at=timezone.now())  # fmt: skip
    assert uncle.pk in {r.person_id for r in selectors.person_get(actor=alice, person_id=child.pk).relationships}


def test_relating_a_sealed_person_answers_as_a_number_nobody_has(alice, case, child, relatives):
    _, uncle = relatives
    Person.objects.filter(pk=uncle.pk).update(sealed=True)
    answers = []
    for other in (uncle.pk, 987_654):
        with pytest.raises(people_services.PersonInputError) as refused:
            people_services.relationship_add(actor=alice, person_id=child.pk, other_person_id=other,
                                             kind=Relationship.Kind.SIBLING, other_is=True)  # fmt: skip
        answers.append(refused.value.errors)
    assert answers[0] == answers[1] == {"other_person_id": "There is no person with that number."}
