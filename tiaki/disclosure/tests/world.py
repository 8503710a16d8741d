"""The disclosure tests' whānau, shared by every part (guard, letters,
sharing, partners, pipeline): import the fixtures by name in a
conftest_<part>.py.

- ``mother`` Aroha Pene: lives at a protected address (14 Rātā Street, a
  refuge), with a protection order naming ``father``;
- ``father`` Wiremu Tane: his own unprotected address (3 Tōtara Road);
- ``child`` Tūī Te Whare (access tests' child): on alice's ``case``, in care,
  placed with the Kingi caregiver ``household`` (its address, 7 Kauri Place,
  is the placement location); the child's parents are mother and father;
- ``household_member`` Rangi Kingi: the caregiver in the household.

Everything is written straight to the tables (the services are other
domains' own), with fixed dates so the world is the same at any hour."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tiaki.care.models import CareEpisode, CaregiverHousehold, HouseholdMember, Placement
from tiaki.people.models import Address, PersonAddress, PersonAlert, Relationship
from tiaki.people.tests.factories import PersonNameFactory

PROTECTED_STREET = "14 Rātā Street"
FATHER_STREET = "3 Tōtara Road"
PLACEMENT_STREET = "7 Kauri Place"
SINCE = dt.date(2026, 6, 1)


def _person(given: str, family: str, born: dt.date):
    name = PersonNameFactory(given_names=given, family_name=family, person__date_of_birth=born)
    return name.person


@pytest.fixture
def mother(db):
    person = _person("Aroha", "Pene", dt.date(1994, 2, 3))
    refuge = Address.objects.create(street=PROTECTED_STREET, suburb="Raumanga", city="Whangārei", postcode="0110")
    PersonAddress.objects.create(person=person, address=refuge, protected=True, valid_from=SINCE)
    return person


@pytest.fixture
def father(db, mother):
    person = _person("Wiremu", "Tane", dt.date(1990, 7, 9))
    home = Address.objects.create(street=FATHER_STREET, suburb="Otangarei", city="Whangārei", postcode="0112")
    PersonAddress.objects.create(person=person, address=home, valid_from=SINCE)
    PersonAlert.objects.create(
        person=mother, kind=PersonAlert.Kind.PROTECTION_ORDER, note="Protection order, Whangārei District Court.",
        source="Court", review_on=dt.date(2027, 6, 1), recorded_at=timezone.now(), other_person=person,
    )  # fmt: skip
    return person


@pytest.fixture
def household(db, alice, site):
    place = Address.objects.create(street=PLACEMENT_STREET, suburb="Tikipunga", city="Whangārei", postcode="0112")
    return CaregiverHousehold.objects.create(
        name="Kingi whānau", kind=CaregiverHousehold.Kind.KIN, status=CaregiverHousehold.Status.APPROVED,
        site=site, address=place, capacity=2, enquiry_on=dt.date(2025, 1, 10), approved_on=dt.date(2025, 5, 1),
        approved_by=alice, created_by=alice, created_at=timezone.now(), social_worker=alice,
    )  # fmt: skip


@pytest.fixture
def household_member(household):
    person = _person("Rangi", "Kingi", dt.date(1970, 4, 4))
    HouseholdMember.objects.create(
        household=household, person=person, role=HouseholdMember.Role.CAREGIVER, joined_on=dt.date(2025, 1, 10)
    )
    return person


@pytest.fixture
def whanau(alice, case, child, mother, father, household, household_member):
    """The whole cast, with the child's parents and placement recorded."""
    for parent in (mother, father):
        Relationship.objects.create(from_person=parent, to_person=child, kind=Relationship.Kind.PARENT)
    episode = CareEpisode.objects.create(
        child=child, case=case, entered_on=SINCE, legal_basis=CareEpisode.LegalBasis.S101,
        reasons_text="Family violence at home.", living_with=CareEpisode.LivingWith.ONE_PARENT,
        recorded_by=alice, recorded_at=timezone.now(),
    )  # fmt: skip
    placement = Placement.objects.create(
        episode=episode, child=child, kind=Placement.Kind.KIN, household=household, started_on=SINCE,
        location=household.address, recorded_by=alice, recorded_at=timezone.now(),
    )  # fmt: skip
    return SimpleNamespace(
        case=case, child=child, mother=mother, father=father, household=household,
        caregiver=household_member, episode=episode, placement=placement, worker=alice,
    )  # fmt: skip
