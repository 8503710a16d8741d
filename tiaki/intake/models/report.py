"""Reports of concern: what was reported, by whom, about whom; the triage
decision and its clock; allocation. Need-to-know (tiaki.access.scoping)
follows a report's site (intake duty) and its allocated worker.

SENSITIVE: the notifier's identity (name, contact, relationship) is masked
for anyone without the field permission and never goes to the whānau or into
any disclosure."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person
from tiaki.staff.models import Site


class ReportOfConcern(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Stage(models.TextChoices):
        RECEIVED = "received", "Waiting for a decision"
        AWAITING_APPROVAL = "awaiting-approval", "Decision waiting for approval"
        DECIDED = "decided", "Decided"
        ALLOCATED = "allocated", "Allocated"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone call"
        PROFESSIONAL = "professional", "Professional referral (web)"
        API = "api", "Partner agency system"

    reference = models.CharField(max_length=20, unique=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="reports")
    received_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_default="received")
    channel = models.CharField(max_length=15, choices=Channel.choices, default=Channel.PHONE, db_default="phone")
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_reports"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The notifier (SENSITIVE).
    notifier_name = models.CharField(max_length=200, blank=True, db_default="")
    notifier_relationship = models.CharField(max_length=100, blank=True, db_default="")
    notifier_contact = models.CharField(max_length=200, blank=True, db_default="")
    notifier_confidential = models.BooleanField(default=False, db_default=False)
    referrer_agency = models.CharField(max_length=100, blank=True, db_default="")
    referrer_reference = models.CharField(max_length=100, blank=True, db_default="")
    narrative = models.TextField(blank=True, db_default="")
    immediate_safety = models.TextField(blank=True, db_default="")
    child_unsafe_now = models.BooleanField(default=False, db_default=False)
    # The clock (tiaki.intake.clocks): set by the triage decision.
    decided_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    timeframe = models.CharField(max_length=20, blank=True, db_default="")
    # Escalation by the scheduled job (tiaki intake_escalate): 1 highlighted, 2 supervisor told.
    escalation_level = models.PositiveSmallIntegerField(default=0, db_default=0)
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        indexes = [
            models.Index(fields=["allocated_to", "status"], name="report_allocated_status"),
            models.Index(fields=["site", "status"], name="report_site_status"),
            models.Index(fields=["stage", "response_due_at"], name="report_queue"),
            models.Index(fields=["received_at"], name="report_received"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReportPerson(models.Model):
    class Role(models.TextChoices):
        CHILD = "child", "Child or young person"
        ADULT = "adult", "Adult"
        ALLEGED = "alleged", "Adult said to have caused harm"

    report = models.ForeignKey(ReportOfConcern, on_delete=models.PROTECT, related_name="persons")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="report_links")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHILD)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="report_person_unique")]
        indexes = [models.Index(fields=["person", "report"], name="report_person_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in report {self.report_id}"


class ReportConcern(models.Model):
    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical harm"
        SEXUAL = "sexual", "Sexual harm"
        EMOTIONAL = "emotional", "Emotional harm"
        NEGLECT = "neglect", "Neglect"
        FAMILY_VIOLENCE = "family-violence", "Exposure to family violence"
        SELF_HARM = "self-harm", "Self-harm"
        OTHER = "other", "Other"

    report = models.ForeignKey(ReportOfConcern, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(max_length=20, choices=Category.choices)
    detail = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "category"], name="report_concern_unique")]

    def __str__(self) -> str:
        return f"{self.category} in report {self.report_id}"


class TriageDecision(models.Model):
    """A decision on a report. The current one is the latest; earlier ones
    stay (a changed decision is a new row, with who and why)."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "nfa", "No further action"
        ADVICE = "advice", "Advice given"
        COMMUNITY_REFERRAL = "community", "Referral to a community partner for early support"
        FGC = "fgc", "Family Group Conference"
        CORE_ASSESSMENT = "assessment", "Core assessment"
        JOINT_INVESTIGATION = "joint", "Joint investigation with Police"

    report = models.ForeignKey(ReportOfConcern, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    reasons = models.TextField()
    timeframe = models.CharField(max_length=20, blank=True)
    lowered_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    needs_approval = models.BooleanField(default=False)
    approval_rule = models.CharField(max_length=100, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Decision {self.pk} on report {self.report_id}"


class ReportDraft(models.Model):
    """What a kaimahi has typed so far, saved as they type (htmx) so that
    nothing is lost if the browser closes. Deleted when the report is saved."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft {self.pk}"
