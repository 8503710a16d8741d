"""The home page's "Your work" and "Your team" panels: a worker's cases with
their next action and what is overdue (tiaki.casework.selectors.work), the
reports waiting for their first response, and for a supervisor or site
manager their team's overdue work and the reports waiting for a social
worker (tiaki.intake.selectors.own). Each item links to where it is done;
an empty panel says what to do. The selectors are not audited (every home
page shows them); the pages the links open are.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tiaki.casework.selectors.work import CaseWork, DueItem, Work, casework_work_for
from tiaki.home.panel import Item, Link, Panel
from tiaki.intake.selectors.own import queue_waiting_for, reports_awaiting_response_for, reports_recorded_by_for
from tiaki.staff.models import User


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _due(item: DueItem, today: dt.date) -> str:
    if item.due_on is None:
        return item.text
    if item.overdue:
        days = (today - item.due_on).days
        return f"{item.text}: overdue by {days} day{'s' if days != 1 else ''} (due {_day(item.due_on)})"
    return f"{item.text}: due {_day(item.due_on)}"


def _item_url(item: DueItem) -> str:
    if item.plan_id is not None:
        return reverse("web:plan-detail", args=[item.plan_id])
    return reverse("web:case-detail", args=[item.case_id])


def _case_items(cases: list[CaseWork], today: dt.date, *, with_worker: bool = False) -> list[Item]:
    items = []
    for case in cases:
        who = ", ".join(case.children) or "no child shown"
        text = f"{case.reference}: {who}" + (f" ({case.worker_name})" if with_worker else "")
        overdue = case.overdue
        if overdue:
            detail = "; ".join(_due(d, today) for d in overdue)
        elif case.next_action is not None:
            detail = "Next: " + _due(case.next_action, today)
        else:
            detail = f"{case.kind_label}: nothing due in the next fortnight"
        items.append(Item(text, reverse("web:case-detail", args=[case.case_id]), detail, bool(overdue)))
        # Overdue plan reviews link to the plan itself, beside their case.
        items.extend(
            Item(_due(d, today), _item_url(d), case.reference, d.overdue)
            for d in case.due
            if d.plan_id is not None and d.overdue
        )
    return items


def your_work(user: User, work: Work | None = None, *, allocates: bool = False) -> Panel:
    """The actor's own cases and reports; ``work`` if already read;
    ``allocates``: the actor allocates work themselves (a supervisor)."""
    today = timezone.localdate()
    work = work or casework_work_for(actor=user)
    items = _case_items(work.mine, today)
    for report in reports_awaiting_response_for(actor=user):
        detail = "First response " + (
            f"overdue by {report.remaining.removeprefix('overdue by ')}"
            if report.overdue
            else (f"due in {report.remaining}" if report.remaining else "not yet recorded")
        )
        items.append(Item(f"Report {report.reference}", reverse("web:intake-report", args=[report.report_id]),
                          detail, report.overdue))  # fmt: skip
    return Panel(
        "Your work",
        "Your cases, what is due next and what is overdue, and reports waiting for your first response.",
        [Link("All your cases", reverse("web:case-list"))],
        items,
        empty="You hold no cases yourself. Your team's are below and under Team cases."
        if allocates
        else "You have no cases allocated. Your supervisor allocates cases from the queue.",
    )


def your_team(user: User, work: Work | None = None) -> Panel:
    """The overdue work on the cases of the people the actor supervises, and
    the reports waiting in their queue for a social worker."""
    today = timezone.localdate()
    work = work or casework_work_for(actor=user)
    items = _case_items(work.team, today, with_worker=True)
    waiting = queue_waiting_for(actor=user)
    if waiting.unallocated:
        parts = [f"{waiting.to_allocate} decided and waiting for a social worker"]
        if waiting.overdue:
            parts.append(f"{waiting.overdue} past the response deadline")
        items.insert(0, Item(
            f"{waiting.unallocated} unallocated report{'s' if waiting.unallocated != 1 else ''} in the queue",
            reverse("web:intake-queue"), "; ".join(parts), bool(waiting.overdue),
        ))  # fmt: skip
    return Panel(
        "Your team",
        "Overdue work on the cases of the people you supervise, and reports waiting for a social worker.",
        [Link("Allocation queue", reverse("web:intake-queue")), Link("Team cases", reverse("web:case-list"))],
        items,
        empty="Nothing on your team's cases is overdue, and no report is waiting for a social worker.",
    )


def your_reports(user: User) -> Panel:
    """The reports the actor recorded lately, each linked, with where it has got to."""
    items = []
    for report in reports_recorded_by_for(actor=user):
        received = timezone.localtime(report.received_at)
        detail = f"Received {received.day} {received:%B, %H:%M}: {report.stage_label.lower()}"
        items.append(Item(f"Report {report.reference}", reverse("web:intake-report", args=[report.report_id]), detail))
    return Panel(
        "Reports you recorded",
        "The reports you took in the last fortnight, and where each has got to.",
        [Link("Record a report of concern", reverse("web:intake-new"))],
        items,
        empty="You have recorded no reports in the last fortnight.",
    )
