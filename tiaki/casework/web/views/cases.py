"""Case pages: the worker's cases, opening a case, the case page (children,
tasks, timeline, notes, and the team's actions) and tasks; notes and their
corrections are in tiaki.casework.web.views.notes. Views parse input, call one
service or selector (tiaki.casework), and render; a refused or stale change
comes back as a form error with what the user typed (400, or 409 when someone
else saved first).

A page that changes a case declares its permission with ``requires``, which
checks the role (audited) before the form is looked at; whether the actor may
record on this case comes from the selector (``case_get(to_record=True)``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.access.ids import record_id
from tiaki.casework import services as casework
from tiaki.casework.models import Case, CaseEvent
from tiaki.casework.selectors.cases import CaseView, case_get, case_list_for
from tiaki.casework.selectors.person_work import person_casework
from tiaki.casework.services import CaseworkError, OpenCaseExists
from tiaki.casework.web.forms.cases import (
    CareForm,
    CaseOpenForm,
    CloseForm,
    DecideForm,
    ParticipantForm,
    PhaseForm,
    ReallocateForm,
    TaskForm,
)
from tiaki.casework.web.service_errors import show_error
from tiaki.drafts.web import restore as drafts
from tiaki.intake.selectors import workload
from tiaki.intake.selectors.report import report_get
from tiaki.people.selectors.record import person_get
from tiaki.web.requests import actor_of


def _done(request: HttpRequest, message: str, case_id: int) -> HttpResponse:
    messages.success(request, message)
    return redirect("web:case-detail", case_id=case_id)


# --- Your cases and opening one ---------------------------------------------------


@personal_data(Permission.CASE_READ)
@require_GET
def case_list_page(request: HttpRequest) -> HttpResponse:
    cases = case_list_for(actor=actor_of(request))
    return render(request, "casework/list.html", {"cases": cases})


def _digits(value: str | None) -> int | None:
    # record_id: a number no record can have (2^63, a thousand digits) is None too.
    return record_id(value or "") or None


@requires(Permission.CASE_CREATE)
@require_http_methods(["GET", "POST"])
def case_open_page(request: HttpRequest) -> HttpResponse:
    """Open a case from a report (its children and adults join it) or for one child."""
    actor = actor_of(request)
    source = request.POST if request.method == "POST" else request.GET
    report_id, person_id = _digits(source.get("report")), _digits(source.get("person"))
    if report_id is None and person_id is None:
        raise Http404
    form = CaseOpenForm(
        request.POST if request.method == "POST" else None, initial={"report": report_id, "person": person_id}
    )
    status = 200
    existing: list[tuple[int, str]] = []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = casework.case_open(
                    actor=actor, kind=form.cleaned_data["kind"], report_id=report_id,
                    child_ids=[person_id] if person_id is not None and report_id is None else [],
                    confirm_additional=form.cleaned_data["confirm_additional"],
                    additional_reason=form.cleaned_data["additional_reason"],
                )  # fmt: skip
            except OpenCaseExists as exc:
                existing = exc.cases
                status = 409
                form.add_error("confirm_additional", str(exc))
            except CaseworkError as exc:
                status = show_error(form, exc)
            else:
                return _done(request, f"Case {case.reference} opened. It is allocated to you.", case.pk)
    context: dict[str, Any] = {"form": form, "existing": existing}
    if report_id is not None:
        report = context["report"] = report_get(actor=actor, report_id=report_id)
        if not existing:
            # The report's own history of its children (those the reader may
            # read) lists the open cases they are on, in any role.
            context["existing"] = sorted(
                {(c.case_id, Case(pk=c.case_id).reference) for h in report.history if not h.restricted for c in h.cases}
            )
    else:
        assert person_id is not None
        context["person"] = person_get(actor=actor, person_id=person_id)
        if not existing:
            # Warn before the worker fills the form in, not only after.
            work = person_casework(actor=actor, person_id=person_id)
            existing = [(c.case_id, c.reference) for c in work.open_cases if c.as_child]
            context["existing"] = existing
    return render(request, "casework/open.html", context, status=status)


# --- The case page ------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    at: Any
    what: str
    detail: str
    by: str


def _label(choices: type[Case.Kind] | type[Case.ClosureReason], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _event_rows(events: list[CaseEvent]) -> list[EventRow]:
    """The case's dated changes in words: codes become labels (Case.Kind, Case.ClosureReason)."""
    rows = []
    for e in events:
        what = e.get_kind_display()
        if e.kind == CaseEvent.Kind.OPENED:
            what = f"Opened as {_label(Case.Kind, e.to_value).lower()}"
        elif e.kind == CaseEvent.Kind.PHASE:
            what = f"Moved from {_label(Case.Kind, e.from_value)} to {_label(Case.Kind, e.to_value)}"
        elif e.kind in (CaseEvent.Kind.CLOSURE_REQUESTED, CaseEvent.Kind.CLOSED) and e.to_value:
            what = f"{what}: {_label(Case.ClosureReason, e.to_value)}"
        by = (e.by.get_full_name() or e.by.username) if e.by else ""
        rows.append(EventRow(e.at, what, e.reason, by))
    return list(reversed(rows))  # newest first


def _care_form(view: CaseView, person_id: int, data: Any = None) -> CareForm:
    child = next(p for p in view.children if p.person_id == person_id)
    initial: dict[str, Any] = {"in_care_since": child.in_care_since}
    return CareForm(data, prefix=f"care-{person_id}", initial=initial)


def _case_page(
    request: HttpRequest,
    case_id: int,
    *,
    bound: dict[str, forms.Form] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page. ``bound`` holds a form that came back with errors,
    under its name (phase, close, decide, care-<person id>)."""
    view = case_get(actor=actor_of(request), case_id=case_id)
    bound = bound or {}
    case = view.case
    phase = bound.get("phase") or PhaseForm(prefix="phase", initial={"kind": case.kind})
    close = bound.get("close") or CloseForm(prefix="close")
    # Drafts are for those who may record here (draft_get refuses others).
    mine = view.may_record and not case.awaiting_closure
    draft = drafts.hook(actor_of(request), "casework.close", case_id, restore=mine and "close" not in bound)
    drafts.restore(close, draft.restored)
    participant = bound.get("participant") or ParticipantForm(prefix="participant")
    decide = bound.get("decide") or DecideForm(prefix="decide")
    care = [
        (child, bound.get(f"care-{child.person_id}") or _care_form(view, child.person_id)) for child in view.children
    ]
    context = {
        "view": view,
        "case": case,
        "events": _event_rows(view.events),
        "phase_form": phase,
        "close_form": close,
        "participant_form": participant,
        "decide_form": decide,
        "care_forms": care,
        "open_form": next(iter(bound), ""),
        "draft_hook": draft,
        # "Your unfinished work" on this case (tiaki.drafts).
        "unfinished": drafts.unfinished(actor_of(request), parent_id=case_id) if view.may_record else [],
        "unfinished_heading": "Your unfinished work on this case",
        "problems": problems or [],
        "may_reallocate": view.may_reallocate,
        "open_tasks": [t for t in view.tasks if t.done_at is None],
        "done_tasks": [t for t in view.tasks if t.done_at is not None],
    }
    return render(request, "casework/detail.html", context, status=status)


@personal_data(Permission.CASE_READ)
@require_GET
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_id)


@requires(Permission.CASE_UPDATE)
@require_POST
def case_phase_action(request: HttpRequest, case_id: int) -> HttpResponse:
    form = PhaseForm(request.POST, prefix="phase")
    status = 400
    if form.is_valid():
        try:
            case = casework.case_change_phase(
                actor=actor_of(request), case_id=case_id, kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"], version=form.cleaned_data["version"],
            )  # fmt: skip
        except CaseworkError as exc:
            status = show_error(form, exc)
        else:
            return _done(request, f"The case is now {case.get_kind_display().lower()}.", case_id)
    return _case_page(request, case_id, bound={"phase": form}, status=status)


@requires(Permission.CASE_UPDATE)
@require_POST
def case_care_action(request: HttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Record that a child on the case is in care (and how often they are
    visited), or, with ``action=end``, that they no longer are."""
    actor = actor_of(request)
    prefix = f"care-{person_id}"
    form = CareForm(request.POST, prefix=prefix)
    ending = request.POST.get("action") == "end"
    status = 400
    if ending or form.is_valid():
        try:
            casework.case_participant_care(
                actor=actor, case_id=case_id, person_id=person_id,
                in_care_since=None if ending else form.cleaned_data["in_care_since"],
                frequency_code="" if ending else form.cleaned_data["frequency"],
            )  # fmt: skip
        except CaseworkError as exc:
            if exc.field == "person":
                raise Http404 from exc
            status = show_error(form, exc, {"frequency": "frequency"})
        else:
            message = "Recorded: the child is no longer in care." if ending else "Recorded: the child is in care."
            return _done(request, message, case_id)
    return _case_page(request, case_id, bound={prefix: form}, status=status)


@requires(Permission.CASE_UPDATE)
@require_POST
def case_participant_add_action(request: HttpRequest, case_id: int) -> HttpResponse:
    """Add someone the worker may read to the case, by their person number."""
    actor = actor_of(request)
    form = ParticipantForm(request.POST, prefix="participant")
    status = 400
    if form.is_valid():
        try:
            casework.case_participant_add(
                actor=actor, case_id=case_id, person_id=form.cleaned_data["person"], role=form.cleaned_data["role"]
            )
        except Http404:
            # Out of reach and not on the register look the same, and nothing is said about either.
            form.add_error("person", "You cannot add that person: check the number, or open their record first.")
        except CaseworkError as exc:
            status = show_error(form, exc)
        else:
            return _done(request, "Added to the case.", case_id)
    return _case_page(request, case_id, bound={"participant": form}, status=status)


@requires(Permission.CASE_UPDATE)
@require_POST
def case_close_action(request: HttpRequest, case_id: int) -> HttpResponse:
    form = CloseForm(request.POST, prefix="close")
    status = 400
    if form.is_valid():
        try:
            casework.case_closure_request(
                actor=actor_of(request), case_id=case_id, reason=form.cleaned_data["reason"],
                summary=form.cleaned_data["summary"], version=form.cleaned_data["version"],
            )  # fmt: skip
        except CaseworkError as exc:
            status = show_error(form, exc)
        else:
            return _done(request, "Closure asked for. A supervisor will approve or decline it.", case_id)
    return _case_page(request, case_id, bound={"close": form}, status=status)


@requires(Permission.CASE_APPROVE)
@require_POST
def case_close_decide_action(request: HttpRequest, case_id: int) -> HttpResponse:
    form = DecideForm(request.POST, prefix="decide")
    status = 400
    if form.is_valid():
        approve = form.cleaned_data["approve"]
        try:
            casework.case_closure_decide(
                actor=actor_of(request), case_id=case_id, approve=approve, note=form.cleaned_data["note"]
            )
        except CaseworkError as exc:
            status = show_error(form, exc, {"note": "note"})
        else:
            message = "The case is closed." if approve else "Closure declined: the case stays open."
            return _done(request, message, case_id)
    return _case_page(request, case_id, bound={"decide": form}, status=status)


@requires(Permission.CASE_APPROVE)
@require_http_methods(["GET", "POST"])
def case_reallocate_page(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = case_get(actor=actor, case_id=case_id, to_record=True)
    workers = [
        (load.worker.pk, f"{load.worker.get_full_name() or load.worker.username} — weighted load {load.weighted:g}")
        for load in workload.allocation_candidates(site_id=view.case.site_id)
        if load.worker.pk != view.case.allocated_worker_id
    ]
    form = ReallocateForm(request.POST or None, workers=workers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = casework.case_reallocate(
                    actor=actor, case_id=case_id, worker_id=form.cleaned_data["worker"],
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc)
            else:
                name = case.allocated_worker.get_full_name() if case.allocated_worker else ""
                return _done(request, f"The case is now allocated to {name or 'the new worker'}.", case_id)
    return render(request, "casework/reallocate.html", {"view": view, "form": form}, status=status)


# --- Tasks ------------------------------------------------------------------------


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def task_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    form = TaskForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                casework.task_add(
                    actor=actor_of(request), case_id=case_id, title=form.cleaned_data["title"],
                    due_on=form.cleaned_data["due_on"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc)
            else:
                return _done(request, "Task added.", case_id)
    view = case_get(actor=actor_of(request), case_id=case_id, to_record=True)
    return render(request, "casework/task_add.html", {"view": view, "form": form}, status=status)


@requires(Permission.CASE_UPDATE)
@require_POST
def task_done_action(request: HttpRequest, task_id: int) -> HttpResponse:
    case_id = _digits(request.POST.get("case"))
    try:
        task = casework.task_complete(actor=actor_of(request), task_id=task_id)
    except CaseworkError as exc:
        if exc.field == "task" and case_id is None:
            raise Http404 from exc
        if case_id is None:
            raise
        return _case_page(request, case_id, problems=[str(exc)], status=400)
    return _done(request, f"Task done: {task.title}.", task.case_id)
