"""Letters from templates. A template is policy data (no personal data);
its body uses ``$placeholders`` from tiaki.disclosure.letters.FIELDS, and a
template naming a field that does not exist is refused when it is saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class LetterTemplate(models.Model):
    class Audience(models.TextChoices):
        WHANAU = "whanau", "Whānau"
        CAREGIVER = "caregiver", "Caregivers"
        SCHOOL = "school", "A school"
        PARTNER = "partner", "A partner organisation"

    name = models.CharField(max_length=120, unique=True)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name


class Letter(models.Model):
    """A letter about a case to one recipient, written from a template and
    edited by the worker; sent through the pipeline (its Disclosure)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        BLOCKED = "blocked", "Blocked by the disclosure guard"
        SENT = "sent", "Sent"

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(LetterTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_household = models.ForeignKey(
        "care.CaregiverHousehold", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_organisation = models.ForeignKey(
        "disclosure.PartnerOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The address the letter goes to, as it was when written (from the register).
    address_lines = models.TextField(blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    #: The latest pipeline attempt (blocked or released).
    disclosure = models.ForeignKey(
        "disclosure.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        recipient_person__isnull=False,
                        recipient_household__isnull=True,
                        recipient_organisation__isnull=True,
                    )
                    | models.Q(
                        recipient_person__isnull=True,
                        recipient_household__isnull=False,
                        recipient_organisation__isnull=True,
                    )
                    | models.Q(
                        recipient_person__isnull=True,
                        recipient_household__isnull=True,
                        recipient_organisation__isnull=False,
                    )
                ),
                name="letter_one_recipient",
            )
        ]
        indexes = [models.Index(fields=["case", "written_at"], name="letter_case")]

    def __str__(self) -> str:
        return f"Letter {self.pk}"
