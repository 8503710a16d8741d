"""Opening a case, changing its phase or worker, tasks, children in care, and
closure: asked for by the worker with reasons, approved by a supervisor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from tiaki.access import Permission, require, scoping, sealed
from tiaki.access.enforcement import enforce
from tiaki.access.ids import NO_RECORD
from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import Case, CaseEvent, CaseParticipant, Task, VisitFrequency
from tiaki.casework.policy import visit_frequency
from tiaki.casework.services.case_path import case_for_write, child_ids, entered_text, write_decision
from tiaki.casework.services.errors import CaseworkError, ConflictOfInterest, OpenCaseExists, StaleVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.drafts.services import forget as forget_draft
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.intake.reach import report_decision
from tiaki.staff.models import User

Kind = ChronologyEntry.Kind


def _refuse_conflict(actor: User, worker: User, person_ids: Sequence[int], *, action: AuditAction,
                     subject_type: str, subject_ids: Sequence[int], message: str) -> None:  # fmt: skip
    """Raise ConflictOfInterest (audited) if ``worker`` may not hold work
    involving ``person_ids``. Called before the service's transaction, so
    the refusal's audit event is kept."""
    if sealed.allocation_conflict(actor=actor, worker=worker, person_ids=person_ids, action=action,
                                  subject_type=subject_type, subject_ids=subject_ids):  # fmt: skip
        raise ConflictOfInterest(message, "worker")


_NOT_THIS_WORKER = "This worker cannot be allocated: they have a personal connection to someone in this case."


def _event(
    case: Case, kind: str, actor: User, at: dt.datetime, *, old: str = "", new: str = "", reason: str = ""
) -> None:
    CaseEvent.objects.create(case=case, kind=kind, from_value=old, to_value=new, reason=reason, at=at, by=actor)


@service(AuditAction.CASE_OPEN, permission=Permission.CASE_CREATE)
def case_open(
    *,
    actor: User,
    kind: str,
    report_id: int | None = None,
    child_ids: Sequence[int] = (),
    adult_ids: Sequence[int] = (),
    worker_id: int | None = None,
    opened_at: dt.datetime | None = None,
    confirm_additional: bool = False,
    additional_reason: str = "",
) -> Case:
    """Open a case for children the actor may read, from a report they hold or
    directly. The actor holds it unless a supervisor allocates someone else
    (a social worker, a supervisor, or a trainee, who may then read it but
    not record on it). A case opened earlier (at a hui, say) is recorded at
    ``opened_at``: not in the future, not before the report came in. A child
    who already has an open case gets a second one only when the actor
    confirms it (``confirm_additional``) and says why: otherwise
    OpenCaseExists names the open cases, so the worker checks them first."""
    if kind not in Case.Kind.values:
        raise CaseworkError("Choose the kind of case.", "kind")
    children = list(dict.fromkeys(child_ids))
    adults = [pid for pid in dict.fromkeys(adult_ids) if pid not in children]
    if report_id is not None:
        enforce(actor, report_decision(actor, report_id), action=AuditAction.CASE_OPEN,
                subject_type="report", subject_ids=[report_id])  # fmt: skip
        for person_id, role in ReportPerson.objects.filter(report_id=report_id).values_list("person_id", "role"):
            if role == ReportPerson.Role.CHILD and person_id not in children:
                children.append(person_id)
            elif role != ReportPerson.Role.CHILD and person_id not in children and person_id not in adults:
                adults.append(person_id)
    if not children:
        raise CaseworkError("A case needs at least one child.", "children")
    for person_id in [*children, *adults]:
        enforce(actor, scoping.person_decision(actor, person_id), action=AuditAction.CASE_OPEN,
                subject_type="person", subject_ids=[person_id])  # fmt: skip
    worker = actor
    if worker_id is not None and worker_id != actor.pk:
        require(actor, Permission.CASE_APPROVE)
        found = User.objects.filter(
            pk=worker_id, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.TRAINEE]
        ).first()
        if found is None:
            raise CaseworkError("Choose an active social worker.", "worker")
        worker = found
    if worker.site_id is None:
        raise CaseworkError("The worker has no site: ask an administrator to set one.", "worker")
    _refuse_conflict(actor, worker, [*children, *adults], action=AuditAction.CASE_OPEN,
                     subject_type="report" if report_id is not None else "person",
                     subject_ids=[report_id] if report_id is not None else children,
                     message=_NOT_THIS_WORKER + " Choose another worker.")  # fmt: skip
    # After each child's decision: only their readers learn of their cases.
    reason = _additional_reason(children, confirm_additional, additional_reason)
    now = timezone.now()
    if opened_at is not None and opened_at > now + dt.timedelta(minutes=5):
        raise CaseworkError("The date the case was opened cannot be in the future.", "opened_at")
    # Each report and person was enforced above, one decision each.
    with writing(actor, subject_type="person", subject_ids=[*children, *adults]) as step:
        report = None
        if report_id is not None:
            report = ReportOfConcern.objects.select_for_update().get(pk=report_id)
        if opened_at is not None:
            if report is not None and opened_at < report.received_at:
                raise CaseworkError("The case cannot be opened before the report came in.", "opened_at")
            now = opened_at
        case = Case.objects.create(
            kind=kind, site_id=worker.site_id, team_id=worker.team_id, allocated_worker=worker, opened_at=now,
            opened_by=actor, origin_report=report,
        )  # fmt: skip
        CaseParticipant.objects.bulk_create(
            [CaseParticipant(case=case, person_id=pid, role=CaseParticipant.Role.CHILD) for pid in children]
            + [CaseParticipant(case=case, person_id=pid, role=CaseParticipant.Role.PARENT) for pid in adults]
        )
        _event(case, CaseEvent.Kind.OPENED, actor, now, new=kind, reason=reason)
        chronology_add(
            person_ids=children, kind=Kind.CASE, occurred_at=now, source_id=case.pk, case_id=case.pk,
            report_id=report_id, significant=True,
            title=f"{case.get_kind_display()} case opened ({case.reference})",
            summary=f"Allocated to {worker.get_full_name() or worker.username}."
            + (f" From report {report.reference}." if report else "")
            + (f" Opened alongside an open case: {reason}" if reason else ""),
        )  # fmt: skip
        if worker != actor:
            notification_send(users=[worker], kind=Notification.Kind.CASE_ALLOCATED,
                              text=f"Case {case.reference} is allocated to you.",
                              email_text="A case has been allocated to you.",
                              about="case", about_id=case.pk)  # fmt: skip
        step.relationship = f"case:{case.pk}"
    return case


ANOTHER_CASE = (
    "There is already an open case for {which}: {references}. Check it first: most work belongs on the "
    "open case. To open another case anyway, confirm it and say why."
)


def _additional_reason(children: Sequence[int], confirm: bool, reason: str) -> str:
    """The reason for a second open case, or "" when none is open; raises
    OpenCaseExists when one is and the actor has not confirmed."""
    open_cases = list(
        CaseParticipant.objects.filter(
            person_id__in=children, role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
        )
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .distinct()
    )
    if not open_cases:
        return ""
    if not confirm:
        references = ", ".join(Case(pk=pk).reference for pk in open_cases)
        which = "this child" if len(children) == 1 else "a child on it"
        raise OpenCaseExists(ANOTHER_CASE.format(which=which, references=references),
                             [(pk, Case(pk=pk).reference) for pk in open_cases])  # fmt: skip
    return entered_text(reason, "additional_reason", "why another case is needed", limit=2_000)


@service(AuditAction.CASE_UPDATE, permission=Permission.CASE_UPDATE)
def case_change_phase(*, actor: User, case_id: int, kind: str, reason: str, version: int) -> Case:
    """Move a case to another phase (assessment to ongoing care, say), with a reason."""
    if kind not in Case.Kind.values:
        raise CaseworkError("Choose the new phase.", "kind")
    reason = entered_text(reason, "reason", "the reason for the change", limit=5_000)
    with case_for_write(actor, case_id) as (case, step):
        _check_version(case, version)
        if case.kind == kind:
            raise CaseworkError("The case is already in that phase.", "kind")
        now = timezone.now()
        old = case.get_kind_display()
        _event(case, CaseEvent.Kind.PHASE, actor, now, old=case.kind, new=kind, reason=reason)
        case.kind, case.version = kind, case.version + 1
        case.save(update_fields=["kind", "version"])
        chronology_add(
            person_ids=child_ids(case.pk), kind=Kind.CASE, occurred_at=now, source_id=case.pk, case_id=case.pk,
            title=f"Case {case.reference} moved from {old} to {case.get_kind_display()}", summary=reason,
            significant=True,
        )  # fmt: skip
        step.relationship = "phase"
    return case


def _check_version(case: Case, version: int) -> None:
    if version != case.version:
        raise StaleVersion(
            "Someone else changed this case since you opened it. Nothing was saved: check the case and try again.",
            current=case,
        )


@service(AuditAction.CASE_UPDATE, permission=Permission.CASE_UPDATE)
def case_participant_add(*, actor: User, case_id: int, person_id: int, role: str) -> CaseParticipant:
    """Add a child or adult the case team may read (a newborn sibling, a new
    caregiver) to an open case. A child added joins the case's chronology
    from now on: an entry records the day they joined."""
    if role not in CaseParticipant.Role.values:
        raise CaseworkError("Choose their role on the case.", "role")
    enforce(actor, scoping.person_decision(actor, person_id), action=AuditAction.CASE_UPDATE,
            subject_type="person", subject_ids=[person_id])  # fmt: skip
    # The case team only learns of a conflict, before the write's transaction.
    decision = write_decision(actor, case_id)
    enforce(actor, decision, action=AuditAction.CASE_UPDATE, subject_type="case", subject_ids=[case_id])
    holder = User.objects.filter(allocated_cases__pk=case_id).first()
    if holder is not None:
        _refuse_conflict(actor, holder, [person_id], action=AuditAction.CASE_UPDATE, subject_type="case",
                         subject_ids=[case_id], message="This person cannot be added: the case's allocated worker "
                         "has a personal connection to them. Reallocate the case first.")  # fmt: skip
    with case_for_write(actor, case_id, decision=decision) as (case, step):
        if CaseParticipant.objects.filter(case=case, person_id=person_id).exists():
            raise CaseworkError("They are already on this case.", "person")
        participant = CaseParticipant.objects.create(case=case, person_id=person_id, role=role)
        if role == CaseParticipant.Role.CHILD:
            now = timezone.now()
            chronology_add(person_ids=[person_id], kind=Kind.CASE, occurred_at=now, source_id=case.pk,
                           case_id=case.pk, significant=True,
                           title=f"Added to {case.get_kind_display().lower()} case {case.reference}")  # fmt: skip
        step.subject_type, step.subject_ids = "person", [person_id]
        step.relationship = f"case:{case.pk}:participant"
    return participant


@service(AuditAction.CASE_UPDATE, permission=Permission.CASE_UPDATE)
def case_participant_care(
    *, actor: User, case_id: int, person_id: int, in_care_since: dt.date | None, frequency_code: str = ""
) -> CaseParticipant:
    """Record that a child on the case is in care (or no longer), and how
    often they must be visited (policy data; the default if not chosen)."""
    today = timezone.localdate()
    if in_care_since is not None and in_care_since > today:
        raise CaseworkError("The date a child came into care cannot be in the future.", "in_care_since")
    with case_for_write(actor, case_id) as (case, step):
        participant = CaseParticipant.objects.filter(
            case=case, person_id=person_id, role=CaseParticipant.Role.CHILD
        ).first()
        # A child sealed from the writer answers as one not on the case (tiaki.access.sealed).
        if participant is None or sealed.hidden_person_ids(actor, [person_id]):
            raise CaseworkError("That child is not on this case.", "person")
        frequency = None
        if in_care_since is not None:
            frequency = visit_frequency(frequency_code)
            if frequency is None:
                raise CaseworkError("Choose how often the child must be visited.", "frequency")
        participant.in_care_since, participant.visit_frequency = in_care_since, frequency
        participant.save(update_fields=["in_care_since", "visit_frequency"])
        step.subject_type, step.subject_ids = "person", [person_id]
        step.relationship = f"case:{case.pk}:care"
    return participant


@service(AuditAction.CASE_UPDATE, permission=Permission.CASE_APPROVE)
def case_reallocate(*, actor: User, case_id: int, worker_id: int, reason: str) -> Case:
    """A supervisor moves a case to another worker, with a reason; the new
    worker is told. Not to a worker with a personal connection to anyone on
    the case (ConflictOfInterest, audited)."""
    reason = entered_text(reason, "reason", "the reason", limit=5_000)
    worker = User.objects.filter(pk=worker_id, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR]).first()
    if worker is None:
        raise CaseworkError("Choose an active social worker.", "worker")
    # The case team only learns of a conflict, before the write's transaction.
    decision = write_decision(actor, case_id)
    enforce(actor, decision, action=AuditAction.CASE_UPDATE, subject_type="case", subject_ids=[case_id])
    people = list(CaseParticipant.objects.filter(case_id=case_id).values_list("person_id", flat=True))
    _refuse_conflict(actor, worker, people, action=AuditAction.CASE_UPDATE, subject_type="case",
                     subject_ids=[case_id], message=_NOT_THIS_WORKER + " Choose another worker.")  # fmt: skip
    with case_for_write(actor, case_id, decision=decision) as (case, step):
        if case.allocated_worker_id == worker.pk:
            raise CaseworkError("The case is already allocated to them.", "worker")
        now = timezone.now()
        _event(case, CaseEvent.Kind.REALLOCATED, actor, now, old=str(case.allocated_worker_id or ""),
               new=str(worker.pk), reason=reason)  # fmt: skip
        case.allocated_worker, case.team_id, case.version = worker, worker.team_id, case.version + 1
        case.save(update_fields=["allocated_worker", "team", "version"])
        notification_send(users=[worker], kind=Notification.Kind.CASE_ALLOCATED,
                          text=f"Case {case.reference} is now allocated to you.",
                          email_text="A case has been allocated to you.", about="case", about_id=case.pk)  # fmt: skip
        step.relationship = "reallocate"
    return case


@service(AuditAction.TASK_ADD, permission=Permission.CASE_UPDATE)
def task_add(*, actor: User, case_id: int, title: str, due_on: dt.date, assigned_to_id: int | None = None) -> Task:
    """Add a task with a due date to an open case; it goes to the allocated worker unless named."""
    title = entered_text(title, "title", "what needs doing", limit=200)
    if due_on < timezone.localdate():
        raise CaseworkError("The due date has already passed.", "due_on")
    with case_for_write(actor, case_id) as (case, step):
        assignee_id = assigned_to_id or case.allocated_worker_id or actor.pk
        if not User.objects.filter(pk=assignee_id, is_active=True).exists():
            raise CaseworkError("Choose an active staff member.", "assigned_to")
        task = Task.objects.create(case=case, title=title, due_on=due_on, assigned_to_id=assignee_id,
                                   created_by=actor, created_at=timezone.now())  # fmt: skip
        step.relationship = f"task:{task.pk}"
    return task


@service(AuditAction.TASK_COMPLETE, permission=Permission.CASE_UPDATE)
def task_complete(*, actor: User, task_id: int) -> Task:
    """Mark a task done (once)."""
    # A missing task is refused as a missing case (NO_RECORD): the same
    # statements, audit event and 404 as a task out of reach.
    case_id = Task.objects.filter(pk=task_id).values_list("case_id", flat=True).first() or NO_RECORD
    with case_for_write(actor, case_id) as (_, step):
        task = Task.objects.select_for_update().get(pk=task_id)
        if task.done_at is not None:
            raise CaseworkError("This task is already done.", "task")
        task.done_at, task.done_by = timezone.now(), actor
        task.save(update_fields=["done_at", "done_by"])
        step.relationship = f"task:{task.pk}"
    return task


@service(AuditAction.CASE_CLOSE_REQUEST, permission=Permission.CASE_UPDATE)
def case_closure_request(*, actor: User, case_id: int, reason: str, summary: str, version: int) -> Case:
    """Ask to close a case, with a reason and a closing summary; a supervisor
    (someone else) approves. Open tasks must be done first."""
    if reason not in Case.ClosureReason.values:
        raise CaseworkError("Choose why the case can close.", "reason")
    summary = entered_text(summary, "summary", "a closing summary", limit=20_000)
    with case_for_write(actor, case_id) as (case, _):
        _check_version(case, version)
        if case.closure_requested_at is not None:
            raise CaseworkError("Closure has already been asked for.", "reason")
        open_tasks = Task.objects.filter(case=case, done_at__isnull=True).count()
        if open_tasks:
            raise CaseworkError(f"Finish or hand over the {open_tasks} open task(s) first.", "reason")
        now = timezone.now()
        case.closure_reason, case.closure_summary = reason, summary
        case.closure_requested_at, case.closure_requested_by, case.version = now, actor, case.version + 1
        case.save(update_fields=["closure_reason", "closure_summary", "closure_requested_at",
                                 "closure_requested_by", "version"])  # fmt: skip
        _event(case, CaseEvent.Kind.CLOSURE_REQUESTED, actor, now, new=reason, reason=summary)
        approvers = [actor.supervisor] if actor.supervisor_id and actor.supervisor else []
        if not approvers:
            approvers = list(User.objects.filter(role=Role.SUPERVISOR, site_id=case.site_id, is_active=True)
                             .exclude(pk=actor.pk).order_by("pk")[:1])  # fmt: skip
        notification_send(users=approvers, kind=Notification.Kind.CASE_CLOSURE_APPROVAL,
                          text=f"Case {case.reference} is waiting for your approval to close.",
                          email_text="A case is waiting for your approval to close.",
                          about="case", about_id=case.pk)  # fmt: skip
        # The worker's draft of the closure request ends with the request.
        forget_draft(actor, "casework.close", case.pk)
    return case


# Declared under case.update, which a refused approval (the role) is audited
# under; what was done is audited as the close or the decline.
@service(AuditAction.CASE_UPDATE, permission=Permission.CASE_APPROVE)
def case_closure_decide(*, actor: User, case_id: int, approve: bool, note: str = "") -> Case:
    """A supervisor other than the one who asked approves the closure (the case
    closes) or declines it with a reason (it stays open)."""
    note = entered_text(note, "note", "why the closure is declined", required=not approve, limit=5_000)
    action = AuditAction.CASE_CLOSE if approve else AuditAction.CASE_CLOSE_DECLINE
    with case_for_write(actor, case_id, action=action) as (case, _):
        if case.closure_requested_at is None:
            raise CaseworkError("Nobody has asked to close this case.")
        if case.closure_requested_by_id == actor.pk:
            raise CaseworkError("Someone other than the person who asked must approve the closure.")
        now = timezone.now()
        if approve:
            case.status, case.closed_at, case.closed_by = Case.Status.CLOSED, now, actor
            _event(case, CaseEvent.Kind.CLOSED, actor, now, new=case.closure_reason, reason=note)
            chronology_add(
                person_ids=child_ids(case.pk), kind=Kind.CASE, occurred_at=now, source_id=case.pk, case_id=case.pk,
                significant=True, title=f"Case {case.reference} closed: {case.get_closure_reason_display()}",
                summary=case.closure_summary,
            )  # fmt: skip
        else:
            _event(case, CaseEvent.Kind.CLOSURE_DECLINED, actor, now, reason=note)
            case.closure_requested_at = None
            case.closure_requested_by = None
        case.version += 1
        case.save(update_fields=["status", "closed_at", "closed_by", "closure_requested_at",
                                 "closure_requested_by", "version"])  # fmt: skip
        worker = case.allocated_worker
        if worker is not None and worker.pk != actor.pk:
            verdict = "closed" if approve else "not closed: see the supervisor's reason"
            notification_send(
                users=[worker], kind=Notification.Kind.CASE_CLOSURE_DECIDED,
                text=f"Case {case.reference} is {verdict}.",
                email_text="A supervisor has approved closing your case." if approve
                else "A supervisor has declined closing your case: their reason is in Tiaki.",
                about="case", about_id=case.pk,
            )  # fmt: skip
    return case


@service(AuditAction.POLICY_UPDATE, permission=Permission.POLICY_MANAGE)
def visit_frequency_update(*, actor: User, code: str, interval_days: int) -> VisitFrequency:
    """Administrators set how often children in care must be visited (1 to 365 days)."""
    if not 1 <= interval_days <= 365:
        raise CaseworkError("Enter a number of days from 1 to 365.", "interval_days")
    with writing(actor, relationship=f"visit-frequency:{code}"):
        frequency = VisitFrequency.objects.select_for_update().filter(code=code).first()
        if frequency is None:
            raise CaseworkError("No such visit frequency.", "code")
        frequency.interval_days = interval_days
        frequency.save(update_fields=["interval_days"])
    return frequency
