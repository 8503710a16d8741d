"""Reports of concern. Need-to-know (tiaki.access.scoping) follows a report's
site (intake duty) and its allocated worker; the intake issue extends these."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person
from tiaki.staff.models import Site


class ReportOfConcern(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="reports")
    received_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_reports"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["allocated_to", "status"], name="report_allocated_status"),
            models.Index(fields=["site", "status"], name="report_site_status"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReportPerson(models.Model):
    class Role(models.TextChoices):
        CHILD = "child", "Child or young person"
        ADULT = "adult", "Adult"

    report = models.ForeignKey(ReportOfConcern, on_delete=models.PROTECT, related_name="persons")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="report_links")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHILD)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="report_person_unique")]
        indexes = [models.Index(fields=["person", "report"], name="report_person_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in report {self.report_id}"
