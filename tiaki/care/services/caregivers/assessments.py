"""Assessing a caregiver household and deciding on it. The decision is made
by someone other than the assessor (and the database holds them to it:
``assessment_not_self_approved``); approval needs a clear, unexpired police
vet for every caregiver and adult, referees and a home visit, and resolves
any placement made with the household while it was not yet approved."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverAssessment, CaregiverCheck, CaregiverHousehold, HouseholdMember, Placement
from tiaki.care.policy import caregiver_policy
from tiaki.care.services.caregivers.errors import CaregiverError, SelfApproval
from tiaki.care.services.caregivers.path import entered_text, household_for_write, not_future
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

#: Referees an approval needs.
REFEREES_NEEDED = 2
SELF_APPROVAL = "A caregiver is approved by someone other than their assessor."


def _open_assessment(household: CaregiverHousehold) -> CaregiverAssessment | None:
    return (
        CaregiverAssessment.objects.select_for_update().filter(household=household, decision="").order_by("-pk").first()
    )


@service(AuditAction.CAREGIVER_ASSESS, permission=Permission.CAREGIVER_MANAGE)
def assessment_start(
    *, actor: User, household_id: int, started_on: dt.date | None = None, assessor_id: int | None = None
) -> CaregiverAssessment:
    """Start assessing a household (the actor assesses unless another is named)."""
    started_on = started_on or timezone.localdate()
    with household_for_write(actor, household_id) as (household, step, decision):
        not_future(started_on, "started_on", "the date the assessment started")
        if household.status not in (CaregiverHousehold.Status.ENQUIRY, CaregiverHousehold.Status.DECLINED,
                                    CaregiverHousehold.Status.ON_HOLD):  # fmt: skip
            raise CaregiverError("This household is already being assessed or is approved.", "started_on")
        if _open_assessment(household) is not None:
            raise CaregiverError("This household already has an assessment under way.", "started_on")
        assessor = actor
        if assessor_id is not None and assessor_id != actor.pk:
            found = User.objects.filter(pk=assessor_id, is_active=True, site=household.site).first()
            if found is None:
                raise CaregiverError("Choose an assessor at the household's site.", "assessor")
            assessor = found
        assessment = CaregiverAssessment.objects.create(household=household, assessor=assessor,
                                                        started_on=started_on)  # fmt: skip
        household.status = CaregiverHousehold.Status.ASSESSMENT
        household.version += 1
        household.save(update_fields=["status", "version"])
        step.relationship = f"{decision.relationship}:assessment:{assessment.pk}"
    return assessment


@service(AuditAction.CAREGIVER_ASSESS, permission=Permission.CAREGIVER_MANAGE)
def assessment_complete(
    *, actor: User, household_id: int, recommendation: str, summary: str, completed_on: dt.date | None = None
) -> CaregiverAssessment:
    """Finish the assessment with a recommendation and its summary, for the decision."""
    completed_on = completed_on or timezone.localdate()
    with household_for_write(actor, household_id) as (household, step, decision):
        assessment = _open_assessment(household)
        if assessment is None or assessment.completed_on is not None:
            raise CaregiverError("There is no assessment under way to complete.", "recommendation")
        if recommendation not in CaregiverAssessment.Recommendation.values:
            raise CaregiverError("Choose the recommendation.", "recommendation")
        not_future(completed_on, "completed_on", "the date the assessment was completed")
        if completed_on < assessment.started_on:
            raise CaregiverError("The assessment cannot be completed before it started.", "completed_on")
        assessment.summary = entered_text(summary, "summary", "the assessment's summary")
        assessment.recommendation, assessment.completed_on = recommendation, completed_on
        assessment.version += 1
        assessment.save(update_fields=["summary", "recommendation", "completed_on", "version"])
        step.relationship = f"{decision.relationship}:assessment:{assessment.pk}:completed"
    return assessment


def approval_gaps(household: CaregiverHousehold, today: dt.date) -> list[str]:
    """What stops a household being approved today, in plain words (empty: nothing)."""
    gaps = []
    adults = HouseholdMember.objects.filter(
        household=household, left_on__isnull=True,
        role__in=[HouseholdMember.Role.CAREGIVER, HouseholdMember.Role.ADULT],
    ).order_by("pk")  # fmt: skip
    if not adults.filter(role=HouseholdMember.Role.CAREGIVER).exists():
        gaps.append("Add the caregivers to the household.")
    checks = CaregiverCheck.objects.filter(household=household).order_by("-done_on", "-pk")
    names = display_names([m.person_id for m in adults])
    for member in adults:
        vet = checks.filter(kind=CaregiverCheck.Kind.POLICE_VET, member=member).first()
        name = names.get(member.person_id, "One adult")
        if vet is None:
            gaps.append(f"{name} has no police vet.")
        elif vet.outcome != CaregiverCheck.Outcome.CLEAR:
            gaps.append(f"{name}'s police vet is not clear.")
        elif vet.expires_on is not None and vet.expires_on <= today:
            gaps.append(f"{name}'s police vet has expired.")
    clear = checks.filter(outcome=CaregiverCheck.Outcome.CLEAR)
    referees = clear.filter(kind=CaregiverCheck.Kind.REFEREE).count()
    if referees < REFEREES_NEEDED:
        gaps.append(f"Approval needs {REFEREES_NEEDED} clear referee checks ({referees} recorded).")
    if not clear.filter(kind=CaregiverCheck.Kind.HOME_VISIT).exists():
        gaps.append("Approval needs a clear home visit.")
    return gaps


@service(AuditAction.CAREGIVER_APPROVE, permission=Permission.CAREGIVER_APPROVE)
def assessment_decide(*, actor: User, household_id: int, decision: str, reason: str = "") -> CaregiverAssessment:
    """Approve (or not) a household whose assessment is complete. The
    assessor may not decide; approval needs the checks (approval_gaps), sets
    the next review by policy and resolves open unapproved placements with it."""
    with household_for_write(actor, household_id) as (household, step, reach):
        assessment = _open_assessment(household)
        if assessment is None or assessment.completed_on is None:
            raise CaregiverError("The assessment must be completed before it is decided.", "decision")
        if assessment.assessor_id == actor.pk:
            raise SelfApproval(SELF_APPROVAL, "decision")
        if decision not in CaregiverAssessment.Decision.values:
            raise CaregiverError("Choose whether the household is approved.", "decision")
        reason = entered_text(reason, "reason", "the reasons for the decision",
                              required=decision == CaregiverAssessment.Decision.DECLINED, limit=5_000)  # fmt: skip
        today, now = timezone.localdate(), timezone.now()
        if decision == CaregiverAssessment.Decision.APPROVED:
            gaps = approval_gaps(household, today)
            if gaps:
                raise CaregiverError("The household cannot be approved yet. " + " ".join(gaps), "decision")
        assessment.decision, assessment.decided_by, assessment.decided_at = decision, actor, now
        assessment.decision_reason = reason
        assessment.version += 1
        assessment.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason", "version"])
        fields = ["status", "version"]
        if decision == CaregiverAssessment.Decision.APPROVED:
            household.status = CaregiverHousehold.Status.APPROVED
            household.approved_on, household.approved_by = today, actor
            household.next_review_on = today + dt.timedelta(days=caregiver_policy().review_interval_days)
            fields += ["approved_on", "approved_by", "next_review_on"]
            waiting = list(
                Placement.objects.select_for_update()
                .filter(household=household, unapproved_resolved_on__isnull=True, ended_on__isnull=True)
                .exclude(unapproved_reason="")
            )
            for placement in waiting:
                placement.unapproved_resolved_on = today
                placement.version += 1
                placement.save(update_fields=["unapproved_resolved_on", "version"])
            if waiting:
                chronology_add(
                    person_ids=[p.child_id for p in waiting], kind=ChronologyEntry.Kind.CAREGIVER, occurred_at=now,
                    title="Caregiver approved", source_id=household.pk,
                    summary="The caregivers this child lives with are now approved.",
                )  # fmt: skip
        else:
            household.status = CaregiverHousehold.Status.DECLINED
        household.version += 1
        household.save(update_fields=fields)
        step.relationship = f"{reach.relationship}:assessment:{assessment.pk}:{decision}"
    return assessment
