"""Reading a report of concern, and the history of the children on it.

report_get is the one read of a report for pages and exports: need-to-know
(tiaki.intake.reach.report_decision), the notifier masked unless the decision allows
SENSITIVE fields, and one audit event in the same transaction as the read;
it hands back what the reader may do next (tiaki.intake.next_steps).
The children's history (earlier reports, open cases, alerts) is shown in
detail only for people the reader may read (scoping.visible_person_ids);
for anyone else, counts only. Their open cases are casework's to tell
(tiaki.intake.case_facts)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.inbox.models import Notification
from tiaki.intake import clocks
from tiaki.intake import policy as intake_policy
from tiaki.intake.case_facts import OpenCase, case_facts
from tiaki.intake.models import (
    ReportConcern,
    ReportDraft,
    ReportOfConcern,
    ReportPerson,
    TriageDecision,
)
from tiaki.intake.next_steps import report_next_steps
from tiaki.intake.reach import report_decision
from tiaki.people.models import Person, PersonAlert
from tiaki.people.selectors.record import ALERT_MASKED, display_names
from tiaki.staff.models import User

NOTIFIER_MASKED = "Protected: you do not have access to the notifier's identity"


@dataclass(frozen=True)
class ReportPersonView:
    person_id: int
    name: str
    role: str
    role_label: str
    birth_date: dt.date | None


@dataclass(frozen=True)
class ConcernView:
    category: str
    label: str
    detail: str


@dataclass(frozen=True)
class DecisionView:
    id: int
    outcome: str
    outcome_label: str
    reasons: str
    timeframe_label: str
    lowered_reason: str
    decided_by_id: int
    decided_by_name: str
    decided_at: dt.datetime
    needs_approval: bool
    approval_rule: str
    approved_by_name: str
    approved_at: dt.datetime | None


@dataclass(frozen=True)
class EarlierReport:
    report_id: int
    reference: str
    received_at: dt.datetime
    stage_label: str


@dataclass(frozen=True)
class AlertLine:
    kind_label: str
    note: str


@dataclass(frozen=True)
class PersonHistory:
    """A linked child's history. ``restricted``: the reader may not read the
    person, so only the counts are filled in, never the details."""

    person_id: int | None
    name: str
    restricted: bool
    report_count: int
    open_case_count: int
    alert_count: int
    reports: tuple[EarlierReport, ...] = ()
    cases: tuple[OpenCase, ...] = ()
    alerts: tuple[AlertLine, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.report_count or self.open_case_count or self.alert_count)


@dataclass(frozen=True)
class AlertReceipt:
    """Who was told at once that a child was said to be unsafe right now
    (an urgent notice), when, and when they read it (None: not yet)."""

    user_id: int
    name: str
    notified_at: dt.datetime
    read_at: dt.datetime | None


@dataclass(frozen=True)
class ReportView:
    id: int
    reference: str
    site_id: int
    site_name: str
    received_at: dt.datetime
    channel: str
    channel_label: str
    status: str
    stage: str
    stage_label: str
    recorded_by_id: int | None
    allocated_to_id: int | None
    allocated_to_name: str
    notifier_visible: bool
    notifier_name: str
    notifier_relationship: str
    notifier_contact: str
    notifier_confidential: bool
    referrer_agency: str
    referrer_reference: str
    narrative: str
    immediate_safety: str
    child_unsafe_now: bool
    timeframe_code: str
    timeframe_label: str
    escalation_level: int
    version: int
    children: tuple[ReportPersonView, ...]
    adults: tuple[ReportPersonView, ...]
    concerns: tuple[ConcernView, ...]
    decisions: tuple[DecisionView, ...]
    clock: clocks.Clock
    history: tuple[PersonHistory, ...]
    relationship: str
    #: What the report waits on now, the same as the queue and the API show
    #: (tiaki.intake.clocks.deadline); None once responded to or closed.
    deadline: clocks.Deadline | None
    #: A child said to be unsafe right now, not lowered by a decision (tiaki.intake.clocks.immediate).
    immediate: bool
    #: The urgent notices sent when it was recorded, and when each was read.
    alert_receipts: tuple[AlertReceipt, ...]
    #: The reader recorded it and records reports: offer "Record another report".
    may_record_another: bool
    # What the reader may do next (tiaki.intake.next_steps.report_next_steps).
    may_triage: bool
    may_approve: bool
    may_allocate: bool
    may_respond: bool
    may_open_case: bool

    @property
    def latest_decision(self) -> DecisionView | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def highlighted(self) -> bool:
        return self.escalation_level >= 1


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _history(
    actor: User, person_ids: list[int], *, exclude_report_id: int | None, names: dict[int, str]
) -> list[PersonHistory]:
    """History of ``person_ids``: details for those ``actor`` may read, counts for the rest."""
    if not person_ids:
        return []
    visible = scoping.visible_person_ids(actor) & set(person_ids)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    links = ReportPerson.objects.filter(person_id__in=person_ids).select_related("report")
    if exclude_report_id is not None:
        links = links.exclude(report_id=exclude_report_id)
    reports: dict[int, list[EarlierReport]] = defaultdict(list)
    for link in links.order_by("-report__received_at"):
        r = link.report
        reports[link.person_id].append(EarlierReport(r.pk, r.reference, r.received_at, r.get_stage_display()))
    cases: dict[int, list[OpenCase]] = defaultdict(list, case_facts().open_cases_of(person_ids))
    today = timezone.localdate()
    alerts: dict[int, list[AlertLine]] = defaultdict(list)
    for alert in PersonAlert.objects.filter(person_id__in=person_ids).order_by("pk"):
        if alert.ended_on is not None and alert.ended_on < today:
            continue
        if sensitive:
            alerts[alert.person_id].append(AlertLine(alert.get_kind_display(), alert.note))
        else:
            alerts[alert.person_id].append(AlertLine("Safety alert", ALERT_MASKED))
    result = []
    for pid in person_ids:
        counts = (len(reports[pid]), len(cases[pid]), len(alerts[pid]))
        if pid in visible:
            result.append(
                PersonHistory(
                    pid,
                    names.get(pid, "Name not recorded"),
                    False,
                    *counts,
                    tuple(reports[pid]),
                    tuple(cases[pid]),
                    tuple(alerts[pid]),
                )
            )
        else:
            result.append(PersonHistory(None, "", True, *counts))
    return result


def _alert_receipts(report_id: int) -> tuple[AlertReceipt, ...]:
    notices = (
        Notification.objects.filter(about=Notification.About.REPORT, about_id=report_id, urgent=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return tuple(AlertReceipt(n.user_id, _user_name(n.user), n.created_at, n.read_at) for n in notices)


@selector(AuditAction.REPORT_READ)
def report_get(*, actor: User, report_id: int, now: dt.datetime | None = None) -> ReportView:
    """The report as ``actor`` may see it: 404 outside their reach, the
    notifier masked without SENSITIVE access (except for whoever recorded it,
    who typed it); one audit event for the read."""
    decision = report_decision(actor, report_id, now=now)
    with reading(actor, decision=decision, subject_type="report", subject_ids=[report_id]):
        report = ReportOfConcern.objects.select_related("site", "allocated_to").filter(pk=report_id).get()
        links = list(ReportPerson.objects.filter(report=report).select_related("person").order_by("pk"))
        # Sealed means absent: a person sealed from the reader is not on the
        # report's lists, nor in its children's history (tiaki.access.sealed).
        hidden = sealed.hidden_person_ids(actor, [link.person_id for link in links])
        links = [link for link in links if link.person_id not in hidden]
        names = display_names([link.person_id for link in links])
        people = [
            ReportPersonView(
                link.person_id,
                names.get(link.person_id, "Name not recorded"),
                link.role,
                link.get_role_display(),
                link.person.date_of_birth,
            )
            for link in links
        ]
        concerns = tuple(
            ConcernView(c.category, c.get_category_display(), c.detail)
            for c in ReportConcern.objects.filter(report=report).order_by("pk")
        )
        labels = {t.code: t.label for t in intake_policy.timeframes()}
        decisions = tuple(
            DecisionView(
                d.pk,
                d.outcome,
                d.get_outcome_display(),
                d.reasons,
                labels.get(d.timeframe, d.timeframe),
                d.lowered_reason,
                d.decided_by_id,
                _user_name(d.decided_by),
                d.decided_at,
                d.needs_approval,
                d.approval_rule,
                _user_name(d.approved_by),
                d.approved_at,
            )
            for d in TriageDecision.objects.filter(report=report)
            .select_related("decided_by", "approved_by")
            .order_by("decided_at", "pk")
        )
        children = [p for p in people if p.role == ReportPerson.Role.CHILD]
        history = _history(actor, [p.person_id for p in children], exclude_report_id=report.pk, names=names)
        # The recorder reads back what they typed; anyone else needs the field permission.
        show = decision.may_see_sensitive or (report.recorded_by_id is not None and report.recorded_by_id == actor.pk)
        latest = decisions[-1] if decisions else None
        now = now or timezone.now()
        policy = intake_policy.triage_policy()
        waiting = report.status == ReportOfConcern.Status.OPEN and report.responded_at is None
        deadline = (
            clocks.deadline(
                received_at=report.received_at, response_due_at=report.response_due_at,
                unsafe_now=report.child_unsafe_now, policy=policy, now=now,
            )
            if waiting
            else None
        )  # fmt: skip
        steps = report_next_steps(
            actor, stage=report.stage, status=report.status, allocated_to_id=report.allocated_to_id,
            responded=report.responded_at is not None, latest_decided_by_id=latest.decided_by_id if latest else None,
            recorded_by_id=report.recorded_by_id,
        )  # fmt: skip
        return ReportView(
            id=report.pk,
            reference=report.reference,
            site_id=report.site_id,
            site_name=str(report.site),
            received_at=report.received_at,
            channel=report.channel,
            channel_label=report.get_channel_display(),
            status=report.status,
            stage=report.stage,
            stage_label=report.get_stage_display(),
            recorded_by_id=report.recorded_by_id,
            allocated_to_id=report.allocated_to_id,
            allocated_to_name=_user_name(report.allocated_to),
            notifier_visible=show,
            notifier_name=report.notifier_name if show else NOTIFIER_MASKED,
            notifier_relationship=report.notifier_relationship if show else NOTIFIER_MASKED,
            notifier_contact=report.notifier_contact if show else NOTIFIER_MASKED,
            notifier_confidential=report.notifier_confidential,
            referrer_agency=report.referrer_agency,
            referrer_reference=report.referrer_reference,
            narrative=report.narrative,
            immediate_safety=report.immediate_safety,
            child_unsafe_now=report.child_unsafe_now,
            timeframe_code=report.timeframe,
            timeframe_label=labels.get(report.timeframe, ""),
            escalation_level=report.escalation_level,
            version=report.version,
            children=tuple(children),
            adults=tuple(p for p in people if p.role != ReportPerson.Role.CHILD),
            concerns=concerns,
            decisions=decisions,
            clock=clocks.Clock(
                received_at=report.received_at,
                decided_at=report.decided_at,
                due_at=report.response_due_at,
                responded_at=report.responded_at,
                now=now,
            ),
            history=tuple(history),
            relationship=decision.relationship,
            deadline=deadline,
            immediate=waiting
            and clocks.immediate(
                unsafe_now=report.child_unsafe_now,
                timeframe_code=report.timeframe,
                timeframes=intake_policy.timeframes(),
            ),
            alert_receipts=_alert_receipts(report.pk) if report.child_unsafe_now else (),
            may_record_another=steps.may_record_another,
            may_triage=steps.may_triage,
            may_approve=steps.may_approve,
            may_allocate=steps.may_allocate,
            may_respond=steps.may_respond,
            may_open_case=steps.may_open_case,
        )


@dataclass(frozen=True)
class LinkedPerson:
    """A person being linked to a new report, as the recorder may see them."""

    person_id: int
    name: str
    birth_date_text: str
    role: str
    role_label: str
    history: PersonHistory | None


@selector(AuditAction.PERSON_READ)
def report_link_candidates(*, actor: User, links: list[tuple[int, str]]) -> list[LinkedPerson]:
    """The people chosen on the record-a-report form (``(person_id, role)``),
    each with their history if a child. Only people the recorder may read are
    named (a search shows only those); others show as a number to check.
    One audit event for everyone shown."""
    ids = [pid for pid, _ in links]
    decision = scoping.list_decision(actor, Permission.PERSON_READ)
    with reading(actor, decision=decision, subject_type="person", subject_ids=ids, relationship="report-link") as step:
        result, visible = _linked_people(actor, links)
        step.subject_ids = sorted(visible)
        return result


def _linked_people(actor: User, links: list[tuple[int, str]]) -> tuple[list[LinkedPerson], set[int]]:
    """The rows, and the ids of the people the actor may read among them."""
    ids = [pid for pid, _ in links]
    visible = scoping.visible_person_ids(actor) & set(ids)
    # A person sealed from the recorder shows exactly as an id that does not
    # exist: a number, with no history and no counts (tiaki.access.sealed).
    hidden = sealed.hidden_person_ids(actor, ids)
    persons = Person.objects.in_bulk([pid for pid in ids if pid in visible])
    names = display_names(list(persons))
    children = [pid for pid, role in links if role == ReportPerson.Role.CHILD]
    history = {h.person_id: h for h in _history(actor, children, exclude_report_id=None, names=names)}
    roles = dict(ReportPerson.Role.choices)
    result = []
    for pid, role in links:
        person = persons.get(pid)
        birth = ""
        if person is not None and person.date_of_birth is not None:
            birth = (
                f"About {person.date_of_birth.year}"
                if person.birth_date_precision == Person.BirthDatePrecision.YEAR
                else f"{person.date_of_birth.day} {person.date_of_birth:%B %Y}"
            )
        child_history = None
        if role == ReportPerson.Role.CHILD:
            child_history = history.get(pid) if person is not None else None
            if child_history is None and person is None:
                restricted = _history(actor, [] if pid in hidden else [pid], exclude_report_id=None, names={})
                restricted = restricted or [PersonHistory(None, "", True, 0, 0, 0)]
                child_history = restricted[0] if restricted else None
        name = names.get(pid, "Name not recorded") if person is not None else f"Person number {pid}"
        result.append(LinkedPerson(pid, name, birth or "Not known", role, roles.get(role, role), child_history))
    return result, visible


@dataclass(frozen=True)
class DraftSummary:
    id: int
    updated_at: dt.datetime
    summary: str


@selector(AuditAction.REPORT_READ)
def report_drafts_for(*, actor: User) -> list[DraftSummary]:
    """The actor's own drafts, newest first (nobody else's: looked up by
    owner, so there is nothing to refuse)."""
    with reading(actor, subject_type="report_draft") as step:
        # One's own typing, not yet a record: listing it is not an event
        # (recording it is, report_record), as report_draft_get.
        step.nothing_done()
        drafts = list(ReportDraft.objects.filter(owner=actor).order_by("-updated_at")[:20])
    result = []
    for draft in drafts:
        data = draft.data if isinstance(draft.data, dict) else {}
        text = str(data.get("narrative") or data.get("notifier_name") or "")
        summary = (text[:60] + "…") if len(text) > 60 else text
        result.append(DraftSummary(draft.pk, draft.updated_at, summary or "Nothing typed yet"))
    return result


@selector(AuditAction.REPORT_READ)
def report_draft_get(*, actor: User, draft_id: int) -> dict[str, object] | None:
    """What the actor typed in their draft ``draft_id``; None if it is not theirs."""
    draft = ReportDraft.objects.filter(pk=draft_id, owner=actor).first()
    # Someone else's draft (or none) is refused, audited like any record out
    # of reach: a draft holds a notifier's account. The page says so rather
    # than answering 404, so the refusal is an answer here (None).
    decision = scoping.Decision(True) if draft is not None else scoping.refuse(scoping.NOT_FOUND)
    try:
        with reading(actor, decision=decision, subject_type="report_draft", subject_ids=[draft_id]) as step:
            # One's own typing, not yet a record: reading it back is not an
            # event (recording it is, report_record).
            step.nothing_done()
    except Http404:
        return None
    assert draft is not None
    return draft.data if isinstance(draft.data, dict) else {}


__all__ = [
    "NOTIFIER_MASKED",
    "DraftSummary",
    "LinkedPerson",
    "PersonHistory",
    "ReportView",
    "report_draft_get",
    "report_drafts_for",
    "report_get",
    "report_link_candidates",
]
