"""What is recorded on a case: notes, plans, Family Group Conferences and
court orders.

Notes and plans are versioned: a correction or a new plan is a new version
row, and the earlier one stays (a database trigger refuses UPDATE on the
version tables, migration casework.0004). ``current_version`` on the parent
is the optimistic-concurrency check a form posts back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.casework.models.cases import Case
from tiaki.people.models import Person


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Phone call"
        MEETING = "meeting", "Meeting"
        SUPERVISION = "supervision", "Supervision"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    #: When the visit, call or meeting happened (never in the future).
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: For a visit: the child was seen (counts towards statutory visits).
    child_seen = models.BooleanField(default=False)
    significant = models.BooleanField(default=False)
    #: SENSITIVE: masked in the chronology for readers without the field permission.
    sensitive = models.BooleanField(default=False)
    current_version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="case_note_case_time")]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class CaseNoteVersion(models.Model):
    """One version of a note's text; version 1 is what was first written."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    #: Why it was corrected (empty for version 1).
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="note_version_unique")]

    def __str__(self) -> str:
        return f"Note {self.note_id} v{self.number}"


class NoteSubject(models.Model):
    """A child the note is about: the note appears in their chronology."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "person"], name="note_subject_unique")]
        indexes = [models.Index(fields=["person", "note"], name="note_subject_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in note {self.note_id}"


class Plan(models.Model):
    """A child's plan on a case; its content lives in PlanVersion."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    current_version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "child"], name="plan_one_per_child_case")]

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class PlanVersion(models.Model):
    """Every saved version of a plan. ``goals`` is a list of
    ``{"goal", "action", "who", "by"}`` rows (who does what, by when)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    goals = models.JSONField(default=list)
    #: The voice of the child: in their own words.
    child_voice = models.TextField()
    whanau_views = models.TextField(blank=True)
    review_on = models.DateField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    #: The FGC whose agreed plan this version records, if any.
    fgc = models.ForeignKey(
        "casework.FamilyGroupConference", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} v{self.number}"


class FamilyGroupConference(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Not held yet"
        PLAN_AGREED = "plan_agreed", "Plan agreed"
        NO_AGREEMENT = "no_agreement", "No agreement reached"
        NOT_HELD = "not_held", "Not held"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="fgcs")
    referred_at = models.DateTimeField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referral_reason = models.TextField()
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="fgcs_coordinated"
    )
    held_on = models.DateField(null=True, blank=True)
    #: Who came, one per line (whānau, professionals, the child).
    attendees = models.TextField(blank=True)
    agreed_plan = models.TextField(blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.PENDING)
    review_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="plan_agreed")
                | (models.Q(held_on__isnull=False) & ~models.Q(agreed_plan="")),
                name="fgc_agreed_plan_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"FGC {self.pk}"


class CourtOrder(models.Model):
    class Kind(models.TextChoices):
        S78 = "s78", "Interim custody without notice (s78)"
        S39 = "s39", "Place of safety warrant (s39)"
        S101 = "s101", "Custody order (s101)"
        S110 = "s110", "Guardianship order (s110)"
        S83 = "s83", "Services order (s83 / s86A)"
        S91 = "s91", "Support order (s91)"
        DISCHARGE = "discharge", "Discharge of an order"
        OTHER = "other", "Other order"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="orders")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    court = models.CharField(max_length=100)
    made_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    without_notice = models.BooleanField(default=False)
    #: For a without-notice order: why no safety plan with whānau was workable.
    no_safety_plan_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            # An s78 order is without notice, and is recorded with the reason no
            # safety plan was workable (the engagement attempts are checked by
            # tiaki.casework.services.records.court_order_record).
            models.CheckConstraint(
                condition=~models.Q(kind="s78") | models.Q(without_notice=True),
                name="court_order_s78_without_notice",
            ),
            models.CheckConstraint(
                condition=models.Q(without_notice=False) | ~models.Q(no_safety_plan_reason=""),
                name="court_order_without_notice_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk}"


class EngagementAttempt(models.Model):
    """An attempt to engage the whānau before a without-notice order."""

    class Method(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Phone call"
        MESSAGE = "message", "Text or email"
        LETTER = "letter", "Letter"
        THROUGH_IWI = "through_iwi", "Through iwi or a whānau member"

    order = models.ForeignKey(CourtOrder, on_delete=models.PROTECT, related_name="engagement_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=15, choices=Method.choices)
    with_whom = models.CharField(max_length=200)
    outcome = models.TextField()

    def __str__(self) -> str:
        return f"Attempt {self.pk}"
