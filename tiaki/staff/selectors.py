"""Reads of staff accounts. Administrators' reads are on the read path
(tiaki.access.paths) for their role check; an account names no one on the
register, so looking at one is not itself an event (changing one is)."""

from __future__ import annotations

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiaki.access import Permission
from tiaki.access.models import PrivacyInduction
from tiaki.access.paths import selector
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


def totp_device_pending(*, actor: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()


def has_confirmed_device(*, actor: User) -> bool:
    return TOTPDevice.objects.filter(user=actor, confirmed=True).exists()


@selector(AuditAction.USER_READ, permission=Permission.USER_MANAGE)
def user_list(*, actor: User, search: str = "", limit: int = 100) -> list[User]:
    """Accounts, for administrators only (refused and audited for anyone else)."""
    users = User.objects.select_related("site", "team").order_by("username")
    if search.strip():
        term = search.strip()
        users = users.filter(Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
    return list(users[:limit])


@selector(AuditAction.USER_READ, permission=Permission.USER_MANAGE)
def user_get(*, actor: User, user_id: int) -> User | None:
    """One account, for administrators only; None if there is none."""
    return User.objects.select_related("site", "team", "supervisor").filter(pk=user_id).first()


@selector(AuditAction.USER_READ, permission=Permission.USER_MANAGE)
def inductions_of(*, actor: User, user: User) -> list[object]:
    """``user``'s privacy inductions, newest first, for administrators only."""
    return list(PrivacyInduction.objects.filter(user=user).order_by("-completed_on"))


def active_user_named(*, username: str) -> User | None:
    """The active account with this username, if any: the privacy office names
    staff by username (tiaki.privacy.web.views.sealed_records_page); the
    service it is passed to checks the office's role."""
    return User.objects.filter(username=username, is_active=True).first()
