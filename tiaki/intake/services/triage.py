"""Triage decisions and their approval, allocation, the first response, and
the scheduled escalation of reports nearing their deadline."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.intake import clocks
from tiaki.intake import policy as intake_policy
from tiaki.intake.models import ReportOfConcern, ReportPerson, TriageDecision, TriagePolicy
from tiaki.intake.reach import report_decision
from tiaki.staff.models import User

Outcome = TriageDecision.Outcome
Stage = ReportOfConcern.Stage
#: Outcomes that send a social worker out, so carry a response timeframe.
RESPONSE_OUTCOMES = frozenset({Outcome.CORE_ASSESSMENT, Outcome.JOINT_INVESTIGATION})
#: Outcomes for which the policy's approval rules apply.
LOW_OUTCOMES = frozenset({Outcome.NO_FURTHER_ACTION, Outcome.ADVICE, Outcome.COMMUNITY_REFERRAL})


class TriageError(ValueError):
    """The decision, approval or allocation cannot be made as asked; the
    message says why, for the page; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class AllocationConflict(TriageError):  # noqa: N818 - reads as what happened: "allocation conflict"
    """Someone else allocated it first: nothing was changed."""


class ConflictOfInterest(TriageError):  # noqa: N818 - reads as what happened
    """The worker has a personal connection (tiaki.access.sealed) to someone
    on the report: they may not be allocated it. Says so without naming who."""

    code = sealed.CONFLICT_OF_INTEREST

    def __init__(self) -> None:
        super().__init__(
            "This worker cannot be allocated: they have a personal connection to someone in this report. "
            "Choose another worker.",
            "worker_id",
        )


def _children(report_id: int) -> list[int]:
    return list(
        ReportPerson.objects.filter(report_id=report_id, role=ReportPerson.Role.CHILD).values_list(
            "person_id", flat=True
        )
    )


def _people(report_id: int) -> list[int]:
    """Everyone on the report: children, adults and the person alleged to have caused harm."""
    return list(ReportPerson.objects.filter(report_id=report_id).values_list("person_id", flat=True))


def _approval_rule(report: ReportOfConcern, outcome: str, policy: TriagePolicy) -> str:
    """Which rule, if any, makes this decision need a supervisor's approval."""
    if outcome not in LOW_OUTCOMES:
        return ""
    children = ReportPerson.objects.filter(report=report, role=ReportPerson.Role.CHILD).values_list(
        "person_id", "person__date_of_birth"
    )
    cutoff = timezone.localdate(report.received_at) - dt.timedelta(days=round(policy.nfa_child_under_years * 365.25))
    if outcome == Outcome.NO_FURTHER_ACTION and any(dob and dob > cutoff for _, dob in children):
        return f"no further action on a child under {policy.nfa_child_under_years}"
    since = report.received_at - dt.timedelta(days=policy.repeat_report_days)
    repeat = ReportPerson.objects.filter(
        person_id__in=[pid for pid, _ in children],
        report__received_at__gte=since,
        report__received_at__lt=report.received_at,
    ).exists()
    if repeat:
        return f"a second report within {policy.repeat_report_days} days"
    return ""


@service(AuditAction.REPORT_TRIAGE, permission=Permission.REPORT_TRIAGE)
def triage_decide(
    *,
    actor: User,
    report_id: int,
    outcome: str,
    reasons: str,
    timeframe_code: str = "",
    lowered_reason: str = "",
    decided_at: dt.datetime | None = None,
) -> TriageDecision:
    """Decide what happens to a report, with reasons. An assessment or joint
    investigation needs a response timeframe; lowering an earlier timeframe's
    urgency needs a reason, and so does anything less urgent than the most
    urgent timeframe for a child said to be unsafe right now; decisions the
    policy marks need approval. A decision made earlier (on the phone, say)
    is recorded at ``decided_at``: not in the future, not before the report
    came in."""
    reach = report_decision(actor, report_id)
    with writing(actor, decision=reach, subject_type="report", subject_ids=[report_id]) as step:
        if outcome not in Outcome.values:
            raise TriageError("Choose a decision.", "outcome")
        if not reasons.strip():
            raise TriageError("Give the reasons for the decision.", "reasons")
        if len(reasons) > 10_000:
            raise TriageError("Keep the reasons under 10,000 characters.", "reasons")
        timeframe = None
        if outcome in RESPONSE_OUTCOMES:
            timeframe = intake_policy.timeframe(timeframe_code)
            if timeframe is None:
                raise TriageError("Choose how soon a social worker must respond.", "timeframe")
        elif timeframe_code:
            raise TriageError("Only an assessment or a joint investigation has a response timeframe.", "timeframe")
        policy = intake_policy.triage_policy()
        report = ReportOfConcern.objects.select_for_update().get(pk=report_id)
        if report.stage not in {Stage.RECEIVED, Stage.AWAITING_APPROVAL, Stage.DECIDED}:
            raise TriageError("This report has already been allocated: change the decision with the allocated worker.")
        previous = intake_policy.timeframe(report.timeframe)
        most_urgent = intake_policy.timeframes()[0]
        if (
            report.child_unsafe_now
            and (previous is None or most_urgent.urgency_rank < previous.urgency_rank)
            and not TriageDecision.objects.filter(report=report).exclude(lowered_reason="").exists()
        ):
            # A child said to be unsafe right now is on the most urgent clock
            # until a decision says why not (tiaki.intake.clocks.immediate).
            previous = most_urgent
        if (
            previous
            and (timeframe is None or timeframe.urgency_rank > previous.urgency_rank)
            and not lowered_reason.strip()
        ):
            if report.child_unsafe_now and previous.urgency_rank == most_urgent.urgency_rank:
                raise TriageError(
                    f"The child was said to be unsafe right now: a decision less urgent than {previous.label} "
                    "needs a reason. Say why.",
                    "lowered_reason",
                )
            raise TriageError(f"This lowers the urgency from {previous.label}: say why.", "lowered_reason")
        rule = _approval_rule(report, outcome, policy)
        now = timezone.now()
        if decided_at is not None:
            if decided_at > now + dt.timedelta(minutes=5):
                raise TriageError("The time of the decision cannot be in the future.", "decided_at")
            if decided_at < report.received_at:
                raise TriageError("The decision cannot be before the report was received.", "decided_at")
            now = decided_at
        decision = TriageDecision.objects.create(
            report=report, outcome=outcome, reasons=reasons.strip(), timeframe=timeframe.code if timeframe else "",
            lowered_reason=lowered_reason.strip(), decided_by=actor, decided_at=now, needs_approval=bool(rule),
            approval_rule=rule,
        )  # fmt: skip
        report.decided_at = now
        report.timeframe = timeframe.code if timeframe else ""
        report.response_due_at = clocks.due_at(report.received_at, timeframe) if timeframe else None
        report.stage = Stage.AWAITING_APPROVAL if rule else Stage.DECIDED
        if not rule and outcome not in RESPONSE_OUTCOMES:
            report.stage, report.status, report.closed_at = Stage.CLOSED, ReportOfConcern.Status.CLOSED, now
        report.version += 1
        report.save(
            update_fields=["decided_at", "timeframe", "response_due_at", "stage", "status", "closed_at", "version"]
        )
        label = Outcome(outcome).label
        chronology_add(
            person_ids=_children(report.pk), kind=ChronologyEntry.Kind.DECISION, occurred_at=now,
            source_id=decision.pk, report_id=report.pk, significant=outcome in RESPONSE_OUTCOMES,
            title=f"Intake decision on {report.reference}: {label}"
            + (f" ({timeframe.label.lower()})" if timeframe else ""),
            summary=decision.reasons + (" Waiting for a supervisor's approval." if rule else ""),
        )  # fmt: skip
        if rule:
            supervisor = (
                actor.supervisor
                or User.objects.filter(role=Role.SUPERVISOR, site_id=report.site_id, is_active=True)
                .order_by("pk")
                .first()
            )
            if supervisor is not None:
                notification_send(
                    users=[supervisor],
                    kind=Notification.Kind.REPORT_APPROVAL,
                    text=f"Report {report.reference} has a decision waiting for your approval.",
                    email_text=f"A report's decision at {report.site.name} is waiting for your approval.",
                    about="report",
                    about_id=report.pk,
                )
        step.relationship = f"decision:{decision.pk}"
    return decision


@service(AuditAction.REPORT_APPROVE, permission=Permission.REPORT_APPROVE)
def triage_approve(*, actor: User, decision_id: int, approve: bool, note: str = "") -> TriageDecision:
    """A supervisor approves a decision the policy marked, or sends it back
    (the report returns to 'waiting for a decision')."""
    decision = TriageDecision.objects.filter(pk=decision_id).select_related("report").first()
    if decision is None:
        raise TriageError("There is no such decision.")
    reach = report_decision(actor, decision.report_id)
    with writing(actor, decision=reach, subject_type="report", subject_ids=[decision.report_id]) as step:
        if decision.decided_by_id == actor.pk:
            raise TriageError("Someone else must approve your own decision.")
        if not approve and not note.strip():
            raise TriageError("Say why the decision is sent back.", "note")
        report = ReportOfConcern.objects.select_for_update().get(pk=decision.report_id)
        latest = TriageDecision.objects.filter(report=report).order_by("-decided_at", "-pk").first()
        if report.stage != Stage.AWAITING_APPROVAL or latest is None or latest.pk != decision.pk:
            raise TriageError("This decision is no longer waiting for approval.")
        now = timezone.now()
        if approve:
            decision.approved_by, decision.approved_at = actor, now
            decision.save(update_fields=["approved_by", "approved_at"])
            if decision.outcome in RESPONSE_OUTCOMES:
                report.stage = Stage.DECIDED
            else:
                report.stage, report.status, report.closed_at = Stage.CLOSED, ReportOfConcern.Status.CLOSED, now
        else:
            report.stage, report.decided_at = Stage.RECEIVED, None
        report.version += 1
        report.save(update_fields=["stage", "status", "closed_at", "decided_at", "version"])
        step.relationship = f"decision:{decision.pk}:{'approved' if approve else 'sent-back'}"
    return decision


@service(AuditAction.REPORT_ALLOCATE, permission=Permission.REPORT_ALLOCATE)
def report_allocate(
    *, actor: User, report_id: int, worker_id: int, expected_version: int | None = None
) -> ReportOfConcern:
    """A supervisor allocates a decided report to a social worker. Two
    supervisors allocating at once: the row lock makes the second wait, then
    see it allocated and get a clear message; nothing is overwritten. A
    worker with a personal connection to anyone on the report is refused
    (ConflictOfInterest, audited)."""
    reach = report_decision(actor, report_id)
    with writing(actor, decision=reach, subject_type="report", subject_ids=[report_id]) as step:
        worker = User.objects.filter(
            pk=worker_id, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR]
        ).first()
        if worker is None:
            raise TriageError("Choose a social worker to allocate to.", "worker_id")
        conflicted = sealed.allocation_conflict(
            actor=actor, worker=worker, person_ids=_people(report_id), action=AuditAction.REPORT_ALLOCATE,
            subject_type="report", subject_ids=[report_id],
        )  # fmt: skip
        if conflicted:
            # The conflict's refusal is audited and must be kept: leave the
            # path normally, having allocated nothing (so no allocation
            # event), and raise once its transaction has committed.
            step.nothing_done()
        else:
            report = _allocate(actor, report_id, worker, expected_version)
            step.relationship = f"worker:{worker.pk}"
    if conflicted:
        raise ConflictOfInterest
    return report


def _allocate(actor: User, report_id: int, worker: User, expected_version: int | None) -> ReportOfConcern:
    """Inside report_allocate's path: the row locked, so a second supervisor waits, then sees it allocated."""
    report = ReportOfConcern.objects.select_for_update().get(pk=report_id)
    if report.allocated_to_id is not None:
        who = report.allocated_to
        name = (who.get_full_name() or who.username) if who else "someone"
        raise AllocationConflict(
            f"{report.reference} was already allocated to {name} "
            f"at {timezone.localtime(report.allocated_at):%H:%M} by someone else. Nothing was changed."
        )
    if expected_version is not None and report.version != expected_version:
        raise AllocationConflict(f"{report.reference} changed while you were looking at it. Check it and try again.")
    if report.stage != Stage.DECIDED:
        raise TriageError("Only a decided report that needs a response can be allocated.")
    if worker.site_id != report.site_id:
        raise TriageError("Choose a social worker at the report's site.", "worker_id")
    report.allocated_to, report.allocated_by, report.allocated_at = worker, actor, timezone.now()
    report.stage = Stage.ALLOCATED
    report.version += 1
    report.save(update_fields=["allocated_to", "allocated_by", "allocated_at", "stage", "version"])
    notification_send(
        users=[worker],
        kind=Notification.Kind.REPORT_ALLOCATED,
        text=f"Report {report.reference} was allocated to you.",
        email_text="A report of concern has been allocated to you.",
        about="report",
        about_id=report.pk,
    )
    return report


# Recording a response is part of the triage work, audited as a response.
@service(AuditAction.REPORT_RESPOND, permission=Permission.REPORT_TRIAGE)
def report_respond(*, actor: User, report_id: int, responded_at: dt.datetime) -> ReportOfConcern:
    """The allocated worker records the first response (a visit, a call):
    this stops the response clock."""
    reach = report_decision(actor, report_id)
    # The event names the report alone, not how the worker reached it.
    with writing(actor, decision=reach, subject_type="report", subject_ids=[report_id], relationship=""):
        now = timezone.now()
        report = ReportOfConcern.objects.select_for_update().get(pk=report_id)
        if report.allocated_to_id != actor.pk:
            raise TriageError("Only the allocated social worker records the response.")
        if responded_at > now + dt.timedelta(minutes=5):
            raise TriageError("The response time cannot be in the future.", "responded_at")
        # Responses are recorded to the minute: one in the minute the report
        # came in is not "before" it, and is stored as the receipt time.
        if responded_at < report.received_at.replace(second=0, microsecond=0):
            raise TriageError("The response cannot be before the report was received.", "responded_at")
        report.responded_at, report.stage = max(responded_at, report.received_at), Stage.RESPONDED
        report.version += 1
        report.save(update_fields=["responded_at", "stage", "version"])
        on_time = report.response_due_at is None or report.responded_at <= report.response_due_at
        chronology_add(
            person_ids=_children(report.pk), kind=ChronologyEntry.Kind.RESPONSE, occurred_at=report.responded_at,
            source_id=report.pk, report_id=report.pk, title=f"First response to {report.reference}",
            summary="Within the response timeframe." if on_time else "After the response timeframe had passed.",
        )  # fmt: skip
    return report


@service(AuditAction.REPORT_ESCALATE)
def reports_escalate(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The scheduled job (intake.escalate in tiaki worker, or tiaki
    intake_escalate; never a page visit): reports whose response clock has
    run past the policy's fractions are highlighted, then their supervisor is
    told. Idempotent: a report only ever rises a level. Returns (highlighted, notified)."""
    now = now or timezone.now()
    policy = intake_policy.triage_policy()
    highlighted = notified = 0
    # One event per report escalated, by nobody (a system job), in the job's one transaction.
    escalated: list[tuple[int, int]] = []
    with writing(None, subject_type="report") as step:
        waiting = (
            # of=("self",): PostgreSQL cannot lock the nullable side of the
            # outer join that select_related makes for allocated_to.
            ReportOfConcern.objects.select_for_update(of=("self",))
            .filter(
                status=ReportOfConcern.Status.OPEN,
                responded_at__isnull=True,
                response_due_at__isnull=False,
                escalation_level__lt=2,
            )
            .select_related("allocated_to", "site")
        )
        for report in waiting:
            assert report.response_due_at is not None
            window = (report.response_due_at - report.received_at).total_seconds()
            used = (now - report.received_at).total_seconds() / window if window > 0 else 1.0
            level = (
                2 if used >= policy.escalate_notify_fraction else 1 if used >= policy.escalate_highlight_fraction else 0
            )
            if level <= report.escalation_level:
                continue
            if level == 2:
                supervisor = (report.allocated_to.supervisor if report.allocated_to else None) or User.objects.filter(
                    role=Role.SUPERVISOR, site_id=report.site_id, is_active=True
                ).order_by("pk").first()
                if supervisor is not None:
                    notification_send(
                        users=[supervisor],
                        kind=Notification.Kind.REPORT_ESCALATED,
                        email_text=(
                            f"A report at {report.site.name} is due in {clocks.humanise(report.response_due_at - now)}"
                            " and has no response yet."
                        ),
                        text=(
                            f"Report {report.reference} is due in {clocks.humanise(report.response_due_at - now)}"
                            " and has no response yet."
                        ),
                        about="report",
                        about_id=report.pk,
                    )
                notified += 1
            else:
                highlighted += 1
            report.escalation_level = level
            report.save(update_fields=["escalation_level"])
            escalated.append((report.pk, level))
        if not escalated:
            step.nothing_done()
        for index, (report_id, level) in enumerate(escalated):
            if index == 0:
                step.subject_ids, step.relationship = [report_id], f"level:{level}"
            else:
                step.also(AuditAction.REPORT_ESCALATE, subject_type="report", subject_ids=[report_id],
                          relationship=f"level:{level}")  # fmt: skip
    return highlighted, notified
