"""Cases: who is in them, who holds them, and every change of phase or status.

Need-to-know (tiaki.access.scoping) follows a case's allocated worker and
their supervision line. A case is never deleted: it closes, with reasons and
a supervisor's approval (tiaki.casework.services.cases).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person
from tiaki.staff.models import Site, Team


class Case(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        INVESTIGATION = "investigation", "Investigation"
        ONGOING = "ongoing", "Ongoing care and protection"
        TRANSITION = "transition", "Transition support"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class ClosureReason(models.TextChoices):
        CONCERNS_ADDRESSED = "concerns_addressed", "The concerns were addressed and the child is safe"
        SAFETY_PLAN = "safety_plan", "A safety plan with whānau is working"
        NO_FURTHER_ACTION = "no_further_action", "The assessment found no further action was needed"
        TRANSFERRED = "transferred", "Transferred to another site or agency"
        AGED_OUT = "aged_out", "The young person's transition support has ended"
        MOVED_AWAY = "moved_away", "The family moved out of reach"
        OTHER = "other", "Other (explained in the summary)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_cases"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # What makes a case heavier than a count says (tiaki.intake.selectors.workload).
    court_work = models.BooleanField(default=False, db_default=False)
    travel = models.BooleanField(default=False, db_default=False, help_text="more than an hour's travel per visit")
    cultural_needs = models.BooleanField(
        default=False, db_default=False, help_text="needs extra cultural support or an interpreter"
    )
    origin_report = models.ForeignKey(
        "intake.ReportOfConcern", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Closure: asked for by the worker, approved by a supervisor (someone else).
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True, db_default="")
    closure_summary = models.TextField(blank=True, db_default="")
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Optimistic concurrency: a form posts the version it showed.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        indexes = [models.Index(fields=["allocated_worker", "status"], name="case_allocated_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | (models.Q(closed_at__isnull=False) & ~models.Q(closure_reason="")),
                name="case_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}" if self.pk else "C-new"

    @property
    def awaiting_closure(self) -> bool:
        return self.status == self.Status.OPEN and self.closure_requested_at is not None


class CaseParticipant(models.Model):
    class Role(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT = "parent", "Parent"
        CAREGIVER = "caregiver", "Caregiver"
        WHANAU = "whanau", "Whānau member"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHILD)
    #: A child in care is visited at the policy's frequency (VisitFrequency).
    in_care_since = models.DateField(null=True, blank=True)
    visit_frequency = models.ForeignKey(
        "casework.VisitFrequency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_participant_unique")]
        indexes = [models.Index(fields=["person", "case"], name="case_participant_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in case {self.case_id}"


class CaseEvent(models.Model):
    """A dated change to a case: opened, phase changed, reallocated, closure
    asked for, declined or approved, reopened. Appended, never changed."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        PHASE = "phase", "Phase changed"
        REALLOCATED = "reallocated", "Reallocated"
        CLOSURE_REQUESTED = "closure_requested", "Closure asked for"
        CLOSURE_DECLINED = "closure_declined", "Closure declined"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_value = models.CharField(max_length=50, blank=True)
    to_value = models.CharField(max_length=50, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case_id})"


class VisitFrequency(models.Model):
    """Policy data: how often a child in care must be seen by their social
    worker. Administrators edit these at /admin/policy/."""

    #: The agency's rules, not anyone's record (tiaki.access.guards.NO_PERSONAL_DATA).
    holds_personal_data = False

    code = models.CharField(max_length=30, unique=True)
    label = models.CharField(max_length=100)
    interval_days = models.PositiveSmallIntegerField()
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["interval_days", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(interval_days__gte=1), name="visit_frequency_positive"),
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="visit_frequency_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Task(models.Model):
    """Something someone must do on a case by a date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_on"], name="task_assignee_due")]

    def __str__(self) -> str:
        return f"Task {self.pk}"
