# ruff: noqa: F811 - the fixtures take the cast imported above by name, as pytest passes them
"""The episode and placement tests' records, made with the ORM (engineer B's
caregiver services are not used here): an approved household with a vetted
caregiver, an s78 order on alice's case, a child in care. Imported by the
test modules that use them (not a conftest.py, so other care tests' fixtures
do not collide)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.tests.conftest import (  # noqa: F401 - the cast, for the modules that import this one
    alice,
    bob,
    case,
    charlie,
    child,
    other_site,
    privacy_officer,
    site,
    site_manager,
    supervisor,
)
from tiaki.care.models import CareEpisode, CaregiverCheck, CaregiverHousehold, HouseholdMember
from tiaki.care.services.episodes import care_enter
from tiaki.casework.models import CourtOrder
from tiaki.people.models import Address
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

STREET = "12 Kōwhai Street"


def days(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def household(by: User, *, name: str = "The Ngata whānau", status: str = "approved", vet_expires: dt.date | None = None,
              vetted: bool = True, kind: str = "kin") -> CaregiverHousehold:  # fmt: skip
    """A household with one caregiver and, unless ``vetted`` is False, their police vetting."""
    now = timezone.now()
    approved = status == CaregiverHousehold.Status.APPROVED
    home = CaregiverHousehold.objects.create(
        name=name, kind=kind, status=status, site=by.site,
        address=Address.objects.create(street=STREET, suburb="Kensington", city="Whangārei", postcode="0112"),
        enquiry_on=days(400), approved_on=days(300) if approved else None, approved_by=by if approved else None,
        created_by=by, created_at=now,
    )  # fmt: skip
    carer = PersonNameFactory(given_names="Mere", family_name="Ngata").person
    member = HouseholdMember.objects.create(household=home, person=carer, role="caregiver", joined_on=days(400))
    if vetted:
        CaregiverCheck.objects.create(
            household=home, member=member, kind=CaregiverCheck.Kind.POLICE_VET, done_on=days(350),
            expires_on=vet_expires or timezone.localdate() + dt.timedelta(days=700), outcome="clear",
            recorded_by=by, recorded_at=now,
        )  # fmt: skip
    return home


def s78(by: User, case, child) -> CourtOrder:
    return CourtOrder.objects.create(
        case=case, child=child, kind="s78", court="Whangārei Family Court", made_on=days(10), without_notice=True,
        no_safety_plan_reason="Nobody could be reached.", recorded_by=by, recorded_at=timezone.now(),
    )  # fmt: skip


def enter(actor: User, case, child, **change: object) -> CareEpisode:
    values: dict[str, object] = {
        "entered_on": days(10), "legal_basis": "s78", "court_order_id": s78(actor, case, child).pk,
        "reasons": ["neglect", "family_violence"], "main_reason": "neglect",
        "reasons_text": "No food in the house and police called twice.", "living_with": "one_parent",
        "child_views": "I want to stay with Nan.",
    }  # fmt: skip
    values.update(change)
    return care_enter(actor=actor, case_id=case.pk, child_id=child.pk, **values)  # type: ignore[arg-type]


@pytest.fixture
def home(alice) -> CaregiverHousehold:
    return household(alice)


@pytest.fixture
def in_care(alice, case, child) -> CareEpisode:
    return enter(alice, case, child)
