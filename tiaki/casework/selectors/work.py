"""A worker's day: what is due on their cases, soonest first, for the home
page's "Your work" and "Your team" panels (tiaki.home.panels).

What is due on a case: open tasks (overdue, or due within a fortnight),
statutory visits to a child in care (tiaki.casework.policy's frequency from
the day they came into care or were last seen), plan reviews, and a closure
waiting for the reader's approval. Like the case list (case_list_for) this is
one's own caseload, shown on every home page: not audited, and a role
without case access gets nothing rather than a refusal. A child sealed from
the reader (tiaki.access.sealed) is absent: not named, nothing about them due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.casework import placement_facts
from tiaki.casework.models import Case, CaseParticipant, Plan, PlanVersion, Task
from tiaki.casework.selectors.cases import last_visits, visit_due_on
from tiaki.casework.selectors.masking import user_name
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

#: How far ahead "due soon" looks.
SOON = dt.timedelta(days=14)


@dataclass(frozen=True)
class DueItem:
    #: "task", "visit", "plan-review" or "closure".
    kind: str
    text: str
    due_on: dt.date | None
    overdue: bool
    case_id: int
    #: The plan to review, for a plan review (else None: the case page).
    plan_id: int | None = None


@dataclass(frozen=True)
class CaseWork:
    case_id: int
    reference: str
    kind_label: str
    worker_name: str
    children: tuple[str, ...]
    #: Soonest first; the first is the case's next action.
    due: tuple[DueItem, ...]

    @property
    def next_action(self) -> DueItem | None:
        return self.due[0] if self.due else None

    @property
    def overdue(self) -> tuple[DueItem, ...]:
        return tuple(item for item in self.due if item.overdue)


@dataclass(frozen=True)
class Work:
    #: The reader's own open cases, those with something overdue first.
    mine: list[CaseWork]
    #: Open cases of the people the reader supervises that have something overdue.
    team: list[CaseWork]


@selector(AuditAction.CASE_READ)
def casework_work_for(*, actor: User, limit: int = 20, today: dt.date | None = None) -> Work:
    """The actor's open cases with what is due on each (their next action),
    and, for a supervisor or site manager, their team's cases with something
    overdue. Not audited (every home page shows it); nothing for a role
    without case access."""
    decision = scoping.list_decision(actor, Permission.CASE_READ)
    if not decision.allowed:
        return Work([], [])
    with reading(actor, decision=decision, subject_type="case") as step:
        step.nothing_done()
        return _work(actor, limit, today or timezone.localdate())


def _team_candidates(actor: User, team: list[int], today: dt.date) -> QuerySet[Case]:
    """The team's open cases that may have something overdue (an overdue
    task, a child in care, an overdue plan review, a closure to approve),
    so a site manager's thousands of cases are not all read to find them."""
    open_cases = Case.objects.filter(status=Case.Status.OPEN, allocated_worker_id__in=team)
    maybe = (
        Q(tasks__done_at__isnull=True, tasks__due_on__lt=today)
        | Q(participants__role=CaseParticipant.Role.CHILD, participants__in_care_since__isnull=False)
        | Q(plans__versions__number=F("plans__current_version"), plans__versions__review_on__lt=today)
    )
    if has_permission(actor, Permission.CASE_APPROVE):
        maybe |= Q(closure_requested_at__isnull=False)
    return open_cases.filter(pk__in=open_cases.filter(maybe).values("pk"))


def _work(actor: User, limit: int, today: dt.date) -> Work:
    team = [pk for pk in scoping.supervisees(actor) if pk != actor.pk]
    mine = Case.objects.filter(status=Case.Status.OPEN, allocated_worker=actor)
    cases = list(
        (mine | _team_candidates(actor, team, today) if team else mine)
        .select_related("allocated_worker")
        .order_by("-opened_at", "-pk")
    )
    ids = [c.pk for c in cases]
    due: dict[int, list[DueItem]] = {pk: [] for pk in ids}
    for task in Task.objects.filter(case_id__in=ids, done_at__isnull=True, due_on__lte=today + SOON).order_by("due_on"):
        own = task.assigned_to_id == actor.pk
        due[task.case_id].append(
            DueItem(
                "task",
                f"Task: {task.title}" + ("" if own else " (someone else's)"),
                task.due_on,
                task.due_on < today,
                task.case_id,
            )
        )
    children = list(
        CaseParticipant.objects.filter(case_id__in=ids, role=CaseParticipant.Role.CHILD).values_list(
            "case_id", "person_id", "in_care_since", "visit_frequency__interval_days"
        )
    )
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid, _, _ in children])
    children = [row for row in children if row[1] not in hidden]
    names = display_names({pid for _, pid, _, _ in children})
    seen = last_visits([pid for _, pid, since, _ in children if since])
    placed = placement_facts.placement_starts([pid for _, pid, since, _ in children if since])
    for case_id, person_id, since, every in children:
        if since is None or not every:
            continue
        on = visit_due_on(since, every, seen.get(person_id), placed.get(person_id))
        if on is not None and on <= today + SOON:
            name = names.get(person_id, "the child")
            due[case_id].append(DueItem("visit", f"Statutory visit to {name}", on, on < today, case_id))
    shown = {(case_id, pid) for case_id, pid, _, _ in children}
    plans = {
        (p.case_id, p.child_id): p for p in Plan.objects.filter(case_id__in=ids) if (p.case_id, p.child_id) in shown
    }
    reviews = PlanVersion.objects.filter(plan__in=list(plans.values()), review_on__lte=today + SOON).values_list(
        "plan_id", "number", "review_on"
    )
    by_plan = {p.pk: p for p in plans.values()}
    for plan_id, number, review_on in reviews:
        plan = by_plan[plan_id]
        if number == plan.current_version:
            name = names.get(plan.child_id, "the child")
            due[plan.case_id].append(
                DueItem("plan-review", f"Review {name}'s plan", review_on, review_on < today, plan.case_id, plan_id)
            )
    if has_permission(actor, Permission.CASE_APPROVE):
        for case in cases:
            if case.closure_requested_at is not None and case.closure_requested_by_id != actor.pk:
                due[case.pk].insert(0, DueItem("closure", "Closure waiting for your approval", None, False, case.pk))
    case_children: dict[int, list[str]] = {}
    for case_id, person_id, _, _ in children:
        case_children.setdefault(case_id, []).append(names.get(person_id, "Name not recorded"))

    def order(item: DueItem) -> tuple[bool, dt.date]:
        return (item.kind != "closure", item.due_on or dt.date.min)

    views = [
        CaseWork(
            c.pk,
            c.reference,
            c.get_kind_display(),
            user_name(c.allocated_worker),
            tuple(case_children.get(c.pk, [])),
            tuple(sorted(due[c.pk], key=order)),
        )
        for c in cases
    ]
    held = [v for v, c in zip(views, cases, strict=True) if c.allocated_worker_id == actor.pk]
    held.sort(key=lambda v: not v.overdue)  # stable: most recently opened first within each
    theirs = [v for v, c in zip(views, cases, strict=True) if c.allocated_worker_id != actor.pk and v.overdue]
    return Work(held[:limit], theirs[:limit])
