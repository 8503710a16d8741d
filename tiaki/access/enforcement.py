"""Turning a scoping decision into an answer, with the refusal audited.

A refusal is recorded in its own transaction before the exception is raised,
so it survives the request failing; an allowed read is recorded by the
selector in the same transaction as the read (tiaki.audit.record).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import Http404

from tiaki import audit
from tiaki.access import AccessDenied
from tiaki.access.scoping import HIDDEN, INDUCTION_INCOMPLETE, Decision
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
) -> None:
    """Record the refusal and raise: 404 where existence must not leak, else 403."""
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
    raise AccessDenied(reason, _MESSAGES.get(reason, "You do not have access to this."))


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
