"""The caregiver tests' cast and records (imported by name by
test_caregivers_*.py; the access tests' alice/bob/charlie):

- alice: the household's own social worker (Whangārei);
- bob: a colleague at the same site: the site's caregiver team (caregiver:manage there);
- charlie: an outsider, a social worker at another site;
- supervisor: alice's supervisor, who approves (never their own assessment).

Placements are written straight to the table: they are another engineer's
services (tiaki.care.services.placements)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.care.models import CareEpisode, CaregiverHousehold, HouseholdMember, Placement
from tiaki.care.services import caregivers as services
from tiaki.casework.models import Case
from tiaki.people.models import Person
from tiaki.people.services.inputs import AddressInput
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

ADDRESS = AddressInput(street="12 Kauri Road", suburb="Kamo", city="Whangārei", postcode="0112")


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int, user: User | None = None, **filters: object) -> list[AuditEvent]:
    if user is not None:
        filters["actor_id"] = user.pk
    return list(AuditEvent.objects.filter(seq__gt=seq, **filters).order_by("seq"))


@pytest.fixture
def household(alice, site) -> CaregiverHousehold:
    return services.household_create(
        actor=alice, name="Kingi whānau", kind=CaregiverHousehold.Kind.KIN, site=site,
        enquiry_on=timezone.localdate() - dt.timedelta(days=40), address=ADDRESS, latitude=-35.68, longitude=174.3,
        capacity=2, age_min=0, age_max=12, takes_siblings=True, needs_met=["te_reo", "infant"], culture="Māori",
        iwi=["Ngāpuhi"], languages="Te reo Māori, English",
    )  # fmt: skip


def add_member(actor: User, household: CaregiverHousehold, given: str, role: str = "caregiver") -> HouseholdMember:
    person = PersonNameFactory(given_names=given, family_name="Kingi").person
    person.created_by = actor
    person.save(update_fields=["created_by"])
    return services.member_add(actor=actor, household_id=household.pk, person_id=person.pk, role=role,
                               joined_on=timezone.localdate() - dt.timedelta(days=30))  # fmt: skip


@pytest.fixture
def caregiver(alice, household) -> HouseholdMember:
    return add_member(alice, household, "Mere")


def place(person: Person, household: CaregiverHousehold, on_case: Case, recorded_by: User, *,
          unapproved: str = "") -> Placement:  # fmt: skip
    episode = CareEpisode.objects.filter(child=person, left_on__isnull=True).first() or CareEpisode.objects.create(
        child=person, case=on_case, entered_on=timezone.localdate() - dt.timedelta(days=20), legal_basis="s78",
        reasons_text="Not safe at home.", living_with="parents", recorded_by=recorded_by, recorded_at=timezone.now(),
    )  # fmt: skip
    return Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.KIN, household=household,
        started_on=timezone.localdate() - dt.timedelta(days=10), recorded_by=recorded_by, recorded_at=timezone.now(),
        unapproved_reason=unapproved,
    )  # fmt: skip


def ready_for_approval(actor: User, household: CaregiverHousehold, members: list[HouseholdMember]) -> None:
    """Clear police vets for every adult, two referees and a home visit."""
    done = timezone.localdate() - dt.timedelta(days=5)
    for member in members:
        services.check_record(actor=actor, household_id=household.pk, kind="police_vet", done_on=done,
                              outcome="clear", member_id=member.pk)  # fmt: skip
    for kind in ("referee", "referee", "home_visit"):
        services.check_record(actor=actor, household_id=household.pk, kind=kind, done_on=done, outcome="clear")


__all__ = ["inducted"]
