"""API tokens for agency clients."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import IntegrityError
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.api.models import ApiTokenUse
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


@service(AuditAction.API_TOKEN_ISSUE)
def api_token_issue(*, user: User, days: int | None = None) -> str:
    """Issue a token for ``user`` (shown once; only its hash is stored), for
    an operator at the command line (``tiaki api_token USERNAME``), who needs
    no role: no page or API issues tokens."""
    if not user.is_active:
        raise ValueError("That account is switched off.")
    with writing(None, subject_type="user", subject_ids=[user.pk]) as step:
        instance, token = AuthToken.objects.create(user, expiry=dt.timedelta(days=days) if days else None)
        step.relationship = f"token:{instance.token_key}"
    return token


class TokenNotFoundError(LookupError):
    """No token of that account has that prefix (already revoked, or mistyped)."""


@service(AuditAction.API_TOKEN_REVOKE, permission=Permission.USER_MANAGE)
def api_token_revoke(*, actor: User, user: User, token_key: str) -> None:
    """Revoke one of ``user``'s tokens, named by its non-secret prefix
    (token_key). Administrators only (USER_MANAGE). knox looks every token up
    on every request, so the next request with it is refused (401)."""
    _revoke(actor, user, token_key)


@service(AuditAction.API_TOKEN_REVOKE)
def api_token_revoke_by_operator(*, user: User, token_key: str) -> None:
    """api_token_revoke for an operator at the command line
    (``tiaki api_token USERNAME --revoke PREFIX``), who needs no role."""
    _revoke(None, user, token_key)


def _revoke(actor: User | None, user: User, token_key: str) -> None:
    with writing(actor, subject_type="user", subject_ids=[user.pk], relationship=f"token:{token_key}"):
        deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
        if not deleted:
            raise TokenNotFoundError(f"{user.username} has no token starting {token_key!r}.")


@service(AuditAction.API_TOKEN_REVOKE, permission=Permission.USER_MANAGE)
def api_token_revoke_all(*, actor: User, user: User) -> int:
    """Revoke every token ``user`` has (a lost laptop, a partner leaving),
    as api_token_revoke; how many were revoked. None revoked is not an error
    but is still recorded, so the trail shows the administrator checked."""
    return _revoke_all(actor, user)


@service(AuditAction.API_TOKEN_REVOKE)
def api_token_revoke_all_by_operator(*, user: User) -> int:
    """api_token_revoke_all for an operator at the command line
    (``tiaki api_token USERNAME --revoke-all``), who needs no role."""
    return _revoke_all(None, user)


def _revoke_all(actor: User | None, user: User) -> int:
    with writing(actor, subject_type="user", subject_ids=[user.pk]) as step:
        keys = sorted(AuthToken.objects.filter(user=user).values_list("token_key", flat=True))
        AuthToken.objects.filter(user=user).delete()
        step.relationship = f"token:all:{len(keys)}"
    return len(keys)


#: How stale a token's recorded last use may get before a request updates it:
#: one write per token per interval, not one per request.
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=5)


def api_token_used(*, token: AuthToken) -> None:
    """Note that ``token`` just authenticated a request (the administrator's
    "last used"), at most once per TOKEN_USE_RESOLUTION. Bookkeeping about a
    credential, not an access to anyone's information: no audit event."""
    now = timezone.now()
    last = ApiTokenUse.objects.filter(token_id=token.digest).values_list("last_used_at", flat=True).first()
    if last is not None and now - last < TOKEN_USE_RESOLUTION:
        return
    # Two first uses at once (the other wrote it), or the token revoked
    # meanwhile (its next request is refused anyway).
    with contextlib.suppress(IntegrityError):
        ApiTokenUse.objects.update_or_create(token_id=token.digest, defaults={"last_used_at": now})


def idempotency_record_save(
    *, user: User, key: str, endpoint: str, request_hash: str, status: int, body: object
) -> None:
    """Remember the answer to a create request, in the creating transaction
    (tiaki.api.idempotency); the unique (user, key) constraint decides races."""
    from tiaki.api.models import IdempotencyRecord

    IdempotencyRecord.objects.create(
        user=user, key=key, endpoint=endpoint, request_hash=request_hash, status=status, body=body
    )
