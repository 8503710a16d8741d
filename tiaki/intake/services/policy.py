"""Changing intake's policy data (administrators): timeframes, approval rules,
escalation points, workload weights. Each change is audited; it applies to
the next decision (tiaki.intake.policy reads the rows every time)."""

from __future__ import annotations

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.intake import policy
from tiaki.intake.models import ResponseTimeframe, TriagePolicy, WorkloadWeight
from tiaki.intake.services.triage import TriageError
from tiaki.staff.models import User


@service(AuditAction.POLICY_UPDATE, permission=Permission.POLICY_MANAGE)
def timeframe_update(*, actor: User, code: str, hours: int | None, working_days: int | None) -> ResponseTimeframe:
    """Set a timeframe in hours or in working days (one of the two)."""
    if (hours is None) == (working_days is None):
        raise TriageError("Give the timeframe in hours or in working days, not both.", f"{code}-hours")
    if (hours is not None and not 1 <= hours <= 24 * 60) or (working_days is not None and not 1 <= working_days <= 60):
        raise TriageError("Hours must be 1 to 1,440; working days 1 to 60.", f"{code}-hours")
    policy.ensure_defaults()
    with writing(actor) as step:
        row = ResponseTimeframe.objects.select_for_update().get(code=code)
        before = f"{row.hours}h" if row.hours is not None else f"{row.working_days}wd"
        row.hours, row.working_days = hours, working_days
        row.save(update_fields=["hours", "working_days"])
        after = f"{hours}h" if hours is not None else f"{working_days}wd"
        step.relationship = f"timeframe:{code}:{before}->{after}"
    return row


@service(AuditAction.POLICY_UPDATE, permission=Permission.POLICY_MANAGE)
def triage_policy_update(
    *, actor: User, nfa_child_under_years: int, repeat_report_days: int, decision_hours: int,
    escalate_highlight_fraction: float, escalate_notify_fraction: float, unsafe_now_decision_hours: int | None = None,
) -> TriagePolicy:  # fmt: skip
    """Approval rules, decision deadlines and escalation points
    (``unsafe_now_decision_hours`` None: unchanged)."""
    if not 0 < escalate_highlight_fraction < escalate_notify_fraction <= 1:
        raise TriageError(
            "Highlight before telling the supervisor: 0 < highlight < notify <= 1.", "escalate_highlight_fraction"
        )
    if not 0 <= nfa_child_under_years <= 17 or not 0 <= repeat_report_days <= 365 or not 1 <= decision_hours <= 720:
        raise TriageError("Ages 0 to 17, days 0 to 365, decision hours 1 to 720.", "nfa_child_under_years")
    if unsafe_now_decision_hours is not None and not 1 <= unsafe_now_decision_hours <= 720:
        raise TriageError("Unsafe-now decision hours 1 to 720.", "unsafe_now_decision_hours")
    policy.ensure_defaults()
    with writing(actor, relationship="triage-policy"):
        row = TriagePolicy.objects.select_for_update().get(pk=1)
        if unsafe_now_decision_hours is not None:
            row.unsafe_now_decision_hours = unsafe_now_decision_hours
        row.nfa_child_under_years, row.repeat_report_days, row.decision_hours = (
            nfa_child_under_years,
            repeat_report_days,
            decision_hours,
        )
        row.escalate_highlight_fraction, row.escalate_notify_fraction = (
            escalate_highlight_fraction,
            escalate_notify_fraction,
        )
        row.save()
    return row


@service(AuditAction.POLICY_UPDATE, permission=Permission.POLICY_MANAGE)
def workload_weight_update(*, actor: User, code: str, weight: float) -> WorkloadWeight:
    """Set one workload weight (0 to 10); it applies to the next allocation page."""
    if not 0 <= weight <= 10:
        raise TriageError("A weight is between 0 and 10.", code)
    policy.ensure_defaults()
    with writing(actor, relationship=f"weight:{code}:{weight}"):
        row = WorkloadWeight.objects.select_for_update().get(code=code)
        row.weight = weight
        row.save(update_fields=["weight"])
    return row
