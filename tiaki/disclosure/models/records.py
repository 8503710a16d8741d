"""What left Tiaki, and what the guard stopped.

A Disclosure row is written for every artefact the pipeline
(tiaki.disclosure.services.pipeline) handles: released, or blocked by the
guard (a near miss, with its findings). Its ``document_id`` is printed on
every page of the artefact, so a photo of a page leads a privacy officer
back to this row. Rows are never updated except to record the override that
let a blocked attempt through (``override_*``) and a file's first download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class Disclosure(models.Model):
    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        CHRONOLOGY = "chronology", "Chronology"
        CASE_SUMMARY = "case_summary", "Case summary"
        PLAN = "plan", "Plan"
        ABOUT_ME = "about_me", "About me"
        SHARE_PACK = "share_pack", "Share pack"
        API_RESPONSE = "api_response", "Partner API response"
        SUBJECT_ACCESS = "subject_access", "Subject access pack"
        PRIVACY_REPORT = "privacy_report", "Privacy report to the chief executive"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        RELEASED = "released", "Released"
        BLOCKED = "blocked", "Blocked by the disclosure guard"

    class Channel(models.TextChoices):
        DOWNLOAD = "download", "Downloaded"
        PRINT = "print", "Printed"
        POST = "post", "Posted"
        EMAIL = "email", "Emailed"
        REMOVABLE_MEDIA = "removable_media", "Removable media"
        PORTAL = "portal", "Read in Tiaki (caregiver or partner)"
        API = "api", "Partner API"

    class RecipientKind(models.TextChoices):
        STAFF = "staff", "A staff member"
        PERSON = "person", "A person on the register"
        HOUSEHOLD = "household", "A caregiver household"
        ORGANISATION = "organisation", "A partner organisation"

    #: Printed on every page: "D-" and eight random letters and digits (no
    #: 0/O/1/I), unguessable so it says nothing about how many came before.
    document_id = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    title = models.CharField(max_length=200)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    recipient_kind = models.CharField(max_length=12, choices=RecipientKind.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_household = models.ForeignKey(
        "care.CaregiverHousehold", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_organisation = models.ForeignKey(
        "disclosure.PartnerOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: How the recipient is named on the artefact and its watermark.
    recipient_label = models.CharField(max_length=200)
    purpose = models.TextField()
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: The artefact as the guard checked it (tiaki.disclosure.artefacts.Artefact.as_json).
    content = models.JSONField(default=dict)
    #: sha256 of ``content``: an override is for exactly this content.
    content_hash = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    #: sha256 of the file that left (PDF), when there was one.
    file_sha256 = models.CharField(max_length=64, blank=True)
    encrypted = models.BooleanField(default=False)
    # A blocked attempt that a second person let through (services.overrides).
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    override_at = models.DateTimeField(null=True, blank=True)
    #: On a released disclosure: the blocked attempt whose override it used (once).
    override_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="released_as"
    )

    class Meta:
        indexes = [
            models.Index(fields=["outcome", "made_at"], name="disclosure_outcome_made"),
            models.Index(fields=["case", "made_at"], name="disclosure_case_made"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient_kind="staff", recipient_user__isnull=False)
                    | models.Q(recipient_kind="person", recipient_person__isnull=False)
                    | models.Q(recipient_kind="household", recipient_household__isnull=False)
                    | models.Q(recipient_kind="organisation", recipient_organisation__isnull=False)
                ),
                name="disclosure_recipient_named",
            ),
            models.CheckConstraint(
                condition=models.Q(override_by__isnull=True) | models.Q(outcome="blocked"),
                name="disclosure_override_only_blocked",
            ),
        ]

    def __str__(self) -> str:
        return self.document_id


class DisclosureSubject(models.Model):
    """A person the artefact is about (for "who has seen this record")."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disclosure", "person"], name="disclosure_subject_unique")]
        indexes = [models.Index(fields=["person"], name="disclosure_subject_person")]

    def __str__(self) -> str:
        return f"Subject {self.person_id} of {self.disclosure_id}"


class GuardFinding(models.Model):
    """One thing the guard found that may not reach the recipient: which
    rule, which item of the artefact, and in plain words what to remove and
    why. Written only for blocked attempts (the near misses)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=30)
    #: The artefact item it is in (Artefact item key) and how the sender knows it.
    item_key = models.CharField(max_length=100)
    item_label = models.CharField(max_length=200)
    #: Whose information it is, and who it is protected from (if a person).
    about_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    protected_from = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: What to remove and why, for the sender (never quotes the protected value).
    words = models.TextField()
    overridable = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.rule} in {self.disclosure_id}"


class GuardRule(models.Model):
    """Policy data: the guard's rules and how each applies. Holds no
    personal data. Seeded by migration disclosure.0002; changed by a policy
    manager through tiaki.disclosure.services.rules."""

    class Code(models.TextChoices):
        PROTECTED_ADDRESS = "protected_address", "A protected address"
        PLACEMENT_LOCATION = "placement_location", "Where a child in care lives"
        NOTIFIER_IDENTITY = "notifier_identity", "Who made a report of concern"
        OTHER_CHILD = "other_child", "Another child's details"
        SENSITIVE = "sensitive", "Information marked SENSITIVE"
        SEALED = "sealed", "A record sealed from the recipient"

    class WhenUnnamed(models.TextChoices):
        #: No alert names who it is protected from: only the person it is
        #: about (or their own household) may receive it.
        BLOCK = "block", "Only to the person it is about"
        ALLOW = "allow", "To anyone not named as a danger"

    code = models.CharField(max_length=30, choices=Code.choices, unique=True)
    enabled = models.BooleanField(default=True)
    #: Whether a second person may override a finding of this rule (never for sealed).
    overridable = models.BooleanField(default=True)
    when_unnamed = models.CharField(max_length=10, choices=WhenUnnamed.choices, default=WhenUnnamed.BLOCK)
    #: Whether the rule applies to every recipient outside the agency (notifier identity).
    every_external = models.BooleanField(default=False)
    #: Why the rule exists, shown to the sender with each finding.
    why = models.TextField()
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.code


class DisclosureFile(models.Model):
    """The bytes of an artefact that leaves as a file, kept only until its
    first download or 24 hours (the purge job); encrypted exports keep only
    the encrypted file and never the password."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, related_name="file")
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60, default="application/pdf")
    data = models.BinaryField()
    made_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.filename
