"""The partner organisation register, and the accounts outside the agency
that receive what is shared (caregivers and partner workers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PartnerOrganisation(models.Model):
    """An NGO or provider the agency shares with under an agreement: what
    it may receive, how long it keeps it, and whether it has confirmed
    disposal (tiaki.disclosure.models.sharing.DisposalConfirmation)."""

    class Kind(models.TextChoices):
        NGO = "ngo", "Iwi or community social service"
        HEALTH = "health", "Health provider"
        EDUCATION = "education", "School or education provider"
        RESIDENCE = "residence", "Residence or care provider"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active agreement"
        SUSPENDED = "suspended", "Suspended"
        ENDED = "ended", "Agreement ended"

    #: What a partner may receive, item kinds as ShareItem.Kind spells them.
    RECEIVABLE = ("about_me", "plan_summary", "contact", "appointment")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    #: Where letters go (a postal address) and notices (an email address).
    postal_address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    agreement_reference = models.CharField(max_length=60)
    agreement_start = models.DateField()
    agreement_end = models.DateField(null=True, blank=True)
    #: The item kinds the agreement lets it receive (subset of RECEIVABLE).
    may_receive = models.JSONField(default=list)
    #: How long it may keep what it receives before disposal.
    retention_days = models.PositiveIntegerField(default=365)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    #: Optimistic concurrency: a form posts back the version it showed.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(retention_days__gte=1), name="partner_retention_positive"),
            models.CheckConstraint(
                condition=models.Q(agreement_end__isnull=True)
                | models.Q(agreement_end__gte=models.F("agreement_start")),
                name="partner_agreement_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RecipientAccount(models.Model):
    """Which caregiver household or partner organisation a caregiver or
    partner worker account reads for: exactly one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recipient_account")
    household = models.ForeignKey(
        "care.CaregiverHousehold", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    #: The register person this account is (a caregiver is a household member).
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(household__isnull=False, organisation__isnull=True)
                    | models.Q(household__isnull=True, organisation__isnull=False)
                ),
                name="recipient_account_one",
            )
        ]

    def __str__(self) -> str:
        return f"Recipient account of user {self.user_id}"
