"""The allocation queue: open, unallocated reports at the actor's reach, a
child said to be unsafe right now first, then soonest deadline first
(issue 5, "The queue"; issue 12).

Reach is tiaki.intake.reach.report_decision's ``site-queue`` rule (a supervisor or site
manager at the report's site) and its ``intake-duty`` rule, written once as a
query rather than decided row by row. The queue shows the children's names:
a report's children are part of the report, which the queue holder may read
through that same relationship, and the allocating supervisor needs them to
recognise a known family or keep siblings together. A record sealed from
the actor (tiaki.access.sealed: sealed, or linked to the actor by a
StaffSubjectLink, without a grant) is absent: not named, no placeholder, not
counted. One REPORT_READ audit event per page lists the reports shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.models import IntakeDuty
from tiaki.access.paths import reading, selector
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.intake import clocks
from tiaki.intake import policy as intake_policy
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson
from tiaki.intake.reach import report_decision
from tiaki.intake.selectors import family_work, workload
from tiaki.people.models import PersonName
from tiaki.staff.models import Site, Team, User

Stage = ReportOfConcern.Stage
PAGE_SIZE = 50
#: Waiting for a decision, or decided and needing a social worker.
QUEUE_STAGES = (Stage.RECEIVED, Stage.AWAITING_APPROVAL, Stage.DECIDED)
#: Undecided reports have no timeframe yet: after every ranked one at the same deadline.
UNRANKED = 99
_QUEUE_ROLES = frozenset({Role.SUPERVISOR, Role.SITE_MANAGER})


@dataclass(frozen=True)
class QueueItem:
    report_id: int
    reference: str
    site_name: str
    stage: str
    stage_label: str
    timeframe_label: str
    deadline: dt.datetime
    deadline_kind: str  # "response" or "decision"
    remaining: str
    overdue: bool
    escalation_level: int
    version: int
    children: list[str]
    child_count: int
    concerns: list[str]
    #: The notifier said a child is unsafe right now (flagged on the row).
    unsafe_now: bool = False
    #: Unsafe now and not lowered by a decision: sorted before every other report
    #: (tiaki.intake.clocks.immediate).
    immediate: bool = False

    @property
    def allocatable(self) -> bool:
        return self.stage == Stage.DECIDED


@dataclass(frozen=True)
class Queue:
    page: Page
    items: list[QueueItem]
    sites: list[Site]
    site_id: int | None


def queue_site_ids(actor: User, *, now: dt.datetime | None = None) -> list[int]:
    """The sites whose queue the actor holds: their own site as a supervisor
    or site manager, and any site where they are on intake duty now (the
    rules of tiaki.intake.reach.report_decision)."""
    now = now or timezone.now()
    sites = set(
        IntakeDuty.objects.filter(user=actor, starts_at__lte=now, ends_at__gt=now).values_list("site_id", flat=True)
    )
    if actor.role in _QUEUE_ROLES and actor.site_id is not None:
        sites.add(actor.site_id)
    return sorted(sites)


def _queue_decision(actor: User) -> scoping.Decision:
    """Holding a queue needs the permission to allocate, and induction
    (a refusal is a 403: the queue's existence is no secret)."""
    if not has_permission(actor, Permission.REPORT_ALLOCATE):
        return scoping.refuse(scoping.PERMISSION_MISSING)
    return scoping.list_decision(actor, Permission.REPORT_READ)


@selector(AuditAction.REPORT_READ)
def report_queue(
    *, actor: User, site_id: int | None = None, page_number: int | str = 1, now: dt.datetime | None = None
) -> Queue:
    """Open unallocated reports at the actor's reach: a child said to be
    unsafe right now first (tiaki.intake.clocks.immediate), then by deadline
    (response due, else the decision deadline, tiaki.intake.clocks.deadline),
    then urgency; 50 a page. Uses the (stage, response_due_at) index."""
    with reading(actor, decision=_queue_decision(actor), subject_type="report") as step:
        now = now or timezone.now()
        queue, chosen = _queue(actor, site_id=site_id, page_number=page_number, now=now)
        step.subject_ids = [item.report_id for item in queue.items]
        step.relationship = "site-queue:" + ",".join(str(s) for s in chosen)
        return queue


def _queue(actor: User, *, site_id: int | None, page_number: int | str, now: dt.datetime) -> tuple[Queue, list[int]]:
    """The page of the queue, and the sites it is drawn from."""
    reach = queue_site_ids(actor, now=now)
    sites = list(Site.objects.filter(pk__in=reach).order_by("name"))
    chosen = [site_id] if site_id in reach else reach
    policy = intake_policy.triage_policy()
    ordered = intake_policy.timeframes()
    timeframes = {tf.code: tf for tf in ordered}
    rank = Case(
        *[When(timeframe=code, then=Value(tf.urgency_rank)) for code, tf in timeframes.items()],
        default=Value(UNRANKED),
        output_field=IntegerField(),
    )

    def after_receipt(hours: int) -> ExpressionWrapper:
        return ExpressionWrapper(F("received_at") + dt.timedelta(hours=hours), output_field=DateTimeField())

    # The same deadlines as tiaki.intake.clocks.deadline, in SQL to sort by.
    decision_due = Case(
        When(child_unsafe_now=True, then=after_receipt(clocks.decision_hours(policy, unsafe_now=True))),
        default=after_receipt(clocks.decision_hours(policy, unsafe_now=False)),
        output_field=DateTimeField(),
    )
    # Less urgent than the most urgent timeframe: a decision lowered it (with a reason).
    lowered = [tf.code for tf in ordered if ordered and tf.urgency_rank > ordered[0].urgency_rank]
    first = Case(
        When(Q(child_unsafe_now=True) & ~Q(timeframe__in=lowered), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = (
        ReportOfConcern.objects.filter(
            stage__in=QUEUE_STAGES, status=ReportOfConcern.Status.OPEN, allocated_to__isnull=True, site_id__in=chosen
        )
        .annotate(first=first, deadline=Coalesce("response_due_at", decision_due), rank=rank)
        .order_by("first", "deadline", "rank", "received_at", "pk")
        .values(
            "pk", "reference", "site__name", "stage", "timeframe", "deadline", "response_due_at", "escalation_level",
            "version", "child_unsafe_now",
        )
    )  # fmt: skip
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    reports = list(page.object_list)
    ids = [r["pk"] for r in reports]
    children, counts = _children(actor, ids)
    concerns: dict[int, list[str]] = defaultdict(list)
    labels = dict(ReportConcern.Category.choices)
    for report_id, category in (
        ReportConcern.objects.filter(report_id__in=ids).order_by("category").values_list("report_id", "category")
    ):
        concerns[report_id].append(labels.get(category, category))
    stage_labels = dict(Stage.choices)
    items = []
    for r in reports:
        remaining = r["deadline"] - now
        tf = timeframes.get(r["timeframe"])
        items.append(
            QueueItem(
                report_id=r["pk"], reference=r["reference"], site_name=r["site__name"], stage=r["stage"],
                stage_label=stage_labels[r["stage"]], timeframe_label=tf.label if tf else "Not decided yet",
                deadline=r["deadline"], deadline_kind="response" if r["response_due_at"] else "decision",
                remaining=clocks.humanise(remaining), overdue=remaining.total_seconds() < 0,
                escalation_level=r["escalation_level"], version=r["version"], children=children.get(r["pk"], []),
                child_count=counts.get(r["pk"], 0), concerns=concerns.get(r["pk"], []),
                unsafe_now=r["child_unsafe_now"],
                immediate=clocks.immediate(
                    unsafe_now=r["child_unsafe_now"], timeframe_code=r["timeframe"], timeframes=ordered
                ),
            )
        )  # fmt: skip
    return Queue(page=page, items=items, sites=sites, site_id=site_id if site_id in reach else None), chosen


def _children(actor: User, report_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, int]]:
    links = list(
        ReportPerson.objects.filter(report_id__in=report_ids, role=ReportPerson.Role.CHILD).values_list(
            "report_id", "person_id"
        )
    )
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid in links])
    by_report: dict[int, list[int]] = defaultdict(list)
    for report_id, person_id in links:
        if person_id not in hidden:
            by_report[report_id].append(person_id)
    person_ids = {pid for pids in by_report.values() for pid in pids}
    names = {
        pid: f"{given} {family}".strip()
        for pid, given, family in PersonName.objects.filter(person_id__in=person_ids, is_primary=True).values_list(
            "person_id", "given_names", "family_name"
        )
    }
    shown = {
        report_id: sorted(names.get(pid, "Name not recorded") for pid in pids) for report_id, pids in by_report.items()
    }
    return shown, {report_id: len(pids) for report_id, pids in by_report.items()}


@dataclass(frozen=True)
class AllocationSubject:
    report_id: int
    reference: str
    site_id: int
    site_name: str
    stage: str
    timeframe_label: str
    response_due_at: dt.datetime | None
    remaining: str
    escalation_level: int
    version: int
    allocated_to: str
    #: The site's teams to narrow the choice by, the team chosen (None: the
    #: whole site) and the workers it offers, least loaded first.
    teams: list[Team]
    team_id: int | None
    candidates: list[workload.WorkerLoad]
    #: Who already holds open cases of the report's children or their
    #: siblings (tiaki.intake.selectors.family_work), by name only.
    holders: list[family_work.CaseHolder] = field(default_factory=list)

    @property
    def choices(self) -> list[AllocationChoice]:
        """Each candidate once, with what they already hold of this family."""
        notes = {h.worker_id: h.note for h in self.holders}
        return [AllocationChoice(load, notes.get(load.worker.pk, "")) for load in self.candidates]

    @property
    def holders_not_listed(self) -> list[family_work.CaseHolder]:
        """Holders who are not among the candidates shown (another team, site or role)."""
        listed = {load.worker.pk for load in self.candidates}
        return [h for h in self.holders if h.worker_id not in listed]


@dataclass(frozen=True)
class AllocationChoice:
    load: workload.WorkerLoad
    family_note: str


@selector(AuditAction.REPORT_READ)
def report_for_allocation(
    *, actor: User, report_id: int, team_id: int | None = None, now: dt.datetime | None = None
) -> AllocationSubject:
    """The report as the allocation page shows it (no notifier, no narrative),
    with the workers it may go to and who already holds the family's cases
    (tiaki.intake.selectors.family_work): need-to-know by
    tiaki.intake.reach.report_decision, 404 outside the actor's reach."""
    now = now or timezone.now()
    gate = _queue_decision(actor)
    # Refused before any report is looked at, the refusal names none.
    decision = report_decision(actor, report_id, now=now) if gate.allowed else gate
    ids = [report_id] if gate.allowed else []
    with reading(actor, decision=decision, subject_type="report", subject_ids=ids):
        report = ReportOfConcern.objects.select_related("site", "allocated_to").get(pk=report_id)
        tf = intake_policy.timeframe(report.timeframe)
        teams = list(Team.objects.filter(site_id=report.site_id).order_by("name"))
        team_id = team_id if any(t.pk == team_id for t in teams) else None
        who = report.allocated_to
        return AllocationSubject(
            report_id=report.pk, reference=report.reference, site_id=report.site_id, site_name=report.site.name,
            stage=report.stage, timeframe_label=tf.label if tf else "", response_due_at=report.response_due_at,
            remaining=clocks.humanise(report.response_due_at - now) if report.response_due_at else "",
            escalation_level=report.escalation_level, version=report.version,
            allocated_to=(who.get_full_name() or who.username) if who else "", teams=teams, team_id=team_id,
            candidates=workload.allocation_candidates(site_id=report.site_id, team_id=team_id),
            holders=family_work.case_holders(actor, report.pk),
        )  # fmt: skip
