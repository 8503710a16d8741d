from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """The answer given to one client's request with one Idempotency-Key, so a
    retry gets the same answer and creates nothing twice (tiaki.api.idempotency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=100)
    endpoint = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_client")]

    def __str__(self) -> str:
        return f"Idempotency record {self.pk}"


class ApiTokenUse(models.Model):
    """When an API token last authenticated a request, for the administrator's
    token page (tiaki.staff.web.views.user_tokens_page). knox keeps no such record; this
    row goes with the token when it is revoked (deleted)."""

    token = models.OneToOneField("knox.AuthToken", on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_used_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Token use {self.pk}"
