"""Shares: chosen items about a child, frozen as they were when shared,
for a named caregiver household or partner organisation, for a purpose,
with consent (or an override reason) and an expiry."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class Share(models.Model):
    class Consent(models.TextChoices):
        YOUNG_PERSON = "young_person", "The young person agreed"
        WHANAU = "whanau", "Whānau agreed"
        NONE = "none", "No consent (override with a reason)"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "care.CaregiverHousehold", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "disclosure.PartnerOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    purpose = models.TextField()
    consent = models.CharField(max_length=15, choices=Consent.choices)
    consent_on = models.DateField(null=True, blank=True)
    consent_note = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.TextField(blank=True)
    #: The pipeline's record of the share pack (guard, document id).
    disclosure = models.OneToOneField(
        "disclosure.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="share"
    )

    class Meta:
        indexes = [
            models.Index(fields=["household", "expires_at"], name="share_household"),
            models.Index(fields=["organisation", "expires_at"], name="share_organisation"),
            models.Index(fields=["child"], name="share_child"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(household__isnull=False, organisation__isnull=True)
                    | models.Q(household__isnull=True, organisation__isnull=False)
                ),
                name="share_one_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(consent="none") | ~models.Q(override_reason=""),
                name="share_consent_or_override",
            ),
            models.CheckConstraint(condition=~models.Q(purpose=""), name="share_purpose"),
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("shared_at")), name="share_expiry_after"),
        ]

    def __str__(self) -> str:
        return f"Share {self.pk}"


class ShareItem(models.Model):
    """One item as it was when shared (a later About me version does not
    change what a caregiver was given)."""

    class Kind(models.TextChoices):
        ABOUT_ME = "about_me", "About me"
        PLAN_SUMMARY = "plan_summary", "Plan summary"
        CONTACT = "contact", "Contact"
        APPOINTMENT = "appointment", "Appointment"

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    #: Where it came from (e.g. "about_me:3:routines"), for the guard and the worker.
    source_key = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Item {self.pk} of share {self.share_id}"


class ShareRead(models.Model):
    """Each time a caregiver or partner worker opened a share (or was
    refused because it had expired or was revoked); shown to the worker."""

    class Outcome(models.TextChoices):
        READ = "read", "Read"
        EXPIRED = "expired", "Refused: the share had expired"
        REVOKED = "revoked", "Refused: the share was revoked"
        #: The guard, run again on the frozen items, stopped it (a protection
        #: order since it was shared, say): tiaki.disclosure.services.sharing.read_share.
        BLOCKED = "blocked", "Refused: the disclosure guard stopped it"

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        indexes = [models.Index(fields=["share", "read_at"], name="share_read_share")]

    def __str__(self) -> str:
        return f"Read of share {self.share_id}"


class DisposalConfirmation(models.Model):
    """A partner organisation's confirmation that it disposed of what it
    received up to a date (the Commissioner's condition on NGO contracts)."""

    organisation = models.ForeignKey(
        "disclosure.PartnerOrganisation", on_delete=models.PROTECT, related_name="disposals"
    )
    #: Everything received up to this date has been disposed of.
    covers_up_to = models.DateField()
    confirmed_on = models.DateField()
    confirmed_by_name = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Disposal confirmation {self.pk}"
