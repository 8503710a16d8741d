"""API tokens for agency clients."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from knox.models import AuthToken

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


def api_token_issue(*, actor: User | None, user: User, days: int | None = None) -> str:
    """Issue a token for ``user`` (shown once; only its hash is stored).
    ``actor`` None is an operator at the command line."""
    if not user.is_active:
        raise ValueError("That account is switched off.")
    with transaction.atomic():
        instance, token = AuthToken.objects.create(user, expiry=dt.timedelta(days=days) if days else None)
        audit.record(
            actor=actor,
            action=AuditAction.API_TOKEN_ISSUE,
            subject_type="user",
            subject_ids=[user.pk],
            relationship=f"token:{instance.token_key}",
        )
    return token


def idempotency_record_save(
    *, user: User, key: str, endpoint: str, request_hash: str, status: int, body: object
) -> None:
    """Remember the answer to a create request, in the creating transaction
    (tiaki.api.idempotency); the unique (user, key) constraint decides races."""
    from tiaki.api.models import IdempotencyRecord

    IdempotencyRecord.objects.create(
        user=user, key=key, endpoint=endpoint, request_hash=request_hash, status=status, body=body
    )
