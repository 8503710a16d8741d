"""Writes that grant, end or review access. Each checks permission and records
its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Manager
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
from tiaki.access.reach import person_subject
from tiaki.access.roles import Role
from tiaki.access.scoping import INDUCTION_INCOMPLETE, NOT_FOUND, OWN_RECORD, SEALED, has_induction
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.inbox.services import notification_send
from tiaki.staff.models import Site, User
from tiaki.timeframes.working_days import add_working_days

BREAKGLASS_REASON_MIN = 20

# Refusal codes of emergency access (audited; the privacy office reviews them
# as near misses), beside scoping's shared ones.
BREAKGLASS_REASON_MISSING = "reason_missing"
BREAKGLASS_REASON_SHORT = "reason_too_short"
BREAKGLASS_DURATION_INVALID = "duration_invalid"

# The largest id a database column holds (a signed 64-bit integer).
BIGINT_MAX = 2**63 - 1


def _persons() -> Manager[Any]:
    """The person register's manager (declared by the people domain)."""
    return person_subject().model._default_manager


class AccessRequestError(ValueError):
    """A request that cannot be granted as made; the message says why, for the
    form; ``field`` names the input at fault (else the person number)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def induction_record(
    *, actor: User, user: User, completed_on: dt.date, course_version: str = CURRENT_INDUCTION_COURSE
) -> PrivacyInduction:
    """Record that ``user`` completed privacy induction: only then may they see personal data."""
    require(actor, Permission.USER_MANAGE, action=AuditAction.INDUCTION_RECORD)
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
    require(actor, Permission.USER_MANAGE, action=AuditAction.ROLE_GRANT)
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
    actor's own record cannot be opened this way. Every refused attempt is a
    near miss the privacy office reviews, so each is audited with its code
    (never the reason typed: that may name people)."""
    require(actor, Permission.BREAKGLASS_USE, action=AuditAction.BREAKGLASS_OPEN)
    # An id the database cannot hold is no person: looked up, it would fail
    # on PostgreSQL, and recorded as a subject it could not be stored.
    subject_ids = [person_id] if 0 < person_id <= BIGINT_MAX else []
    if not has_induction(actor):
        _breakglass_refused(actor, subject_ids, INDUCTION_INCOMPLETE)
        raise AccessDenied(
            INDUCTION_INCOMPLETE, "Your privacy induction must be recorded before you can use emergency access."
        )
    reason = reason.strip()
    if len(reason) < BREAKGLASS_REASON_MIN:
        _breakglass_refused(actor, subject_ids, BREAKGLASS_REASON_MISSING if not reason else BREAKGLASS_REASON_SHORT)
        raise AccessRequestError(
            f"Say why you need emergency access, in at least {BREAKGLASS_REASON_MIN} characters.", field="reason"
        )
    if not 1 <= minutes <= BREAKGLASS_MAX_MINUTES:
        _breakglass_refused(actor, subject_ids, BREAKGLASS_DURATION_INVALID)
        raise AccessRequestError(f"Emergency access lasts at most {BREAKGLASS_MAX_MINUTES} minutes.")
    person = _persons().filter(pk=person_id).values("pk", "sealed").first() if subject_ids else None
    link = (
        StaffSubjectLink.objects.filter(user=actor, person_id=person_id).values_list("kind", flat=True).first()
        if subject_ids
        else None
    )
    if person is None or person["sealed"] or link is not None:
        if person is None:
            code = NOT_FOUND
        elif link == StaffSubjectLink.Kind.SELF:
            code = OWN_RECORD
        else:
            code = SEALED
        _breakglass_refused(actor, subject_ids, code)
        # One message for all three, so the answer does not say which.
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
            users=officers, text=f"Emergency access {grant.pk} was used and needs review.", about="break-glass-queue"
        )
    return grant


def _breakglass_refused(actor: User, subject_ids: list[int], code: str) -> None:
    """Audit a refused emergency access in its own transaction, committed
    before the caller raises (a refusal inside the grant's transaction would
    be rolled back with it)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.BREAKGLASS_OPEN,
            outcome=Outcome.REFUSED,
            subject_type="person" if subject_ids else "",
            subject_ids=subject_ids,
            reason=code,
        )


def breakglass_review(*, actor: User, grant_id: int, justified: bool, notes: str) -> BreakGlassGrant:
    """A privacy officer closes the review of one emergency access."""
    require(actor, Permission.BREAKGLASS_REVIEW)
    notes = notes.strip()
    if not justified and not notes:
        raise AccessRequestError("Say what was wrong with this use of emergency access.")
    # Checked before the transaction, so the refusal's audit event is kept: a
    # grant's user never changes.
    if BreakGlassGrant.objects.filter(pk=grant_id, user_id=actor.pk).exists():
        with transaction.atomic():
            audit.record(
                actor=actor,
                action=AuditAction.BREAKGLASS_REVIEW,
                outcome=Outcome.REFUSED,
                subject_type="breakglass",
                subject_ids=[grant_id],
                reason=OWN_RECORD,
            )
        raise AccessRequestError("You cannot review your own emergency access.")
    with transaction.atomic():
        grant = BreakGlassGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise AccessRequestError("There is no such emergency access to review.")
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
                    about="break-glass-queue",
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
    if not _persons().filter(pk=person_id).exists():
        # Checked here: the missing key would only fail at commit, as a 500.
        raise AccessRequestError("There is no person with that number.")
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
    require(actor, Permission.SEALED_MANAGE, action=AuditAction.SEALED_REVOKE)
    with transaction.atomic():
        grant = SealedGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise AccessRequestError("There is no such grant to revoke.")
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
    becomes sealed for everyone without a named grant. Recording the same
    link again changes nothing (idempotent); a different kind for the same
    pair is refused with a message, not a database error."""
    require(actor, Permission.SEALED_MANAGE)
    if not _persons().filter(pk=person_id).exists():
        raise AccessRequestError("There is no person with that number.")
    with transaction.atomic():
        # get_or_create, not create: the pair is unique (staff_subject_unique),
        # and a second link (or two officers at once) used to be a 500.
        link, created = StaffSubjectLink.objects.get_or_create(
            user=user, person_id=person_id, defaults={"kind": kind, "recorded_by": actor}
        )
        if not created:
            if link.kind != kind:
                raise AccessRequestError(
                    f"This staff member is already linked to this record as {link.get_kind_display().lower()}. "
                    "Ask an administrator to correct it."
                )
            return link
        _persons().filter(pk=person_id).update(sealed=True)
        audit.record(
            actor=actor,
            action=AuditAction.SEALED_GRANT,
            subject_type="person",
            subject_ids=[person_id],
            relationship=f"staff-link:{kind}:user:{user.pk}",
        )
    return link
