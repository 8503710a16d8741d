"""What is recorded about a household as it is assessed and supported:
safety checks (police vets and health checks expire by policy), the yearly
review, the social worker's visits, training, and the specialist roles that
training qualifies a household for."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import COURSES, SPECIALIST_ROLES
from tiaki.care.models import (
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverReview,
    CaregiverTraining,
    CaregiverVisit,
    HouseholdMember,
    SpecialistRole,
)
from tiaki.care.policy import caregiver_policy, check_expiry
from tiaki.care.services.caregivers.errors import CaregiverError
from tiaki.care.services.caregivers.path import entered_text, household_for_write, not_future
from tiaki.staff.models import User

#: Checks made on one person (each caregiver and adult), not on the household.
PER_MEMBER = frozenset({CaregiverCheck.Kind.POLICE_VET, CaregiverCheck.Kind.HEALTH})


def _member(household: CaregiverHousehold, member_id: int | None, *, required: bool, what: str) -> int | None:
    if member_id is None:
        if required:
            raise CaregiverError(f"Choose who the {what} is for.", "member")
        return None
    if not HouseholdMember.objects.filter(pk=member_id, household=household, left_on__isnull=True).exists():
        raise CaregiverError("That person is not in this household now.", "member")
    return member_id


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def check_record(
    *,
    actor: User,
    household_id: int,
    kind: str,
    done_on: dt.date,
    outcome: str,
    member_id: int | None = None,
    expires_on: dt.date | None = None,
    note: str = "",
) -> CaregiverCheck:
    """Record a safety check. A police vet or a health check is for one
    member and expires by policy; the others are the household's."""
    with household_for_write(actor, household_id) as (household, step, decision):
        if kind not in CaregiverCheck.Kind.values:
            raise CaregiverError("Choose the kind of check.", "kind")
        if outcome not in CaregiverCheck.Outcome.values:
            raise CaregiverError("Choose the outcome of the check.", "outcome")
        not_future(done_on, "done_on", "the date the check was done")
        label = CaregiverCheck.Kind(kind).label.lower()
        member = _member(household, member_id, required=kind in PER_MEMBER, what=label)
        note = entered_text(note, "note", "what the concerns are", required=outcome != CaregiverCheck.Outcome.CLEAR,
                            limit=5_000)  # fmt: skip
        by_policy = check_expiry(kind, done_on)
        if by_policy is not None:
            expires_on = by_policy
        elif expires_on is not None and expires_on <= done_on:
            raise CaregiverError("The expiry date must be after the date the check was done.", "expires_on")
        check = CaregiverCheck.objects.create(
            household=household, member_id=member, kind=kind, done_on=done_on, expires_on=expires_on,
            outcome=outcome, note=note, recorded_by=actor, recorded_at=timezone.now(),
        )  # fmt: skip
        step.relationship = f"{decision.relationship}:check:{check.pk}"
    return check


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def review_record(*, actor: User, household_id: int, held_on: dt.date, outcome: str, summary: str) -> CaregiverReview:
    """Record the yearly review of an approved household; the next is due
    one review interval (policy) after this one."""
    with household_for_write(actor, household_id) as (household, step, decision):
        if household.status not in (CaregiverHousehold.Status.APPROVED, CaregiverHousehold.Status.ON_HOLD):
            raise CaregiverError("Only an approved household is reviewed.", "outcome")
        if outcome not in CaregiverReview.Outcome.values:
            raise CaregiverError("Choose the outcome of the review.", "outcome")
        not_future(held_on, "held_on", "the date of the review")
        summary = entered_text(summary, "summary", "what the review found", limit=20_000)
        next_review = held_on + dt.timedelta(days=caregiver_policy().review_interval_days)
        review = CaregiverReview.objects.create(
            household=household, held_on=held_on, reviewer=actor, outcome=outcome, summary=summary,
            next_review_on=next_review, recorded_at=timezone.now(),
        )  # fmt: skip
        household.next_review_on = next_review
        fields = ["next_review_on", "version"]
        status = {
            CaregiverReview.Outcome.ON_HOLD: CaregiverHousehold.Status.ON_HOLD,
            CaregiverReview.Outcome.ENDED: CaregiverHousehold.Status.DECLINED,
        }.get(CaregiverReview.Outcome(outcome), CaregiverHousehold.Status.APPROVED)
        if status != household.status:
            household.status = status
            fields.append("status")
        household.version += 1
        household.save(update_fields=fields)
        step.relationship = f"{decision.relationship}:review:{review.pk}"
    return review


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def visit_record(*, actor: User, household_id: int, visited_at: dt.datetime, summary: str) -> CaregiverVisit:
    """Record the social worker's visit to the household (by the actor)."""
    with household_for_write(actor, household_id) as (household, step, decision):
        if visited_at is None or visited_at > timezone.now() + dt.timedelta(minutes=5):
            raise CaregiverError("The visit cannot be in the future.", "visited_at")
        summary = entered_text(summary, "summary", "what happened on the visit")
        visit = CaregiverVisit.objects.create(household=household, visited_at=visited_at, by=actor, summary=summary,
                                              recorded_at=timezone.now())  # fmt: skip
        step.relationship = f"{decision.relationship}:visit:{visit.pk}"
    return visit


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def training_record(
    *,
    actor: User,
    household_id: int,
    course: str,
    completed_on: dt.date,
    member_id: int | None = None,
    expires_on: dt.date | None = None,
) -> CaregiverTraining:
    """Record a course a household member completed (tiaki.care.codes.COURSES)."""
    with household_for_write(actor, household_id) as (household, step, decision):
        if course not in COURSES:
            raise CaregiverError("Choose a course from the list.", "course")
        not_future(completed_on, "completed_on", "the date the course was completed")
        if expires_on is not None and expires_on <= completed_on:
            raise CaregiverError("The expiry date must be after the course was completed.", "expires_on")
        member = _member(household, member_id, required=False, what="course")
        training = CaregiverTraining.objects.create(
            household=household, member_id=member, course=course, completed_on=completed_on, expires_on=expires_on,
            recorded_by=actor, recorded_at=timezone.now(),
        )  # fmt: skip
        step.relationship = f"{decision.relationship}:training:{training.pk}"
    return training


def missing_courses(household_id: int, role: str, today: dt.date) -> list[str]:
    """The courses ``role`` needs that no one in the household holds (unexpired), by code."""
    held = set(
        CaregiverTraining.objects.filter(household_id=household_id)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .values_list("course", flat=True)
    )
    return sorted(SPECIALIST_ROLES[role][1] - held)


@service(AuditAction.CAREGIVER_UPDATE, permission=Permission.CAREGIVER_MANAGE)
def specialist_role_grant(
    *, actor: User, household_id: int, role: str, granted_on: dt.date | None = None
) -> SpecialistRole:
    """Grant a specialist caregiving role: only to an approved household with
    every course that qualifies for it (tiaki.care.codes.SPECIALIST_ROLES)."""
    granted_on = granted_on or timezone.localdate()
    with household_for_write(actor, household_id) as (household, step, decision):
        if role not in SPECIALIST_ROLES:
            raise CaregiverError("Choose a specialist role from the list.", "role")
        if household.status != CaregiverHousehold.Status.APPROVED:
            raise CaregiverError("Only an approved household can hold a specialist role.", "role")
        not_future(granted_on, "granted_on", "the date of the grant")
        missing = missing_courses(household.pk, role, granted_on)
        if missing:
            names = ", ".join(f"“{COURSES[code]}”" for code in missing)
            raise CaregiverError(f"{SPECIALIST_ROLES[role][0]} needs this training first: {names}.", "role")
        if SpecialistRole.objects.filter(household=household, role=role, ended_on__isnull=True).exists():
            raise CaregiverError("The household already holds this role.", "role")
        granted = SpecialistRole.objects.create(household=household, role=role, granted_on=granted_on,
                                                granted_by=actor)  # fmt: skip
        step.relationship = f"{decision.relationship}:specialist-role:{granted.pk}"
    return granted
