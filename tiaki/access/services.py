"""Writes that grant, end or review access. Each checks permission and records
its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tiaki import audit
from tiaki.access import AccessDenied, Permission, require
from tiaki.access.models import (
    BREAKGLASS_MAX_MINUTES,
    BREAKGLASS_REVIEW_WORKING_DAYS,
    CURRENT_INDUCTION_COURSE,
    BreakGlassGrant,
    IntakeDuty,
    PrivacyInduction,
    SealedGrant,
    StaffSubjectLink,
)
from tiaki.access.roles import Role
from tiaki.access.scoping import INDUCTION_INCOMPLETE, has_induction
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.inbox.services import notification_send
from tiaki.people.models import Person
from tiaki.staff.models import Site, User
from tiaki.timeframes.working_days import add_working_days

BREAKGLASS_REASON_MIN = 20


class AccessRequestError(ValueError):
    """A request that cannot be granted as made; the message says why, for the form."""


def induction_record(
    *, actor: User, user: User, completed_on: dt.date, course_version: str = CURRENT_INDUCTION_COURSE
) -> PrivacyInduction:
    """Record that ``user`` completed privacy induction: only then may they see personal data."""
    require(actor, Permission.USER_MANAGE)
    if completed_on > timezone.localdate():
        raise AccessRequestError("The induction date cannot be in the future.")
    if not course_version.strip():
        raise AccessRequestError("Enter the course version completed.")
    with transaction.atomic():
        induction = PrivacyInduction.objects.create(
            user=user, completed_on=completed_on, course_version=course_version.strip(), recorded_by=actor
        )
        audit.record(actor=actor, action=AuditAction.INDUCTION_RECORD, subject_type="user", subject_ids=[user.pk])
    return induction


def role_grant(*, actor: User, user: User, role: Role) -> User:
    """Give ``user`` a role. Administrators cannot change their own role."""
    require(actor, Permission.USER_MANAGE)
    if user.pk == actor.pk:
        raise AccessRequestError("You cannot change your own role: ask another administrator.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        previous = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        audit.record(
            actor=actor,
            action=AuditAction.ROLE_GRANT,
            subject_type="user",
            subject_ids=[user.pk],
            relationship=f"role:{previous}->{role.value}",
        )
    return locked


def intake_duty_add(*, actor: User, user: User, site: Site, starts_at: dt.datetime, ends_at: dt.datetime) -> IntakeDuty:
    """Roster ``user`` on intake duty at ``site``."""
    require(actor, Permission.USER_MANAGE)
    if ends_at <= starts_at:
        raise AccessRequestError("A duty period must end after it starts.")
    with transaction.atomic():
        duty = IntakeDuty.objects.create(user=user, site=site, starts_at=starts_at, ends_at=ends_at)
        audit.record(
            actor=actor,
            action=AuditAction.USER_UPDATE,
            subject_type="user",
            subject_ids=[user.pk],
            relationship=f"intake-duty:{duty.pk}",
        )
    return duty


def breakglass_open(
    *, actor: User, person_id: int, reason: str, minutes: int = BREAKGLASS_MAX_MINUTES
) -> BreakGlassGrant:
    """Emergency access to one person for at most 60 minutes, granted at once
    and sent to the privacy officers' review queue. Sealed records and the
    actor's own record cannot be opened this way."""
    require(actor, Permission.BREAKGLASS_USE)
    if not has_induction(actor):
        raise AccessDenied(
            INDUCTION_INCOMPLETE, "Your privacy induction must be recorded before you can use emergency access."
        )
    reason = reason.strip()
    if len(reason) < BREAKGLASS_REASON_MIN:
        raise AccessRequestError(f"Say why you need emergency access, in at least {BREAKGLASS_REASON_MIN} characters.")
    if not 1 <= minutes <= BREAKGLASS_MAX_MINUTES:
        raise AccessRequestError(f"Emergency access lasts at most {BREAKGLASS_MAX_MINUTES} minutes.")
    person = Person.objects.filter(pk=person_id).values("pk", "sealed").first()
    link = StaffSubjectLink.objects.filter(user=actor, person_id=person_id).exists()
    if person is None or person["sealed"] or link:
        with transaction.atomic():
            audit.record(
                actor=actor,
                action=AuditAction.BREAKGLASS_OPEN,
                outcome=Outcome.REFUSED,
                subject_type="person",
                subject_ids=[person_id],
                reason="not_found" if person is None else "sealed",
            )
        raise AccessRequestError(
            "Emergency access is not available for that person number. Check the number, or ask a privacy officer."
        )
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor,
            person_id=person_id,
            reason=reason,
            granted_at=now,
            expires_at=now + dt.timedelta(minutes=minutes),
            review_due_on=add_working_days(timezone.localdate(now), BREAKGLASS_REVIEW_WORKING_DAYS),
        )
        audit.record(
            actor=actor,
            action=AuditAction.BREAKGLASS_OPEN,
            subject_type="person",
            subject_ids=[person_id],
            relationship=f"break-glass:{grant.pk}",
        )
        officers = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True)
        notification_send(
            users=officers, text=f"Emergency access {grant.pk} was used and needs review.", link="/privacy/break-glass/"
        )
    return grant


def breakglass_review(*, actor: User, grant_id: int, justified: bool, notes: str) -> BreakGlassGrant:
    """A privacy officer closes the review of one emergency access."""
    require(actor, Permission.BREAKGLASS_REVIEW)
    notes = notes.strip()
    if not justified and not notes:
        raise AccessRequestError("Say what was wrong with this use of emergency access.")
    with transaction.atomic():
        grant = BreakGlassGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise AccessRequestError("There is no such emergency access to review.")
        if grant.user_id == actor.pk:
            raise AccessRequestError("You cannot review your own emergency access.")
        if grant.review != BreakGlassGrant.Review.OPEN:
            raise AccessRequestError("This emergency access has already been reviewed.")
        grant.review = BreakGlassGrant.Review.JUSTIFIED if justified else BreakGlassGrant.Review.NOT_JUSTIFIED
        grant.reviewed_by = actor
        grant.reviewed_at = timezone.now()
        grant.review_notes = notes
        grant.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_notes"])
        audit.record(
            actor=actor,
            action=AuditAction.BREAKGLASS_REVIEW,
            subject_type="breakglass",
            subject_ids=[grant.pk],
            relationship=f"review:{grant.review}",
        )
    return grant


def breakglass_escalate_overdue(*, today: dt.date | None = None) -> int:
    """The scheduled job: a review still open after 5 working days goes to the
    site manager of the user's site. Returns how many were escalated."""
    today = today or timezone.localdate()
    escalated = 0
    with transaction.atomic():
        overdue = (
            BreakGlassGrant.objects.select_for_update()
            .filter(review=BreakGlassGrant.Review.OPEN, escalated_at__isnull=True, review_due_on__lt=today)
            .select_related("user")
            .order_by("pk")
        )
        for grant in overdue:
            manager = (
                User.objects.filter(role=Role.SITE_MANAGER, site=grant.user.site, is_active=True).order_by("pk").first()
            )
            grant.escalated_at = timezone.now()
            grant.escalated_to = manager
            grant.save(update_fields=["escalated_at", "escalated_to"])
            if manager is not None:
                notification_send(
                    users=[manager],
                    text=f"The review of emergency access {grant.pk} is overdue (due {grant.review_due_on:%d %b %Y}).",
                    link="/privacy/break-glass/",
                )
            audit.record(
                actor=None,
                action=AuditAction.BREAKGLASS_ESCALATE,
                subject_type="breakglass",
                subject_ids=[grant.pk],
                relationship=f"site-manager:{manager.pk}" if manager else "site-manager:none",
            )
            escalated += 1
    return escalated


def sealed_grant(*, actor: User, user: User, person_id: int, reason: str) -> SealedGrant:
    """A privacy officer names one staff member who may open one sealed record."""
    require(actor, Permission.SEALED_MANAGE)
    if not reason.strip():
        raise AccessRequestError("Say why this person needs the sealed record.")
    if StaffSubjectLink.objects.filter(user=user, person_id=person_id, kind=StaffSubjectLink.Kind.SELF).exists():
        raise AccessRequestError("Nobody may be given access to a sealed record about themselves.")
    with transaction.atomic():
        grant = SealedGrant.objects.create(
            user=user, person_id=person_id, reason=reason.strip(), granted_by=actor, granted_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action=AuditAction.SEALED_GRANT,
            subject_type="person",
            subject_ids=[person_id],
            relationship=f"sealed-grant:{grant.pk}:user:{user.pk}",
        )
    return grant


def sealed_revoke(*, actor: User, grant_id: int) -> None:
    require(actor, Permission.SEALED_MANAGE)
    with transaction.atomic():
        grant = SealedGrant.objects.select_for_update().get(pk=grant_id)
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action=AuditAction.SEALED_REVOKE,
            subject_type="person",
            subject_ids=[grant.person_id],
            relationship=f"sealed-grant:{grant.pk}",
        )


def staff_subject_link(*, actor: User, user: User, person_id: int, kind: StaffSubjectLink.Kind) -> StaffSubjectLink:
    """Record that a staff member is (or is whānau of) a person: their record
    becomes sealed for everyone without a named grant."""
    require(actor, Permission.SEALED_MANAGE)
    with transaction.atomic():
        link = StaffSubjectLink.objects.create(user=user, person_id=person_id, kind=kind, recorded_by=actor)
        Person.objects.filter(pk=person_id).update(sealed=True)
        audit.record(
            actor=actor,
            action=AuditAction.SEALED_GRANT,
            subject_type="person",
            subject_ids=[person_id],
            relationship=f"staff-link:{kind}:user:{user.pk}",
        )
    return link
