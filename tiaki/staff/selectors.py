from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from tiaki.staff.models import User


def totp_device_pending(*, actor: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()


def has_confirmed_device(*, actor: User) -> bool:
    return TOTPDevice.objects.filter(user=actor, confirmed=True).exists()
