"""Idempotency keys for the API's POSTs that create a record: persons,
reports of concern, cases and case notes (each view calls ``idempotent``).

The client sends ``Idempotency-Key``; the first request's answer is stored
with a hash of its body, in the same transaction as what it created. A retry
with the same key and body gets the stored answer; the same key with a
different body is refused (422 ``idempotency_key_reused``). Two identical
requests racing are decided by the unique constraint: the loser replays the
winner's answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import AccessDenied
from tiaki.api.models import IdempotencyRecord
from tiaki.api.problems import problem
from tiaki.api.services import idempotency_record_save
from tiaki.api.views import acting

#: What an Idempotency-Key may be; the schema's pattern for the header is this rule.
KEY_PATTERN = r"[A-Za-z0-9_.:-]{8,100}"
_KEY = re.compile(KEY_PATTERN)

#: The header as every idempotent create documents it (tiaki.api.schema adds its 400 and 422).
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": f"^{KEY_PATTERN}$", "minLength": 8, "maxLength": 100},
    OpenApiParameter.HEADER,
    required=True,
    description="8 to 100 letters, digits, '-', '_', ':' or '.', unique per new record; "
    "a retry with the same key and body gets the first answer",
)


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(request: Request, endpoint: str, create: Callable[[], Response]) -> Response:
    """Run ``create`` once per (client, Idempotency-Key)."""
    key = request.headers.get("Idempotency-Key", "")
    if not _KEY.fullmatch(key):
        return problem(
            400,
            "idempotency_key_missing",
            "Send an Idempotency-Key header (8 to 100 letters, digits, '-', '_', ':' or '.'), unique per new record.",
        )
    digest = _hash(request.data)

    def replay(record: IdempotencyRecord) -> Response:
        if record.endpoint != endpoint or record.request_hash != digest:
            return problem(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request. Use a new key for a new record.",
            )
        response = Response(record.body, status=record.status)
        response["Idempotent-Replayed"] = "true"
        return response

    existing = IdempotencyRecord.objects.filter(user=acting(request), key=key).first()
    if existing is not None:
        return replay(existing)
    refusal: Exception | None = None
    try:
        with transaction.atomic():
            try:
                response = create()
            except (Http404, AccessDenied, PermissionDenied) as exc:
                # A refusal wrote only its own audit event (the service's work
                # rolled back in its savepoint): commit that event, then answer.
                refusal, response = exc, None
            # Only a success is remembered: a refused request created nothing,
            # so the client may correct it and send it again with the same key.
            if response is not None and response.status_code < 300:
                idempotency_record_save(
                    user=acting(request), key=key, endpoint=endpoint, request_hash=digest,
                    status=response.status_code, body=response.data,
                )  # fmt: skip
    except IntegrityError:
        winner = IdempotencyRecord.objects.filter(user=acting(request), key=key).first()
        if winner is None:
            raise
        return replay(winner)
    if refusal is not None:
        raise refusal
    assert response is not None
    return response
