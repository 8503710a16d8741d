"""Writes that grant, end or review access, each a @service on the write path
(tiaki.access.paths): the role check first, then the write and its audit
event in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied, Permission
from tiaki.access.enforcement import refuse
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
from tiaki.access.paths import service, writing
from tiaki.access.reach import persons
from tiaki.access.roles import Role
from tiaki.access.scoping import NOT_FOUND, OWN_RECORD, REFRESHER_LAPSED, SEALED, induction_refusal
from tiaki.audit.actions import AuditAction
from tiaki.inbox.models import Notification
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


class AccessRequestError(ValueError):
    """A request that cannot be granted as made; the message says why, for the
    form; ``field`` names the input at fault (else the person number)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@service(AuditAction.INDUCTION_RECORD, permission=Permission.USER_MANAGE)
def induction_record(
    *,
    actor: User,
    user: User,
    completed_on: dt.date,
    course_version: str = CURRENT_INDUCTION_COURSE,
    kind: str = PrivacyInduction.Kind.INDUCTION,
) -> PrivacyInduction:
    """Record that ``user`` completed privacy induction or a yearly refresher:
    only with one in the last INDUCTION_VALID_DAYS may they see personal data."""
    if kind not in PrivacyInduction.Kind.values:
        raise AccessRequestError("Choose whether it was the induction or a refresher.", field="kind")
    if completed_on > timezone.localdate():
        raise AccessRequestError("The induction date cannot be in the future.")
    if not course_version.strip():
        raise AccessRequestError("Enter the course version completed.")
    with writing(actor, subject_type="user", subject_ids=[user.pk]):
        return PrivacyInduction.objects.create(
            user=user, completed_on=completed_on, course_version=course_version.strip(), recorded_by=actor, kind=kind
        )


@service(AuditAction.ROLE_GRANT, permission=Permission.USER_MANAGE)
def role_grant(*, actor: User, user: User, role: Role) -> User:
    """Give ``user`` a role. Administrators cannot change their own role."""
    if user.pk == actor.pk:
        raise AccessRequestError("You cannot change your own role: ask another administrator.")
    with writing(actor, subject_type="user", subject_ids=[user.pk]) as step:
        locked = User.objects.select_for_update().get(pk=user.pk)
        step.relationship = f"role:{locked.role}->{role.value}"
        locked.role = role
        locked.save(update_fields=["role"])
    return locked


@service(AuditAction.USER_UPDATE, permission=Permission.USER_MANAGE)
def intake_duty_add(*, actor: User, user: User, site: Site, starts_at: dt.datetime, ends_at: dt.datetime) -> IntakeDuty:
    """Roster ``user`` on intake duty at ``site``."""
    if ends_at <= starts_at:
        raise AccessRequestError("A duty period must end after it starts.")
    with writing(actor, subject_type="user", subject_ids=[user.pk]) as step:
        duty = IntakeDuty.objects.create(user=user, site=site, starts_at=starts_at, ends_at=ends_at)
        step.relationship = f"intake-duty:{duty.pk}"
    return duty


@service(AuditAction.BREAKGLASS_OPEN, permission=Permission.BREAKGLASS_USE)
def breakglass_open(
    *, actor: User, person_id: int, reason: str, minutes: int = BREAKGLASS_MAX_MINUTES
) -> BreakGlassGrant:
    """Emergency access to one person for at most 60 minutes, granted at once
    and sent to the privacy officers' review queue. Sealed records and the
    actor's own record cannot be opened this way. Every refused attempt is a
    near miss the privacy office reviews, so each is audited with its code
    (never the reason typed: that may name people)."""
    # An id the database cannot hold is no person: looked up, it would fail
    # on PostgreSQL, and recorded as a subject it could not be stored.
    subject_ids = [person_id] if 0 < person_id <= BIGINT_MAX else []
    if why := induction_refusal(actor):
        refuse(
            actor, why, action=AuditAction.BREAKGLASS_OPEN,
            subject_type="person" if subject_ids else "", subject_ids=subject_ids,
            message="" if why == REFRESHER_LAPSED
            else "Your privacy induction must be recorded before you can use emergency access.",
        )  # fmt: skip
    reason = reason.strip()
    if len(reason) < BREAKGLASS_REASON_MIN:
        _refused(
            actor, AuditAction.BREAKGLASS_OPEN, "person" if subject_ids else "", subject_ids,
            BREAKGLASS_REASON_MISSING if not reason else BREAKGLASS_REASON_SHORT,
            AccessRequestError(
                f"Say why you need emergency access, in at least {BREAKGLASS_REASON_MIN} characters.", field="reason"
            ),
        )  # fmt: skip
    if not 1 <= minutes <= BREAKGLASS_MAX_MINUTES:
        _refused(
            actor, AuditAction.BREAKGLASS_OPEN, "person" if subject_ids else "", subject_ids,
            BREAKGLASS_DURATION_INVALID,
            AccessRequestError(f"Emergency access lasts at most {BREAKGLASS_MAX_MINUTES} minutes."),
        )  # fmt: skip
    person = persons().filter(pk=person_id).values("pk", "sealed").first() if subject_ids else None
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
        # One message for all three, so the answer does not say which.
        _refused(
            actor, AuditAction.BREAKGLASS_OPEN, "person" if subject_ids else "", subject_ids, code,
            AccessRequestError(
                "Emergency access is not available for that person number. Check the number, or ask a privacy officer."
            ),
        )  # fmt: skip
    now = timezone.now()
    with writing(actor, subject_type="person", subject_ids=[person_id]) as step:
        grant = BreakGlassGrant.objects.create(
            user=actor,
            person_id=person_id,
            reason=reason,
            granted_at=now,
            expires_at=now + dt.timedelta(minutes=minutes),
            review_due_on=add_working_days(timezone.localdate(now), BREAKGLASS_REVIEW_WORKING_DAYS),
        )
        step.relationship = f"break-glass:{grant.pk}"
        officers = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True)
        notification_send(
            users=officers,
            kind=Notification.Kind.BREAKGLASS_REVIEW,
            text=f"Emergency access {grant.pk} was used and needs review.",
            email_text="Emergency access was used and needs your review.",
            about="break-glass-queue",
        )
    return grant


def _refused(
    actor: User, action: AuditAction, subject_type: str, subject_ids: list[int], code: str, error: AccessRequestError
) -> NoReturn:
    """A refusal the privacy office reviews as a near miss, answered with a
    message for the form: refuse() audits it in its own transaction, committed
    before anything else is written, and ``error`` is what the caller sees."""
    try:
        refuse(actor, code, action=action, subject_type=subject_type, subject_ids=subject_ids)
    except (AccessDenied, Http404):
        raise error from None


@service(AuditAction.BREAKGLASS_REVIEW, permission=Permission.BREAKGLASS_REVIEW)
def breakglass_review(*, actor: User, grant_id: int, justified: bool, notes: str) -> BreakGlassGrant:
    """A privacy officer closes the review of one emergency access."""
    notes = notes.strip()
    if not justified and not notes:
        raise AccessRequestError("Say what was wrong with this use of emergency access.")
    # Checked before the transaction, so the refusal's audit event is kept: a
    # grant's user never changes.
    if BreakGlassGrant.objects.filter(pk=grant_id, user_id=actor.pk).exists():
        _refused(actor, AuditAction.BREAKGLASS_REVIEW, "breakglass", [grant_id], OWN_RECORD,
                 AccessRequestError("You cannot review your own emergency access."))  # fmt: skip
    with writing(actor, subject_type="breakglass", subject_ids=[grant_id]) as step:
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
        step.relationship = f"review:{grant.review}"
    return grant


@service(AuditAction.BREAKGLASS_ESCALATE)
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
            relationship = f"site-manager:{manager.pk}" if manager else "site-manager:none"
            # One event per grant, each in the job's one transaction.
            with writing(None, subject_type="breakglass", subject_ids=[grant.pk], relationship=relationship):
                grant.escalated_at = timezone.now()
                grant.escalated_to = manager
                grant.save(update_fields=["escalated_at", "escalated_to"])
                if manager is not None:
                    notification_send(
                        users=[manager],
                        kind=Notification.Kind.BREAKGLASS_OVERDUE,
                        email_text="An emergency access review at your site is overdue.",
                        text=f"The review of emergency access {grant.pk} is overdue "
                        f"(due {grant.review_due_on.day} {grant.review_due_on:%B %Y}).",
                        about="break-glass-queue",
                    )
            escalated += 1
    return escalated


@service(AuditAction.SEALED_GRANT, permission=Permission.SEALED_MANAGE)
def sealed_grant(*, actor: User, user: User, person_id: int, reason: str) -> SealedGrant:
    """A privacy officer names one staff member who may open one sealed record."""
    if not reason.strip():
        raise AccessRequestError("Say why this person needs the sealed record.")
    if not persons().filter(pk=person_id).exists():
        # Checked here: the missing key would only fail at commit, as a 500.
        raise AccessRequestError("There is no person with that number.")
    if StaffSubjectLink.objects.filter(user=user, person_id=person_id, kind=StaffSubjectLink.Kind.SELF).exists():
        raise AccessRequestError("Nobody may be given access to a sealed record about themselves.")
    with writing(actor, subject_type="person", subject_ids=[person_id]) as step:
        grant = SealedGrant.objects.create(
            user=user, person_id=person_id, reason=reason.strip(), granted_by=actor, granted_at=timezone.now()
        )
        step.relationship = f"sealed-grant:{grant.pk}:user:{user.pk}"
    return grant


@service(AuditAction.SEALED_REVOKE, permission=Permission.SEALED_MANAGE)
def sealed_revoke(*, actor: User, grant_id: int) -> None:
    """A privacy officer withdraws one named grant to a sealed record."""
    with writing(actor, subject_type="person") as step:
        grant = SealedGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise AccessRequestError("There is no such grant to revoke.")
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        step.subject_ids = [grant.person_id]
        step.relationship = f"sealed-grant:{grant.pk}"


@service(AuditAction.SEALED_GRANT, permission=Permission.SEALED_MANAGE)
def staff_subject_link(*, actor: User, user: User, person_id: int, kind: StaffSubjectLink.Kind) -> StaffSubjectLink:
    """Record that a staff member is (or is whānau of) a person: their record
    becomes sealed for everyone without a named grant. Recording the same
    link again changes nothing (idempotent); a different kind for the same
    pair is refused with a message, not a database error."""
    if not persons().filter(pk=person_id).exists():
        raise AccessRequestError("There is no person with that number.")
    with writing(actor, subject_type="person", subject_ids=[person_id]) as step:
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
            step.nothing_done()
            return link
        persons().filter(pk=person_id).update(sealed=True)
        step.relationship = f"staff-link:{kind}:user:{user.pk}"
    return link


@service(AuditAction.USER_CREATE)
def administrator_create(*, username: str, first_name: str, last_name: str, email: str, password: str) -> User:
    """An operator's command (`tiaki create-administrator`): a System
    administrator account, who then adds everyone else on the account pages.
    Nobody is signed in to act, so the event names no actor; the password
    must pass the same rules as every account's, and a taken username is refused."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    username = username.strip()
    if not username:
        raise AccessRequestError("Give the account a username.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise AccessRequestError(f"There is already an account called {username!r}.", field="username")
    candidate = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(),
                     email=email.strip(), role=Role.ADMINISTRATOR)  # fmt: skip
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise AccessRequestError(" ".join(exc.messages), field="password") from None
    with writing(None, subject_type="user", subject_ids=[], relationship="operator-command") as step:
        candidate.set_password(password)
        candidate.full_clean()
        candidate.save()
        step.subject_ids = [candidate.pk]
    return candidate
