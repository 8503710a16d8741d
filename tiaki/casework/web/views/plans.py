"""The child's plan (every version kept) and Family Group Conferences, as
pages. Views parse input, call the casework service or selector, and render;
a refused or stale save shows the user their own input again
(tiaki.casework.services)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.casework import services as casework
from tiaki.casework.models import FamilyGroupConference, PlanVersion
from tiaki.casework.selectors import case_get, fgc_get, plan_get
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.web.forms.records import (
    FgcRecordForm,
    FgcReferForm,
    PlanForm,
    goal_rows_from_plan,
    goal_rows_from_post,
    mark_row_date_errors,
    typed_initial,
)
from tiaki.casework.web.service_errors import row_error, show_error
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of

# --- Plans ------------------------------------------------------------------------


def _plan_initial(current: PlanVersion | None, fgc_id: int | None) -> dict[str, Any]:
    if current is None:
        return {"base_version": 0, "fgc": fgc_id}
    return {
        "base_version": current.number,
        "child_voice": current.child_voice,
        "whanau_views": current.whanau_views,
        "review_on": current.review_on,
        "fgc": fgc_id,
    }


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def plan_edit_page(request: HttpRequest, case_id: int, child_id: int) -> HttpResponse:
    """Make or change a child's plan. Two workers saving at once: the second
    is told who saved (409), sees their version beside the form and keeps
    what they typed, with the form now based on the saved version."""
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    child = next((c for c in view.children if c.person_id == child_id), None)
    if child is None:
        raise Http404
    plan = next((p for p in view.plans if p.child_id == child_id), None)
    current = view.current_plans.get(child_id)
    fgc_ids = {f.pk for f in view.fgcs}
    asked_fgc = request.GET.get("fgc", "")
    fgc_id = int(asked_fgc) if asked_fgc.isdigit() and int(asked_fgc) in fgc_ids else None
    kwargs: dict[str, Any] = {"child_name": child.name, "fgcs": view.fgcs}
    theirs: PlanVersion | None = None
    status = 200
    draft = drafts.hook(actor_of(request), "casework.plan", case_id, child_id, restore=request.method == "GET")
    if request.method == "GET":
        form = PlanForm(initial=_plan_initial(current, fgc_id), **kwargs)
        rows = goal_rows_from_plan(current.goals if current else ())
        if (kept := drafts.posted(draft.restored)) is not None:
            drafts.restore(form, draft.restored)
            rows = goal_rows_from_post(kept)
    elif "add_goal" in request.POST:
        typed = PlanForm(request.POST, **kwargs)
        form = PlanForm(initial=typed_initial(typed), **kwargs)
        rows = goal_rows_from_post(request.POST, add=1)
    else:
        form = PlanForm(request.POST, **kwargs)
        rows = goal_rows_from_post(request.POST)
        status = 400
        if form.is_valid() and not mark_row_date_errors(rows):
            data = form.cleaned_data
            try:
                version = casework.plan_save(
                    actor=actor_of(request), case_id=case_id, child_id=child_id,
                    base_version=data["base_version"], goals=[row.as_service_row() for row in rows],
                    child_voice=data["child_voice"], whanau_views=data["whanau_views"], review_on=data["review_on"],
                    reason=data["reason"], fgc_id=data["fgc"],
                )  # fmt: skip
            except StaleVersion as exc:
                theirs = exc.current if isinstance(exc.current, PlanVersion) else None
                if theirs is None:
                    # Someone else started the plan first: show the one that now exists.
                    fresh = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
                    theirs = fresh.current_plans.get(child_id)
                form = _rebased(form, theirs, kwargs)
                form.add_error(None, str(exc))
                status = 409
            except CaseworkError as exc:
                if not row_error(rows, exc, "goals"):
                    show_error(form, exc)
            else:
                messages.success(request, f"{child.name}'s plan is saved (version {version.number}).")
                return redirect("web:plan-detail", plan_id=version.plan_id)
    context = {
        "view": view,
        "case": view.case,
        "child": child,
        "plan": plan,
        "current": current,
        "form": form,
        "rows": rows,
        "row_errors": [row for row in rows if row.error],
        "theirs": theirs,
        "draft_hook": draft,
    }
    return render(request, "casework/records/plan_edit.html", context, status=status)


def _rebased(form: PlanForm, theirs: PlanVersion | None, kwargs: dict[str, Any]) -> PlanForm:
    """The same typed form, now saving on top of the version someone else saved."""
    data = cast(QueryDict, form.data).copy()
    data["base_version"] = str(theirs.number if theirs else 0)
    rebased = PlanForm(data, **kwargs)
    rebased.is_valid()
    return rebased


@personal_data(Permission.CASE_READ)
@require_GET
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    history = plan_get(actor=actor_of(request), plan_id=plan_id)
    context = {
        "history": history,
        "case": history.case,
        "current": history.current,
        "earlier": history.versions[1:],
        "today": timezone.localdate(),
    }
    return render(request, "casework/records/plan_detail.html", context)


# --- Family Group Conferences -----------------------------------------------------


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def fgc_refer_page(request: HttpRequest, case_id: int) -> HttpResponse:
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    form = FgcReferForm(request.POST or None, site_id=view.case.site_id)
    draft = drafts.hook(actor_of(request), "casework.fgc_refer", case_id, restore=request.method == "GET")
    drafts.restore(form, draft.restored)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                fgc = casework.fgc_refer(
                    actor=actor_of(request), case_id=case_id, reason=form.cleaned_data["reason"],
                    coordinator_id=form.cleaned_data["coordinator"],
                )  # fmt: skip
            except CaseworkError as exc:
                show_error(form, exc)
            else:
                messages.success(request, "The case is referred to a Family Group Conference.")
                return redirect("web:fgc-detail", fgc_id=fgc.pk)
    context = {"view": view, "case": view.case, "form": form, "draft_hook": draft}
    return render(request, "casework/records/fgc_refer.html", context, status=status)


@personal_data(Permission.CASE_READ)
@require_GET
def fgc_page(request: HttpRequest, fgc_id: int) -> HttpResponse:
    found = fgc_get(actor=actor_of(request), fgc_id=fgc_id)
    context = {"fgc": found.fgc, "case": found.case, "may_record": found.may_record, "children": found.children}
    return render(request, "casework/records/fgc_detail.html", context)


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def fgc_record_page(request: HttpRequest, fgc_id: int) -> HttpResponse:
    actor = actor_of(request)
    fgc = fgc_get(actor=actor, fgc_id=fgc_id, to_record=True).fgc
    status = 200
    theirs: FamilyGroupConference | None = None
    draft = drafts.hook(actor, "casework.fgc_record", fgc_id, restore=request.method == "GET")
    if request.method == "GET":
        outcome = "" if fgc.outcome == FamilyGroupConference.Outcome.PENDING else fgc.outcome
        form = FgcRecordForm(initial={
            "version": fgc.version, "outcome": outcome, "held_on": fgc.held_on, "attendees": fgc.attendees,
            "agreed_plan": fgc.agreed_plan, "review_on": fgc.review_on,
        })  # fmt: skip
        drafts.restore(form, draft.restored)
    else:
        form = FgcRecordForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = casework.fgc_record(
                    actor=actor, fgc_id=fgc_id, version=data["version"], held_on=data["held_on"],
                    attendees=data["attendees"], outcome=data["outcome"], agreed_plan=data["agreed_plan"],
                    review_on=data["review_on"],
                )  # fmt: skip
            except StaleVersion as exc:
                theirs = exc.current if isinstance(exc.current, FamilyGroupConference) else fgc
                data_copy = cast(QueryDict, form.data).copy()
                data_copy["version"] = str(theirs.version)
                form = FgcRecordForm(data_copy)
                form.is_valid()
                form.add_error(None, str(exc))
                status = 409
            except CaseworkError as exc:
                show_error(form, exc)
            else:
                done = "The conference's outcome is recorded."
                if saved.outcome == FamilyGroupConference.Outcome.PLAN_AGREED:
                    done += " Record the agreed plan as each child's plan below."
                messages.success(request, done)
                return redirect("web:fgc-detail", fgc_id=fgc_id)
    context = {"fgc": fgc, "case": fgc.case, "form": form, "theirs": theirs, "draft_hook": draft}
    return render(request, "casework/records/fgc_record.html", context, status=status)
