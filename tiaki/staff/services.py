"""Writes to staff accounts."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiaki.staff.models import User


def totp_device_start(*, actor: User) -> TOTPDevice:
    """Start (or restart) enrolment of the actor's own authenticator app; an
    unconfirmed device cannot be used to sign in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the actor's own device with a code it produced."""
    if device.user_id != actor.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
