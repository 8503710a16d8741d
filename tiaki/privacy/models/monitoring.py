"""Access monitoring: scheduled analysis of the audit trail that raises
alerts for the privacy office (tiaki.privacy.monitoring).

What counts as unusual is policy data (MonitoringRule, one row per rule,
changed by privacy officers). A pass reads the trail from where the last
one stopped (MonitoringRun.to_seq); each alert has a dedupe key, so a
pass run twice, or a full pass after incremental ones, raises nothing
twice. ActorDayVolume keeps each staff member's daily reads, the "usual
pattern" the volume rule compares against.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class MonitoringRule(models.Model):
    class Code(models.TextChoices):
        ENUMERATION_REFUSALS = "enumeration-refusals", "Many refused reads in a short time"
        ENUMERATION_DISTINCT = "enumeration-distinct", "Many different records in a short time"
        VOLUME = "volume", "Far more reading than the person's usual"
        OUT_OF_HOURS = "out-of-hours", "Reading out of hours"
        BREAKGLASS_FREQUENT = "breakglass-frequent", "Frequent emergency access"
        COLLEAGUE_RECORD = "colleague-record", "Reading a colleague's record"
        NEWS_RECORD = "news-record", "Reading a record in the news"
        SEALED_ATTEMPT = "sealed-attempt", "Attempts on sealed records"
        AFTER_RELATIONSHIP = "after-relationship", "Reading right after a relationship ended"

    code = models.CharField(max_length=24, choices=Code.choices, unique=True)
    enabled = models.BooleanField(default=True)
    #: How many events (refusals, records, reads, grants) in the window raise an alert.
    threshold = models.PositiveIntegerField()
    #: The window the threshold counts over, in minutes.
    window_minutes = models.PositiveIntegerField()
    #: The volume rule: how many times the person's usual day is unusual (e.g. 3.0).
    factor = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    #: The out-of-hours rule: the working day, NZ time (reads outside it count).
    day_starts = models.TimeField(null=True, blank=True)
    day_ends = models.TimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(threshold__gte=1), name="monitoring_threshold_positive"),
            models.CheckConstraint(condition=models.Q(window_minutes__gte=1), name="monitoring_window_positive"),
            models.CheckConstraint(
                condition=models.Q(factor__isnull=True) | models.Q(factor__gt=1), name="monitoring_factor_above_one"
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring rule {self.code}"


class WatchedRecord(models.Model):
    """A record in the news (or otherwise high-profile): reads of it by staff
    without an allocation or supervision relationship raise an alert."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    #: Watched until the end of this day (NZ); None: until removed.
    until = models.DateField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "removed_at"], name="watched_record_person")]

    def __str__(self) -> str:
        return f"Watched record {self.person_id}"


class AccessAlert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for triage"
        TRIAGED = "triaged", "Triaged"

    class Outcome(models.TextChoices):
        NO_CONCERN = "no-concern", "No concern"
        CONVERSATION = "conversation", "A conversation with the person"
        NEAR_MISS = "near-miss", "A near miss"
        BREACH = "breach", "A breach"

    rule = models.CharField(max_length=24, choices=MonitoringRule.Code.choices)
    #: The staff member whose access raised it.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    #: What was counted (refusals, records, reads, grants) and the threshold it passed.
    count = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    #: Numbers and ids only, never a name: e.g. {"usual": 14, "person_ids": [..]} (at most 50 ids).
    detail = models.JSONField(default=dict, blank=True)
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    #: rule, actor and window: a pass run twice raises nothing twice.
    dedupe_key = models.CharField(max_length=120, unique=True)
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    triage_note = models.TextField(blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    #: The near miss or breach it became (outcome near-miss or breach).
    incident = models.ForeignKey(
        "privacy.PrivacyIncident", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="triaged") | ~models.Q(outcome=""), name="access_alert_triaged_has_outcome"
            ),
            models.CheckConstraint(condition=models.Q(last_seq__gte=models.F("first_seq")), name="access_alert_seqs"),
        ]
        indexes = [
            models.Index(fields=["status", "raised_at"], name="access_alert_queue"),
            models.Index(fields=["actor", "raised_at"], name="access_alert_actor"),
        ]

    def __str__(self) -> str:
        return f"Access alert {self.pk} ({self.rule})"


class MonitoringRun(models.Model):
    """One pass over the trail: a full pass reads it all, an incremental one
    from the previous pass's ``to_seq``."""

    class Kind(models.TextChoices):
        FULL = "full", "Full pass"
        INCREMENTAL = "incremental", "Incremental pass"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    from_seq = models.BigIntegerField()
    to_seq = models.BigIntegerField()
    events_scanned = models.BigIntegerField(default=0)
    alerts_raised = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["finished_at"], name="monitoring_run_finished")]

    def __str__(self) -> str:
        return f"Monitoring {self.kind} pass {self.from_seq}-{self.to_seq}"


class ActorDayVolume(models.Model):
    """A staff member's person reads on one NZ day: the usual pattern the
    volume rule compares against (rebuilt by a full pass, added to by
    incremental ones)."""

    actor_id = models.BigIntegerField()
    day = models.DateField()
    reads = models.PositiveIntegerField(default=0)
    out_of_hours = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor_id", "day"], name="actor_day_volume_once")]

    def __str__(self) -> str:
        return f"Reads of user {self.actor_id} on {self.day}"
