"""A form's unsaved typing, kept as the user types (tiaki/web/static/tiaki/drafts.mjs)
so that a reload, a closed tab or the idle sign-out loses nothing. One per
owner, form kind and record; removed in the transaction that saves the record
(tiaki.drafts.services.forget, called by the domain's service)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormDraft(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts")
    #: A kind registered by a domain (tiaki.drafts.kinds), e.g. "casework.note".
    kind = models.CharField(max_length=60)
    #: The record the form is about (a case, a note, a conference), and a
    #: second id where the form needs one (the child a plan is for), else 0.
    record_id = models.BigIntegerField()
    part = models.BigIntegerField(default=0)
    #: The form's fields as posted: {name: [values]} (multi-box dates and
    #: checkboxes included), without the CSRF token.
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "record_id", "part"], name="drafts_one_per_form"),
        ]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="drafts_owner_newest")]

    def __str__(self) -> str:
        return f"Draft {self.pk}"
