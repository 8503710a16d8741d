"""Placement search's test world, built with the ORM (the caregiver and
placement services are built alongside, and these tests do not depend on
them): households with members, checks and placements, and the cast of the
access tests (alice allocated to the child's open case, bob a colleague
without a relationship, charlie at another site)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from tiaki.care.models import CareEpisode, CaregiverCheck, CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case
from tiaki.people.models import Address, Person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Site, User

#: "Now" for the selector's tests: the child fixture (born 14 March 2015) is 11.
NOW = dt.datetime(2026, 12, 2, 22, 0, tzinfo=dt.UTC)  # 3 December 2026, 11:00 in Aotearoa
TODAY = dt.date(2026, 12, 3)

#: Where the households are (kept SENSITIVE: never in a result).
SECRET_STREET = "7 Kererū Hideaway Lane"
SECRET_SUBURB = "Maunu Heights"
#: Points near these towns (a little off their centres, as a house is).
NEAR_WHANGAREI = (-35.7330, 174.2890)
NEAR_KAIKOHE = (-35.4100, 173.8050)
NEAR_AUCKLAND = (-36.8600, 174.7400)


def adult(given: str, family: str = "Kingi", **fields: object) -> Person:
    return PersonNameFactory(given_names=given, family_name=family, person__date_of_birth=dt.date(1980, 1, 1),
                             **{f"person__{k}": v for k, v in fields.items()}).person  # fmt: skip


def household(
    site: Site,
    by: User,
    name: str,
    *,
    kind: str = CaregiverHousehold.Kind.GENERAL,
    status: str = CaregiverHousehold.Status.APPROVED,
    capacity: int = 2,
    ages: tuple[int, int] = (0, 17),
    takes_siblings: bool = False,
    needs: Sequence[str] = (),
    iwi: Sequence[str] = (),
    culture: str = "",
    at: tuple[float, float] | None = NEAR_WHANGAREI,
    members: Sequence[Person] = (),
    vet_expires: dt.date | None = dt.date(2028, 1, 1),
) -> CaregiverHousehold:
    """A household with its caregivers (one made up if none given), each with
    a police vet expiring on ``vet_expires``, at ``at``."""
    approved = status == CaregiverHousehold.Status.APPROVED
    home = CaregiverHousehold.objects.create(
        name=name, kind=kind, status=status, site=site, capacity=capacity, age_min=ages[0], age_max=ages[1],
        takes_siblings=takes_siblings, needs_met=list(needs), iwi=list(iwi), culture=culture,
        address=Address.objects.create(street=SECRET_STREET, suburb=SECRET_SUBURB, city="Whangārei"),
        latitude=at[0] if at else None, longitude=at[1] if at else None,
        enquiry_on=dt.date(2025, 1, 10), approved_on=dt.date(2025, 6, 1) if approved else None,
        approved_by=by if approved else None, created_by=by, created_at=timezone.now(),
    )  # fmt: skip
    for person in members or [adult(f"Caregiver {name}")]:
        member = HouseholdMember.objects.create(
            household=home, person=person, role=HouseholdMember.Role.CAREGIVER, joined_on=dt.date(2025, 1, 10)
        )
        CaregiverCheck.objects.create(
            household=home, member=member, kind=CaregiverCheck.Kind.POLICE_VET, done_on=dt.date(2025, 1, 1),
            expires_on=vet_expires, outcome=CaregiverCheck.Outcome.CLEAR, recorded_by=by, recorded_at=timezone.now(),
        )  # fmt: skip
    return home


def in_care(child: Person, case: Case, by: User) -> CareEpisode:
    return CareEpisode.objects.create(
        child=child, case=case, entered_on=dt.date(2026, 11, 1), legal_basis=CareEpisode.LegalBasis.S78,
        reasons_text="Not safe at home.", living_with=CareEpisode.LivingWith.ONE_PARENT, recorded_by=by,
        recorded_at=timezone.now(),
    )  # fmt: skip


def place(child: Person, home: CaregiverHousehold, case: Case, by: User) -> Placement:
    """``child`` in care on ``case`` and placed with ``home`` now."""
    episode = CareEpisode.objects.filter(child=child, left_on__isnull=True).first() or in_care(child, case, by)
    return Placement.objects.create(
        episode=episode, child=child, kind=Placement.Kind.NON_KIN, household=home, started_on=dt.date(2026, 11, 2),
        recorded_by=by, recorded_at=timezone.now(),
    )  # fmt: skip


def fill(home: CaregiverHousehold, n: int, case: Case, by: User) -> None:
    """``n`` other children placed with ``home``."""
    for i in range(n):
        place(PersonNameFactory(given_names=f"Placed {home.pk}-{i}").person, home, case, by)
