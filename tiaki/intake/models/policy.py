"""Policy data for intake, editable by administrators, with documented
defaults (docs/intake.md). Rows are read on every use: nothing is cached, so
a change applies to the next decision."""

from __future__ import annotations

from django.db import models


class ResponseTimeframe(models.Model):
    """How soon an assessment must respond: critical 24 hours, very urgent
    48 hours, urgent 7 days, non-urgent 20 working days (the defaults)."""

    #: The agency's rules, not anyone's record (tiaki.access.guards.NO_PERSONAL_DATA).
    holds_personal_data = False

    code = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=50)
    urgency_rank = models.PositiveSmallIntegerField(help_text="1 is the most urgent")
    hours = models.PositiveIntegerField(null=True, blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["urgency_rank"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(hours__isnull=False) & models.Q(working_days__isnull=True))
                | (models.Q(hours__isnull=True) & models.Q(working_days__isnull=False)),
                name="timeframe_hours_or_working_days",
            )
        ]

    def __str__(self) -> str:
        return self.label


class TriagePolicy(models.Model):
    """Which decisions need a supervisor's approval, how soon a report must be
    decided (``decision_hours``; ``unsafe_now_decision_hours`` when the child is
    said to be unsafe right now, tiaki.intake.clocks.decision_due_at) and when
    overdue work is escalated (single row, pk 1)."""

    #: The agency's rules, not anyone's record (tiaki.access.guards.NO_PERSONAL_DATA).
    holds_personal_data = False

    nfa_child_under_years = models.PositiveSmallIntegerField(default=2)
    repeat_report_days = models.PositiveSmallIntegerField(default=30)
    decision_hours = models.PositiveSmallIntegerField(
        default=24, help_text="a report should be decided within this many hours of receipt"
    )
    unsafe_now_decision_hours = models.PositiveSmallIntegerField(
        default=1,
        db_default=1,
        help_text=(
            "a report saying a child is unsafe right now should be decided within this many hours of receipt "
            "(never later than decision_hours); its response is then on the critical timeframe"
        ),
    )
    escalate_highlight_fraction = models.FloatField(
        default=0.5, help_text="highlight when this fraction of the response time has passed"
    )
    escalate_notify_fraction = models.FloatField(
        default=0.75, help_text="tell the supervisor when this fraction has passed"
    )

    def __str__(self) -> str:
        return "Triage policy"


class WorkloadWeight(models.Model):
    """Weights for a worker's complexity-weighted caseload (tiaki.intake.selectors.workload)."""

    #: The agency's rules, not anyone's record (tiaki.access.guards.NO_PERSONAL_DATA).
    holds_personal_data = False

    code = models.CharField(max_length=30, unique=True)
    label = models.CharField(max_length=100)
    weight = models.FloatField()

    def __str__(self) -> str:
        return f"{self.label}: {self.weight}"
