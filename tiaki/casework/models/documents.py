"""Documents and emails on a case.

Files go through Django's storage API (settings.STORAGES["default"]) under a
random name, never the uploaded one, so no personal data reaches a path; they
are only served by the download view after a need-to-know check.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from tiaki.casework.models.cases import Case
from tiaki.people.models import Person


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class CaseEmail(models.Model):
    """An email dropped into a case: its headers and text; its attachments
    and the original .eml are Documents pointing here."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="emails")
    subject = models.CharField(max_length=500, blank=True)
    sender = models.CharField(max_length=500)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    message_id = models.CharField(max_length=500, blank=True)
    body_text = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    sensitive = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Email {self.pk}"


class Document(models.Model):
    class Classification(models.TextChoices):
        IN_CONFIDENCE = "in_confidence", "IN-CONFIDENCE"
        SENSITIVE = "sensitive", "SENSITIVE"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        EMAIL = "email", "Original email"
        ATTACHMENT = "attachment", "Email attachment"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    #: The child the document is about; None means every child on the case.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    classification = models.CharField(
        max_length=15, choices=Classification.choices, default=Classification.IN_CONFIDENCE
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    email = models.ForeignKey(CaseEmail, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    #: The type found in the content (tiaki.casework.uploads), not the one claimed.
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "-uploaded_at"], name="document_case_time")]

    def __str__(self) -> str:
        return f"Document {self.pk}"

    @property
    def sensitive(self) -> bool:
        return self.classification == self.Classification.SENSITIVE
