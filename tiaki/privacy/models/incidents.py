"""The breach and near-miss register (Privacy Act 2020, Part 6).

A privacy incident is a breach (personal information was disclosed, lost,
or seen by someone who should not have seen it) or a near miss (it nearly
was: the disclosure guard stopped it, emergency access was refused, a
monitoring alert a privacy officer confirmed, or a colleague caught it in
time). Any staff member reports one; near misses also arrive by themselves
(tiaki.privacy.services.incidents). A privacy officer assesses each breach
against the Act's serious-harm factors (s113) and decides whether it is
notifiable; the Commissioner must then be told as soon as practicable,
which the Commissioner reads as within 72 hours of the agency becoming
aware (``commissioner_due_at``, shown on the register and escalated by the
job ``privacy.commissioner_clock``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person
from tiaki.staff.models import Site

#: The Commissioner's expectation: notified within 72 hours of becoming aware (DESIGN.md, "Time").
COMMISSIONER_HOURS = 72


class PrivacyIncident(models.Model):
    class Kind(models.TextChoices):
        BREACH = "breach", "Privacy breach"
        NEAR_MISS = "near-miss", "Near miss"

    class Source(models.TextChoices):
        """How the incident reached the register."""

        REPORTED = "reported", "Reported by a staff member"
        DISCLOSURE_GUARD = "disclosure-guard", "The disclosure guard stopped a disclosure"
        BREAKGLASS_REFUSED = "breakglass-refused", "Emergency access was refused"
        MONITORING = "monitoring", "An access monitoring alert"

    class Status(models.TextChoices):
        OPEN = "open", "Reported: not assessed yet"
        ASSESSED = "assessed", "Assessed: being dealt with"
        CLOSED = "closed", "Closed"

    class Category(models.TextChoices):
        """What kind of breach or near miss it was (the quarterly report's "type")."""

        WRONG_RECIPIENT = "wrong-recipient", "Sent or given to the wrong person"
        PROTECTED_DETAILS = "protected-details", "A protected address or identity disclosed"
        UNAUTHORISED_ACCESS = "unauthorised-access", "Looked at without a work reason"
        OVER_DISCLOSURE = "over-disclosure", "More disclosed than was needed"
        LOST_OR_STOLEN = "lost-or-stolen", "Lost or stolen (paper, laptop, phone)"
        LEFT_UNSECURED = "left-unsecured", "Left where others could see it"
        SYSTEM_FAULT = "system-fault", "A system or security fault"
        OTHER = "other", "Something else"

    class Cause(models.TextChoices):
        """The root cause, as assessed (the quarterly report's "cause")."""

        HUMAN_ERROR = "human-error", "A mistake by a person"
        PROCESS = "process", "A process gap or unclear process"
        SYSTEM = "system", "A system fault or design"
        DELIBERATE = "deliberate", "Deliberate misuse"
        THIRD_PARTY = "third-party", "A partner or other organisation"
        UNKNOWN = "unknown", "Not known yet"

    class HowFound(models.TextChoices):
        SELF = "self", "I noticed it myself"
        COLLEAGUE = "colleague", "A colleague noticed it"
        CLIENT = "client", "A child, whānau member or caregiver told us"
        PARTNER = "partner", "A partner organisation told us"
        MONITORING = "monitoring", "Access monitoring"
        GUARD = "guard", "The disclosure guard"
        OTHER = "other", "Some other way"

    #: "PI-" and eight random letters and digits (no 0/O/1/I): says nothing about how many came before.
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.REPORTED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    category = models.CharField(max_length=24, choices=Category.choices, blank=True)
    #: When it happened (the date is required; the time when known, NZ time).
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    #: When the agency became aware: the Commissioner's clock runs from here.
    became_aware_at = models.DateTimeField()
    description = models.TextField()
    #: Whose information, in the reporter's words (the register persons linked are IncidentPerson).
    whose_information = models.TextField(blank=True)
    how_found = models.CharField(max_length=12, choices=HowFound.choices, default=HowFound.SELF)
    how_found_detail = models.TextField(blank=True)
    #: What was done already, by the reporter.
    action_taken = models.TextField(blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: None for a near miss that arrived by itself.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()
    #: The staff member whose action caused it, when known: they may not assess it.
    caused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Where an automatic near miss came from (at most one incident per source).
    disclosure = models.OneToOneField(
        "disclosure.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="privacy_incident"
    )
    source_event_seq = models.BigIntegerField(null=True, blank=True, unique=True)

    # The assessment (tiaki.privacy.services.incidents.incident_assess).
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    #: The serious-harm factors of s113, each {"level": "...", "note": "..."} by factor code
    #: (tiaki.privacy.harm.FACTORS).
    harm_factors = models.JSONField(default=dict, blank=True)
    serious_harm_likely = models.BooleanField(null=True, blank=True)
    notifiable = models.BooleanField(null=True, blank=True)
    assessment_reasoning = models.TextField(blank=True)
    #: became_aware_at + COMMISSIONER_HOURS, set when assessed notifiable.
    commissioner_due_at = models.DateTimeField(null=True, blank=True)
    commissioner_notified_at = models.DateTimeField(null=True, blank=True)
    commissioner_reference = models.CharField(max_length=60, blank=True)
    #: 0 none; 1 told the privacy office the clock is near its end; 2 told them (and the site manager) it ran out.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    containment = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    cause = models.CharField(max_length=12, choices=Cause.choices, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closing_summary = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    #: Optimistic concurrency: every change posts back the version it saw.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            # The person who caused a breach never assesses it (the service refuses first: assess_own).
            models.CheckConstraint(
                condition=models.Q(assessed_by__isnull=True)
                | models.Q(caused_by__isnull=True)
                | ~models.Q(assessed_by=models.F("caused_by")),
                name="privacy_incident_not_assessed_by_cause",
            ),
            models.CheckConstraint(
                condition=~models.Q(notifiable=True) | models.Q(commissioner_due_at__isnull=False),
                name="privacy_incident_notifiable_has_clock",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="privacy_incident_closed_has_time",
            ),
            models.CheckConstraint(condition=~models.Q(description=""), name="privacy_incident_has_description"),
        ]
        indexes = [
            models.Index(fields=["status", "became_aware_at"], name="privacy_incident_status"),
            models.Index(fields=["reported_at"], name="privacy_incident_reported"),
        ]

    def __str__(self) -> str:
        return f"Privacy incident {self.reference}"


class IncidentPerson(models.Model):
    """A person on the register whose information the incident is about."""

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.PROTECT, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    added_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "person"], name="incident_person_once")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in incident {self.incident_id}"


class IncidentAction(models.Model):
    """Something to do about an incident, with an owner and a due date; an
    incident closes only when every action is done."""

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["incident", "done_at"], name="incident_action_open")]

    def __str__(self) -> str:
        return f"Action {self.pk} on incident {self.incident_id}"


class IncidentNotice(models.Model):
    """Telling an affected person: a letter through the disclosure pipeline
    (guard included: ``letter``), or by phone or in person (recorded)."""

    class Method(models.TextChoices):
        LETTER = "letter", "A letter"
        PHONE = "phone", "By phone"
        IN_PERSON = "in-person", "In person"
        NOT_NOTIFYING = "not-notifying", "Not notifying (with the reason)"

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=14, choices=Method.choices)
    letter = models.ForeignKey("disclosure.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Notice to person {self.person_id} for incident {self.incident_id}"


class IncidentAuditLink(models.Model):
    """An audit event involved in the incident (the trail's seq: the trail
    itself is append-only and unmanaged, so this is no foreign key)."""

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.PROTECT, related_name="audit_links")
    event_seq = models.BigIntegerField()
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    added_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "event_seq"], name="incident_audit_link_once")]

    def __str__(self) -> str:
        return f"Audit event {self.event_seq} in incident {self.incident_id}"
