"""Reads for API client administration: an account's tokens, never their secrets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import Permission
from tiaki.access.paths import selector
from tiaki.api.models import ApiTokenUse
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


@dataclass(frozen=True)
class TokenRow:
    token_key: str  # the first characters of the token: enough to tell tokens apart, useless to sign in with
    created: dt.datetime
    expiry: dt.datetime | None
    last_used_at: dt.datetime | None
    expired: bool


# A refusal is audited as the account change the page is for (USER_UPDATE,
# as tiaki.access.enforcement.PERMISSION_ACTIONS has it); looking at the
# tokens, which name no one's data, is not itself an event.
@selector(AuditAction.USER_UPDATE, permission=Permission.USER_MANAGE)
def api_tokens_of(*, actor: User, user: User) -> list[TokenRow]:
    """``user``'s API tokens, newest first, for administrators (USER_MANAGE)."""
    return token_rows(user=user)


def token_rows(*, user: User) -> list[TokenRow]:
    """The rows behind api_tokens_of, for an operator at the command line
    (``tiaki api_token USERNAME --list``), who needs no permission."""
    now = timezone.now()
    last_use = ApiTokenUse.objects.filter(token_id=OuterRef("pk")).values("last_used_at")[:1]
    tokens = (
        AuthToken.objects.filter(user=user)
        .annotate(last_used_at=Subquery(last_use))
        .order_by("-created")
        .values_list("token_key", "created", "expiry", "last_used_at")
    )
    return [
        TokenRow(key, created, expiry, last_used, expiry is not None and expiry <= now)
        for key, created, expiry, last_used in tokens
    ]
