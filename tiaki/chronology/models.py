"""The chronology: one row per event per child, written by the service that
records the event, in the same transaction (tiaki.chronology.services).

It is a projection: the source records (reports, notes, plans, orders...)
stay the truth and each entry points back at one. Keeping it as its own
table, with one index on (person, time), is what lets a child's whole
history open as one indexed range scan whatever module wrote it. Later
modules (placements, health, education) add kinds, not tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class ChronologyEntry(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Report of concern"
        DECISION = "decision", "Intake decision"
        RESPONSE = "response", "First response"
        CASE = "case", "Case opened, changed or closed"
        NOTE = "note", "Case note"
        PLAN = "plan", "Plan"
        FGC = "fgc", "Family Group Conference"
        ORDER = "order", "Court order"
        DOCUMENT = "document", "Document"
        EMAIL = "email", "Email"
        CARE = "care", "Entering or leaving care"
        PLACEMENT = "placement", "Placement"
        MISSING = "missing", "Missing or away from placement"
        CAREGIVER = "caregiver", "Caregiver change"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    significant = models.BooleanField(default=False)
    #: SENSITIVE: title and summary masked for readers without the field permission.
    sensitive = models.BooleanField(default=False)
    #: Plain words, no SENSITIVE values (those stay in the source record).
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.PROTECT, db_index=False)
    report = models.ForeignKey(
        "intake.ReportOfConcern", null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    #: The source record: a Kind-specific table and its id.
    source_id = models.BigIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        # The table casework created before the chronology had its own app
        # (casework migration 0003): moved without copying a row.
        db_table = "casework_chronologyentry"
        indexes = [
            # The chronology page: one child (or a few), newest first, keyset pages.
            models.Index(fields=["person", "-occurred_at", "-id"], name="chronology_person_time"),
            # Corrections re-title the entries of one source record.
            models.Index(fields=["kind", "source_id"], name="chronology_source"),
        ]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_id} for person {self.person_id}"


class CorrectionStatement(models.Model):
    """A statement of correction (Privacy Act 2020, IPP 7): what a person
    says is wrong with information Tiaki holds about them, in their words,
    attached to that information so it travels with it wherever it appears
    (its page, the chronology, exports, later subject-access packs).

    It is attached to a source record as the chronology names it
    (``kind``: a ChronologyEntry.Kind value, or "person" for the register's
    own details; ``source_id``), so the chronology finds it with the
    (kind, source_id) index it already uses. Written only by
    tiaki.disclosure.services (corrections); never changed or removed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=10)
    source_id = models.BigIntegerField()
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "source_id"], name="correction_statement_source"),
            models.Index(fields=["person"], name="correction_statement_person"),
        ]

    def __str__(self) -> str:
        return f"Statement of correction on {self.kind} {self.source_id}"
