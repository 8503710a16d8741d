"""Caregiver households on the register: added at enquiry, changed (with the
version the writer saw), their support plan kept, and closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import NEEDS
from tiaki.care.models import CaregiverHousehold
from tiaki.care.services.caregivers.errors import CaregiverError
from tiaki.care.services.caregivers.path import (
    SUBJECT,
    check_version,
    entered_text,
    household_for_write,
    not_future,
    placed_child_ids,
)
from tiaki.people.models import Address
from tiaki.people.services.inputs import AddressInput, PersonInputError
from tiaki.staff.models import Site, User

MAX_CAPACITY = 12


def _address(data: AddressInput | None) -> Address | None:
    if data is None:
        return None
    try:
        cleaned = data.cleaned()
    except PersonInputError as exc:
        field, message = next(iter(exc.errors.items()))
        raise CaregiverError(message, field) from None
    address, _ = Address.objects.get_or_create(
        street=cleaned.street, suburb=cleaned.suburb, city=cleaned.city, postcode=cleaned.postcode
    )
    return address


def _social_worker(worker_id: int | None, site: Site) -> User | None:
    if worker_id is None:
        return None
    worker = User.objects.filter(pk=worker_id, is_active=True, site=site).first()
    if worker is None or not has_permission(worker, Permission.CAREGIVER_MANAGE):
        raise CaregiverError("Choose a social worker at the household's site.", "social_worker")
    return worker


def _profile(
    *, capacity: int, age_min: int, age_max: int, needs_met: Sequence[str], iwi: Sequence[str]
) -> tuple[list[str], list[str]]:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CaregiverError(f"A household takes from 1 to {MAX_CAPACITY} children.", "capacity")
    if not 0 <= age_min <= 17 or not 0 <= age_max <= 17:
        raise CaregiverError("Ages are from 0 to 17.", "age_min")
    if age_min > age_max:
        raise CaregiverError("The youngest age cannot be more than the oldest.", "age_max")
    unknown = [code for code in needs_met if code not in NEEDS]
    if unknown:
        raise CaregiverError("Choose the needs the household can meet from the list.", "needs_met")
    return list(dict.fromkeys(needs_met)), [name.strip()[:100] for name in dict.fromkeys(iwi) if name.strip()]


@service(AuditAction.CAREGIVER_CREATE, permission=Permission.CAREGIVER_MANAGE)
def household_create(
    *,
    actor: User,
    name: str,
    kind: str,
    site: Site,
    enquiry_on: dt.date,
    social_worker_id: int | None = None,
    address: AddressInput | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    capacity: int = 1,
    age_min: int = 0,
    age_max: int = 17,
    takes_siblings: bool = False,
    needs_met: Sequence[str] = (),
    culture: str = "",
    iwi: Sequence[str] = (),
    languages: str = "",
) -> CaregiverHousehold:
    """Add a household to the register at enquiry, with its own social worker
    (the actor unless another at its site is named)."""
    decision = scoping.list_decision(actor, Permission.CAREGIVER_MANAGE)
    with writing(actor, decision=decision, subject_type=SUBJECT, relationship="created") as step:
        name = entered_text(name, "name", "the household's name", limit=200)
        if kind not in CaregiverHousehold.Kind.values:
            raise CaregiverError("Choose the kind of caregivers.", "kind")
        not_future(enquiry_on, "enquiry_on", "the date of the enquiry")
        needs, iwi_names = _profile(capacity=capacity, age_min=age_min, age_max=age_max, needs_met=needs_met, iwi=iwi)
        worker = _social_worker(social_worker_id if social_worker_id is not None else actor.pk, site)
        household = CaregiverHousehold.objects.create(
            name=name, kind=kind, site=site, address=_address(address), latitude=latitude, longitude=longitude,
            capacity=capacity, age_min=age_min, age_max=age_max, takes_siblings=takes_siblings, needs_met=needs,
            culture=entered_text(culture, "culture", "the culture", required=False, limit=200), iwi=iwi_names,
            languages=entered_text(languages, "languages", "the languages", required=False, limit=200),
            social_worker=worker, enquiry_on=enquiry_on, created_by=actor, created_at=timezone.now(),
        )  # fmt: skip
        step.subject_ids = [household.pk]
        step.relationship = f"created:{household.pk}"
    return household


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def household_update(
    *,
    actor: User,
    household_id: int,
    expected_version: int,
    name: str | None = None,
    kind: str | None = None,
    capacity: int | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    takes_siblings: bool | None = None,
    needs_met: Sequence[str] | None = None,
    culture: str | None = None,
    iwi: Sequence[str] | None = None,
    languages: str | None = None,
    social_worker_id: int | None = None,
    address: AddressInput | None = None,
) -> CaregiverHousehold:
    """Change what the register says about a household: only from the version
    the writer saw (StaleVersion otherwise). The address (SENSITIVE) is
    changed only by someone who may see it."""
    with household_for_write(actor, household_id) as (household, step, decision):
        check_version(household, expected_version)
        changed: list[str] = []

        def put(field: str, value: object) -> None:
            if value is not None and getattr(household, field) != value:
                setattr(household, field, value)
                changed.append(field)

        if name is not None:
            put("name", entered_text(name, "name", "the household's name", limit=200))
        if kind is not None and kind not in CaregiverHousehold.Kind.values:
            raise CaregiverError("Choose the kind of caregivers.", "kind")
        put("kind", kind)
        needs, iwi_names = _profile(
            capacity=household.capacity if capacity is None else capacity,
            age_min=household.age_min if age_min is None else age_min,
            age_max=household.age_max if age_max is None else age_max,
            needs_met=household.needs_met if needs_met is None else needs_met,
            iwi=household.iwi if iwi is None else iwi,
        )
        for field, value in (("capacity", capacity), ("age_min", age_min), ("age_max", age_max),
                             ("takes_siblings", takes_siblings)):  # fmt: skip
            put(field, value)
        put("needs_met", needs if needs_met is not None else None)
        put("iwi", iwi_names if iwi is not None else None)
        if culture is not None:
            put("culture", entered_text(culture, "culture", "the culture", required=False, limit=200))
        if languages is not None:
            put("languages", entered_text(languages, "languages", "the languages", required=False, limit=200))
        if social_worker_id is not None:
            put("social_worker", _social_worker(social_worker_id, household.site))
        if address is not None:
            if not decision.may_see_sensitive:
                raise CaregiverError("Only someone who may see the household's address can change it.", "address")
            put("address", _address(address))
        if not changed:
            step.nothing_done()
            return household
        household.version += 1
        household.save(update_fields=[*changed, "version"])
        step.relationship = f"{decision.relationship}:changed:{','.join(sorted(changed))}"
    return household


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def support_plan_save(*, actor: User, household_id: int, expected_version: int, text: str) -> CaregiverHousehold:
    """Save the household's support plan: what the agency does to support the
    caregivers. Only from the version the writer saw."""
    text = entered_text(text, "text", "the support plan")
    with household_for_write(actor, household_id) as (household, step, decision):
        check_version(household, expected_version)
        household.support_plan = text
        household.support_plan_updated_at = timezone.now()
        household.version += 1
        household.save(update_fields=["support_plan", "support_plan_updated_at", "version"])
        step.relationship = f"{decision.relationship}:support-plan"
    return household


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def household_close(*, actor: User, household_id: int, reason: str, closed_on: dt.date | None = None) -> None:
    """Close a household: no child may be placed there now."""
    reason = entered_text(reason, "reason", "why the household is closing", limit=5_000)
    closed_on = closed_on or timezone.localdate()
    not_future(closed_on, "closed_on", "the date it closed")
    with household_for_write(actor, household_id) as (household, step, decision):
        if placed_child_ids(household.pk):
            raise CaregiverError("A child is placed here now: move them before closing the household.", "reason")
        household.status = CaregiverHousehold.Status.CLOSED
        household.closed_on, household.closed_reason = closed_on, reason
        household.version += 1
        household.save(update_fields=["status", "closed_on", "closed_reason", "version"])
        step.relationship = f"{decision.relationship}:closed"
