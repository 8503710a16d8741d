"""Turning a scoping decision into an answer, with the refusal audited.

A refusal is recorded in its own transaction before the exception is raised,
so it survives the request failing; an allowed read is recorded by the
selector in the same transaction as the read (tiaki.audit.record).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from django.db import transaction
from django.http import Http404

from tiaki import audit
from tiaki.access import AccessDenied
from tiaki.access.permissions import Permission
from tiaki.access.scoping import (
    HIDDEN,
    INDUCTION_INCOMPLETE,
    PERMISSION_MISSING,
    REFRESHER_LAPSED,
    Decision,
    last_induction_on,
    refresher_due_on,
)
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.staff.models import User

_MESSAGES = {
    INDUCTION_INCOMPLETE: (
        "You cannot see information about people until your privacy induction is recorded. "
        "Ask your supervisor or administrator."
    ),
}


def refuse(
    actor: User,
    reason: str,
    *,
    action: AuditAction,
    subject_type: str = "",
    subject_ids: Iterable[int] = (),
    message: str = "",
) -> NoReturn:
    """Record the refusal and raise: 404 where existence must not leak, else
    403 with ``message`` (by default the reason's own)."""
    with transaction.atomic():
        audit.record(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            outcome=Outcome.REFUSED,
            subject_type=subject_type,
            subject_ids=subject_ids,
            reason=reason,
        )
    if reason in HIDDEN:
        raise Http404
    if reason == REFRESHER_LAPSED and not message:
        message = lapsed_message(actor)
    raise AccessDenied(reason, message or _MESSAGES.get(reason) or role_message(actor, reason))


def lapsed_message(actor: User) -> str:
    """The plain reason for a lapsed refresher, with the day it was due."""
    last = last_induction_on(actor)
    due = f" on {refresher_due_on(last):%-d %B %Y}" if last is not None else ""
    return (
        f"Your yearly privacy refresher was due{due}, so your access to information about people is suspended "
        "until it is recorded. Ask your manager or the privacy office to book it."
    )


def role_message(actor: User, reason: str) -> str:
    """A pointer, not a dead end: what the refusal was about and whom to ask."""
    if reason == PERMISSION_MISSING and getattr(actor, "is_authenticated", False) and actor.role:
        return (
            f"Your role ({actor.get_role_display()}) does not include this. "
            "If you need it for your work, ask your supervisor or an administrator."
        )
    return "You do not have access to this."


#: The action a refused permission check is audited under when the caller
#: names none (tiaki.access.require): what holding the permission lets one do.
#: Every permission has one (tiaki/access/tests/test_every_refusal_audited.py).
PERMISSION_ACTIONS: dict[Permission, AuditAction] = {
    Permission.API_USE: AuditAction.API_USE,
    Permission.AUDIT_READ: AuditAction.AUDIT_SEARCH,
    Permission.BREAKGLASS_REVIEW: AuditAction.BREAKGLASS_REVIEW,
    Permission.BREAKGLASS_USE: AuditAction.BREAKGLASS_OPEN,
    Permission.CAREGIVER_APPROVE: AuditAction.CAREGIVER_APPROVE,
    Permission.CAREGIVER_MANAGE: AuditAction.CAREGIVER_UPDATE,
    Permission.CAREGIVER_READ: AuditAction.CAREGIVER_READ,
    Permission.CARE_READ: AuditAction.CARE_READ,
    Permission.CARE_RECORD: AuditAction.PLACEMENT_RECORD,
    Permission.CASE_APPROVE: AuditAction.CASE_UPDATE,
    Permission.CASE_CREATE: AuditAction.CASE_OPEN,
    Permission.CASE_READ: AuditAction.CASE_READ,
    Permission.CASE_UPDATE: AuditAction.CASE_UPDATE,
    Permission.DASHBOARD_VIEW: AuditAction.DASHBOARD_VIEW,
    Permission.DISCLOSURE_MAKE: AuditAction.DISCLOSURE_MAKE,
    Permission.DISCLOSURE_OVERRIDE: AuditAction.DISCLOSURE_OVERRIDE,
    Permission.DISCLOSURE_READ: AuditAction.DISCLOSURE_READ,
    Permission.HOME_VIEW: AuditAction.HOME_VIEW,
    Permission.JOBS_VIEW: AuditAction.JOBS_VIEW,
    Permission.LETTER_TEMPLATE_MANAGE: AuditAction.LETTER_TEMPLATE_UPDATE,
    Permission.PARTNER_MANAGE: AuditAction.PARTNER_UPDATE,
    Permission.PARTNER_READ: AuditAction.PARTNER_READ,
    Permission.PERSON_CREATE: AuditAction.PERSON_CREATE,
    Permission.PERSON_MERGE: AuditAction.PERSON_UPDATE,
    Permission.PERSON_READ: AuditAction.PERSON_READ,
    Permission.PERSON_SEARCH: AuditAction.PERSON_SEARCH,
    Permission.PERSON_SENSITIVE_READ: AuditAction.PERSON_READ,
    Permission.PERSON_UPDATE: AuditAction.PERSON_UPDATE,
    Permission.PLACEMENT_APPROVE: AuditAction.PLACEMENT_APPROVE,
    Permission.PLACEMENT_SEARCH: AuditAction.PLACEMENT_SEARCH,
    Permission.POLICY_MANAGE: AuditAction.POLICY_UPDATE,
    Permission.REPORT_ALLOCATE: AuditAction.REPORT_ALLOCATE,
    Permission.REPORT_APPROVE: AuditAction.REPORT_APPROVE,
    Permission.REPORT_CREATE: AuditAction.REPORT_CREATE,
    Permission.REPORT_READ: AuditAction.REPORT_READ,
    Permission.REPORT_TRIAGE: AuditAction.REPORT_TRIAGE,
    Permission.SEALED_MANAGE: AuditAction.SEALED_GRANT,
    Permission.SHARE_CREATE: AuditAction.SHARE_CREATE,
    Permission.SHARE_READ: AuditAction.SHARE_READ,
    Permission.SUBJECT_ACCESS_MANAGE: AuditAction.SUBJECT_ACCESS_READ,
    Permission.ACCESS_ALERT_TRIAGE: AuditAction.ACCESS_ALERT_READ,
    Permission.MONITORING_POLICY_MANAGE: AuditAction.PRIVACY_MONITORING_POLICY_UPDATE,
    Permission.PRIVACY_CONCERN_REPORT: AuditAction.PRIVACY_INCIDENT_REPORT,
    Permission.PRIVACY_INCIDENT_MANAGE: AuditAction.PRIVACY_INCIDENT_READ,
    Permission.PRIVACY_REPORT_MAKE: AuditAction.PRIVACY_REPORT_MAKE,
    Permission.USER_MANAGE: AuditAction.USER_UPDATE,
}


def refuse_permission(actor: User, permission: Permission, *, action: AuditAction | None = None) -> None:
    """Audit a refused permission check (tiaki.access.require raises after)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action or PERMISSION_ACTIONS[permission],
            outcome=Outcome.REFUSED,
            reason=PERMISSION_MISSING,
        )


def enforce(
    actor: User,
    decision: Decision,
    *,
    action: AuditAction,
    subject_type: str,
    subject_ids: Iterable[int],
) -> None:
    if not decision.allowed:
        refuse(actor, decision.reason, action=action, subject_type=subject_type, subject_ids=subject_ids)


def refusal_record(
    actor: User,
    reason: str,
    *,
    action: AuditAction,
    subject_type: str = "",
    subject_ids: Iterable[int] = (),
    relationship: str = "",
) -> None:
    """Audit a refusal the caller answers with its own error rather than a
    404 or 403: one found once the work was under way (a merge whose records
    changed under it: tiaki.people.merging), after that work rolled back, or
    a conflict of interest (tiaki.access.sealed.allocation_conflict), before
    the service's transaction. In its own transaction, so it is kept."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            outcome=Outcome.REFUSED,
            subject_type=subject_type,
            subject_ids=subject_ids,
            relationship=relationship,
            reason=reason,
        )
