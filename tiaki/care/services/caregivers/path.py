"""The caregiver household's write path, which every caregiver service that
changes a household goes through (tiaki.access.paths.writing, narrowed to one
household), and what those services share: the children placed there now,
the chronology entry a caregiver change writes on each, and typed text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from tiaki.access.paths import Step, writing
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverHousehold, Placement
from tiaki.care.reach import household_decision
from tiaki.care.services.caregivers.errors import CaregiverError, StaleVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.staff.models import User

CLOSED = "This household is closed: nothing more can be recorded on it."
SUBJECT = "household"


@contextmanager
def household_for_write(
    actor: User, household_id: int, *, action: AuditAction | None = None, allow_closed: bool = False
) -> Iterator[tuple[CaregiverHousehold, Step, Decision]]:
    """``with household_for_write(actor, household_id) as (household, step, decision):``
    decided (household_decision, write) and enforced before the transaction,
    so a refusal's event is kept; then the transaction with the household's
    row locked and checked not closed."""
    decision = household_decision(actor, household_id, write=True)
    with writing(actor, decision=decision, subject_type=SUBJECT, subject_ids=[household_id],
                 action=action) as step:  # fmt: skip
        household = CaregiverHousehold.objects.select_for_update().get(pk=household_id)
        if household.status == CaregiverHousehold.Status.CLOSED and not allow_closed:
            raise CaregiverError(CLOSED)
        yield household, step, decision


def check_version(household: CaregiverHousehold, expected_version: int) -> None:
    if household.version != expected_version:
        raise StaleVersion(
            "Someone else changed this household since you opened it. Nothing was saved: check their change "
            "and save again.",
            current=household.version,
        )


def placed_child_ids(household_id: int) -> list[int]:
    """The children placed in the household now."""
    return list(
        Placement.objects.filter(household_id=household_id, ended_on__isnull=True)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )


def tell_placed_children(household: CaregiverHousehold, title: str, summary: str = "") -> None:
    """A caregiver change on each child placed there now, in plain words: never
    the household's address."""
    children = placed_child_ids(household.pk)
    if children:
        chronology_add(person_ids=children, kind=ChronologyEntry.Kind.CAREGIVER, occurred_at=timezone.now(),
                       title=title, summary=summary, source_id=household.pk)  # fmt: skip


def entered_text(value: str, field: str, label: str, *, required: bool = True, limit: int = 20_000) -> str:
    """``value`` trimmed; CaregiverError naming ``field`` if it is missing
    but ``required``, or longer than ``limit``."""
    value = (value or "").strip()
    if required and not value:
        raise CaregiverError(f"Enter {label}.", field)
    if len(value) > limit:
        raise CaregiverError(f"Keep {label} under {limit:,} characters.", field)
    return value


def not_future(day: object, field: str, label: str) -> None:
    if day is None:
        raise CaregiverError(f"Enter {label}.", field)
    if day > timezone.localdate():  # type: ignore[operator]
        raise CaregiverError(f"{label[:1].upper()}{label[1:]} cannot be in the future.", field)
