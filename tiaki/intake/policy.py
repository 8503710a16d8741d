"""Reading intake's policy data (tiaki.intake.models.policy).

The documented defaults live here, once: migration intake.0003 writes them,
and if the rows are ever missing (a table emptied by an administrator, or by
a test database flush) the defaults are put back on first use, so triage
never runs without timeframes. Nothing is cached: a change applies at once.
"""

from __future__ import annotations

from django.db import transaction

from tiaki.intake.models import ResponseTimeframe, TriagePolicy, WorkloadWeight

TIMEFRAMES = [
    ("critical", "Critical (24 hours)", 1, 24, None),
    ("very-urgent", "Very urgent (48 hours)", 2, 48, None),
    ("urgent", "Urgent (7 days)", 3, 7 * 24, None),
    ("non-urgent", "Non-urgent (20 working days)", 4, None, 20),
]

WEIGHTS = [
    ("case:assessment", "Assessment", 1.0),
    ("case:investigation", "Investigation", 1.5),
    ("case:ongoing", "Ongoing care and protection", 1.25),
    ("case:transition", "Transition support", 0.75),
    ("report", "Allocated report awaiting response", 0.5),
    ("each-extra-child", "Each child after the first", 0.25),
    ("court-work", "Court work", 0.75),
    ("travel", "Long travel", 0.25),
    ("cultural-needs", "Extra cultural support or an interpreter", 0.25),
]


def ensure_defaults() -> None:
    with transaction.atomic():
        if not ResponseTimeframe.objects.exists():
            ResponseTimeframe.objects.bulk_create(
                ResponseTimeframe(code=code, label=label, urgency_rank=rank, hours=hours, working_days=days)
                for code, label, rank, hours, days in TIMEFRAMES
            )
        TriagePolicy.objects.get_or_create(pk=1)
        if not WorkloadWeight.objects.exists():
            WorkloadWeight.objects.bulk_create(WorkloadWeight(code=c, label=label, weight=w) for c, label, w in WEIGHTS)


def timeframes() -> list[ResponseTimeframe]:
    """The response timeframes, most urgent first."""
    rows = list(ResponseTimeframe.objects.order_by("urgency_rank"))
    if not rows:
        ensure_defaults()
        rows = list(ResponseTimeframe.objects.order_by("urgency_rank"))
    return rows


def timeframe(code: str) -> ResponseTimeframe | None:
    return next((t for t in timeframes() if t.code == code), None) if code else None


def triage_policy() -> TriagePolicy:
    policy = TriagePolicy.objects.filter(pk=1).first()
    if policy is None:
        ensure_defaults()
        policy = TriagePolicy.objects.get(pk=1)
    return policy


def workload_weights() -> dict[str, float]:
    weights = dict(WorkloadWeight.objects.values_list("code", "weight"))
    if not weights:
        ensure_defaults()
        weights = dict(WorkloadWeight.objects.values_list("code", "weight"))
    return weights


def workload_weight_rows() -> list[WorkloadWeight]:
    """The weights with their labels, in the documented order (the policy page)."""
    rows = list(WorkloadWeight.objects.order_by("pk"))
    if not rows:
        ensure_defaults()
        rows = list(WorkloadWeight.objects.order_by("pk"))
    return rows
