"""Records that grant or limit access: privacy induction, intake duty,
break-glass grants, sealed-record grants and staff-subject links.

All are read fresh on every request by tiaki.access.scoping (no cached
grants), so ending one ends access on the very next request. The person they
name is the people domain's (by its label: access imports no domain's models).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.staff.models import Site

#: The privacy induction course staff must have completed; recording an
#: induction stores the version taken.
CURRENT_INDUCTION_COURSE = "2026.1"

#: An induction or refresher keeps access for this many days after it was
#: completed; then a yearly refresher is due, and until one is recorded the
#: person's access to personal information is suspended (tiaki.access.scoping,
#: REFRESHER_LAPSED). tiaki.privacy's refresher job warns before then.
INDUCTION_VALID_DAYS = 365
#: Days before a lapse that the person (and the privacy office) are told.
REFRESHER_WARN_DAYS = (30, 7)

BREAKGLASS_MAX_MINUTES = 60
BREAKGLASS_REVIEW_WORKING_DAYS = 5


class PrivacyInduction(models.Model):
    """A privacy induction or yearly refresher completed: the latest one
    keeps access for INDUCTION_VALID_DAYS."""

    class Kind(models.TextChoices):
        INDUCTION = "induction", "Privacy induction"
        REFRESHER = "refresher", "Yearly privacy refresher"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INDUCTION)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inductions")
    completed_on = models.DateField()
    course_version = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Induction of user {self.user_id} ({self.course_version})"


class IntakeDuty(models.Model):
    """A rostered period on intake duty at a site: during it, the person may
    read the people in that site's open reports."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intake_duties")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="intake_duties")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_ends_after_start")
        ]
        indexes = [models.Index(fields=["user", "ends_at"], name="duty_user_ends")]

    def __str__(self) -> str:
        return f"Duty of user {self.user_id} at site {self.site_id}"


class BreakGlassGrant(models.Model):
    class Review(models.TextChoices):
        OPEN = "open", "Waiting for review"
        JUSTIFIED = "justified", "Justified"
        NOT_JUSTIFIED = "not-justified", "Not justified"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="breakglass_grants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="breakglass_grants")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    review_due_on = models.DateField()
    review = models.CharField(max_length=15, choices=Review.choices, default=Review.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")), name="breakglass_expires_after_grant"
            ),
            models.CheckConstraint(
                condition=models.Q(review="open") | models.Q(reviewed_at__isnull=False), name="breakglass_review_dated"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "person", "expires_at"], name="breakglass_active"),
            models.Index(fields=["review", "granted_at"], name="breakglass_queue"),
        ]

    def __str__(self) -> str:
        return f"Break-glass {self.pk}"


class SealedGrant(models.Model):
    """An explicit, named grant to open one sealed record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sealed_grants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sealed_grants")
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person"], name="sealed_grant_user_person")]

    def __str__(self) -> str:
        return f"Sealed grant {self.pk}"


class StaffSubjectLink(models.Model):
    """A staff member who is, or is whānau of, a person on the register. Their
    record is sealed; nobody may open a record about themselves."""

    class Kind(models.TextChoices):
        SELF = "self", "The staff member themselves"
        WHANAU = "whanau", "A member of the staff member's whānau"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subject_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="staff_links")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "person"], name="staff_subject_unique")]

    def __str__(self) -> str:
        return f"User {self.user_id} {self.kind} of person {self.person_id}"
