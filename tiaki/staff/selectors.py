from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from tiaki.access import Permission, require
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


def totp_device_pending(*, actor: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()


def has_confirmed_device(*, actor: User) -> bool:
    return TOTPDevice.objects.filter(user=actor, confirmed=True).exists()


def user_list(*, actor: User, search: str = "", limit: int = 100) -> list[User]:
    """Accounts, for administrators only (refused and audited for anyone else)."""
    from django.db.models import Q

    require(actor, Permission.USER_MANAGE, action=AuditAction.USER_READ)
    users = User.objects.select_related("site", "team").order_by("username")
    if search.strip():
        term = search.strip()
        users = users.filter(Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
    return list(users[:limit])


def user_get(*, actor: User, user_id: int) -> User | None:
    """One account, for administrators only; None if there is none."""
    require(actor, Permission.USER_MANAGE, action=AuditAction.USER_READ)
    return User.objects.select_related("site", "team", "supervisor").filter(pk=user_id).first()


def inductions_of(*, actor: User, user: User) -> list[object]:
    from tiaki.access.models import PrivacyInduction

    require(actor, Permission.USER_MANAGE, action=AuditAction.USER_READ)
    return list(PrivacyInduction.objects.filter(user=user).order_by("-completed_on"))
