"""Cases. Need-to-know (tiaki.access.scoping) follows an open case's allocated
worker and their supervision line; the casework issue extends these."""

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

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_cases"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # What makes a case heavier than a count says (tiaki.intake.workload).
    court_work = models.BooleanField(default=False, db_default=False)
    travel = models.BooleanField(default=False, db_default=False, help_text="more than an hour's travel per visit")
    cultural_needs = models.BooleanField(
        default=False, db_default=False, help_text="needs extra cultural support or an interpreter"
    )

    class Meta:
        indexes = [models.Index(fields=["allocated_worker", "status"], name="case_allocated_status")]

    def __str__(self) -> str:
        return f"Case {self.pk}"


class CaseParticipant(models.Model):
    class Role(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT = "parent", "Parent"
        CAREGIVER = "caregiver", "Caregiver"
        WHANAU = "whanau", "Whānau member"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHILD)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_participant_unique")]
        indexes = [models.Index(fields=["person", "case"], name="case_participant_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in case {self.case_id}"
