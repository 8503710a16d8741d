"""tiaki.access: the one enforcement point for who may do what.

``require(actor, permission)`` raises ``AccessDenied`` (a 403, or a 404 where
the object's existence must not leak), with the refusal audited; selectors
call it before reading and services before writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from tiaki.access.permissions import Permission
from tiaki.access.role_permissions import permissions_for

if TYPE_CHECKING:
    from tiaki.audit.actions import AuditAction
    from tiaki.staff.models import User

__all__ = ["AccessDenied", "Permission", "has_permission", "require"]


class AccessDenied(PermissionDenied):
    """Refused. ``reason`` is a stable code for the audit trail and API."""

    def __init__(self, reason: str, message: str = "You do not have access to this.") -> None:
        super().__init__(message)
        self.reason = reason


def has_permission(actor: User | Any, permission: Permission) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return permission in permissions_for(actor.role)


def require(actor: User | Any, permission: Permission, *, action: AuditAction | None = None) -> None:
    """Refuse unless the actor's role holds ``permission``. A signed-in
    actor's refusal is audited under ``action`` (by default the action the
    permission stands for, tiaki.access.enforcement.PERMISSION_ACTIONS), in
    its own transaction: call it before opening the caller's, or the refusal's
    event is rolled back with the caller's work."""
    if has_permission(actor, permission):
        return
    if actor is not None and getattr(actor, "is_authenticated", False):
        # Imported here: enforcement needs the audit trail, which needs the
        # staff models, which import this package.
        from tiaki.access.enforcement import refuse_permission, role_message

        refuse_permission(actor, permission, action=action)
        raise AccessDenied("permission_missing", role_message(actor, "permission_missing"))
    raise AccessDenied("permission_missing")
