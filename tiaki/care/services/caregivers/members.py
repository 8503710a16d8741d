"""The people in a caregiver household: each a person on the register, found
by search-before-create (tiaki.people.selectors.search: the page searches
first and offers the matches) or added through the people services; a
member joining or leaving is told on the chronology of each child placed
there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.models import HouseholdMember
from tiaki.care.reach import household_decision
from tiaki.care.services.caregivers.errors import CaregiverError
from tiaki.care.services.caregivers.path import SUBJECT, household_for_write, not_future, tell_placed_children
from tiaki.people.services import person_create
from tiaki.people.services.inputs import PersonInput
from tiaki.staff.models import User

_JOINED = {
    HouseholdMember.Role.CAREGIVER: "A new caregiver joined the household",
    HouseholdMember.Role.ADULT: "Another adult joined the household",
    HouseholdMember.Role.CHILD: "Another child joined the household",
}
_LEFT = {
    HouseholdMember.Role.CAREGIVER: "A caregiver left the household",
    HouseholdMember.Role.ADULT: "An adult left the household",
    HouseholdMember.Role.CHILD: "A child of the household left it",
}
NO_SUCH_PERSON = "There is no person with that number on the register that you can open."


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def member_add(
    *,
    actor: User,
    household_id: int,
    role: str,
    person_id: int | None = None,
    new_person: PersonInput | None = None,
    confirmed_new: bool = False,
    joined_on: dt.date | None = None,
) -> HouseholdMember:
    """Add someone to a household: a person the actor may open
    (``person_id``, found by searching first), or a new one created through
    the people services (``new_person``, refused with PossibleDuplicates when
    the register may already hold them, unless ``confirmed_new``)."""
    if (person_id is None) == (new_person is None):
        # The role and the household's reach first: nobody learns anything of
        # a household out of their reach (and its refusal is audited).
        enforce(actor, household_decision(actor, household_id, write=True), action=AuditAction.CAREGIVER_UPDATE,
                subject_type=SUBJECT, subject_ids=[household_id])  # fmt: skip
        raise CaregiverError("Choose someone from the search, or add a new person.", "person")
    if new_person is not None:
        # Decided and enforced before the person is created: an actor out of
        # the household's reach adds nobody to the register.
        enforce(actor, household_decision(actor, household_id, write=True), action=AuditAction.CAREGIVER_UPDATE,
                subject_type=SUBJECT, subject_ids=[household_id])  # fmt: skip
        if role not in HouseholdMember.Role.values:
            raise CaregiverError("Choose who they are in the household.", "role")
        person_id = person_create(actor=actor, data=new_person, confirmed_new=confirmed_new).pk
    joined_on = joined_on or timezone.localdate()
    with household_for_write(actor, household_id) as (household, step, decision):
        if role not in HouseholdMember.Role.values:
            raise CaregiverError("Choose who they are in the household.", "role")
        not_future(joined_on, "joined_on", "the date they joined")
        assert person_id is not None
        # A person the actor may not open (missing, out of reach, sealed)
        # answers the same: the register says nothing more.
        if not scoping.person_decision(actor, person_id).allowed:
            raise CaregiverError(NO_SUCH_PERSON, "person")
        if HouseholdMember.objects.filter(household=household, person_id=person_id, left_on__isnull=True).exists():
            raise CaregiverError("They are already in this household.", "person")
        member = HouseholdMember.objects.create(household=household, person_id=person_id, role=role,
                                                joined_on=joined_on)  # fmt: skip
        step.relationship = f"{decision.relationship}:member:{member.pk}"
        step.also(AuditAction.CAREGIVER_UPDATE, subject_type="person", subject_ids=[person_id],
                  relationship=f"household-member:{household.pk}")  # fmt: skip
        tell_placed_children(household, _JOINED[HouseholdMember.Role(role)],
                             "Their caregiver's household changed: someone new lives there.")  # fmt: skip
    return member


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def member_leave(*, actor: User, household_id: int, member_id: int, left_on: dt.date | None = None) -> HouseholdMember:
    """Record that someone has left the household (they stay in its history)."""
    left_on = left_on or timezone.localdate()
    with household_for_write(actor, household_id) as (household, step, decision):
        not_future(left_on, "left_on", "the date they left")
        member = HouseholdMember.objects.select_for_update().filter(pk=member_id, household=household).first()
        if member is None or member.left_on is not None:
            raise CaregiverError("That person is not in this household now.", "member")
        if left_on < member.joined_on:
            raise CaregiverError("They cannot leave before they joined.", "left_on")
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        step.relationship = f"{decision.relationship}:member-left:{member.pk}"
        step.also(AuditAction.CAREGIVER_UPDATE, subject_type="person", subject_ids=[member.person_id],
                  relationship=f"household-member-left:{household.pk}")  # fmt: skip
        tell_placed_children(household, _LEFT[HouseholdMember.Role(member.role)],
                             "Their caregiver's household changed: someone has moved out.")  # fmt: skip
    return member
