"""A placement, a move and a manager's approval of an unapproved caregiver.
``?household=<id>&whanau_km=..&school_km=..`` (from placement search) fill the form in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.access.ids import record_id
from tiaki.care.selectors.history import care_history_get
from tiaki.care.services.placements import placement_approve, placement_move, placement_start
from tiaki.care.web.forms.episodes import MoveForm, PlacementForm
from tiaki.casework.services import CaseworkError
from tiaki.casework.web.service_errors import show_error
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of

_FIELDS: dict[str, str | None] = {"moved_on": "started_on", "version": None, "placement": None}


def _km(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def _prefill(request: HttpRequest) -> dict[str, Any]:
    household = request.GET.get("household", "")
    return {
        "household": record_id(household) if household.isdigit() else None,
        "distance_whanau_km": _km(request.GET.get("whanau_km")),
        "distance_school_km": _km(request.GET.get("school_km")),
        "planned": True,
    }


def _where(data: dict[str, Any]) -> dict[str, Any]:
    household = data["household"]
    return {
        "kind": data["kind"] or "kin", "household_id": household, "provider_name": data["provider_name"],
        "planned": data["planned"], "siblings_apart_reason": data["siblings_apart_reason"],
        "distance_whanau_km": data["distance_whanau_km"], "distance_school_km": data["distance_school_km"],
        "unapproved_reason": data["unapproved_reason"],
    }  # fmt: skip


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def placement_add_page(request: HttpRequest, child_id: int) -> HttpResponse:
    history = care_history_get(actor=actor_of(request), child_id=child_id)
    if not history.may_record:
        raise Http404
    if history.current_placement is not None:
        return redirect(reverse("web:placement-move", args=[child_id]) + ("?" + request.GET.urlencode()
                        if request.GET else ""))  # fmt: skip
    status = 200
    prefilled = bool(request.GET)
    draft = drafts.hook(
        actor_of(request), "care.placement", child_id, restore=request.method == "GET" and not prefilled
    )
    if request.method == "POST":
        form = PlacementForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement_start(actor=actor_of(request), child_id=child_id, started_on=data["started_on"],
                                move_reason=data["move_reason"], **_where(data))  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, "Placement recorded.")
                return redirect("web:care-history", child_id=child_id)
    else:
        form = PlacementForm(initial=_prefill(request))
        drafts.restore(form, draft.restored)
    context = {"form": form, "draft_hook": draft,
               "title": f"Add a placement for {history.child_name}", "caption": "Care history",
               "submit": "Record the placement", "back": reverse("web:care-history", args=[child_id])}  # fmt: skip
    return render(request, "care/form.html", context, status=status)


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def placement_move_page(request: HttpRequest, child_id: int) -> HttpResponse:
    history = care_history_get(actor=actor_of(request), child_id=child_id)
    current = history.current_placement
    if not history.may_record or current is None:
        raise Http404
    status = 200
    prefilled = bool(request.GET)
    draft = drafts.hook(actor_of(request), "care.move", child_id, restore=request.method == "GET" and not prefilled)
    if request.method == "POST":
        form = MoveForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement_move(
                    actor=actor_of(request), child_id=child_id, expected_version=data["version"],
                    moved_on=data["started_on"], end_reason=data["end_reason"], end_detail=data["end_detail"],
                    move_reason=data["move_reason"], **_where(data),
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, "Move recorded.")
                return redirect("web:care-history", child_id=child_id)
    else:
        form = MoveForm(initial=_prefill(request) | {"version": current.version})
        drafts.restore(form, draft.restored)
        form.initial["version"] = current.version  # the version shown now, not the draft's
    context = {"form": form, "draft_hook": draft,
               "title": f"Record a move for {history.child_name}", "caption": "Care history",
               "intro": f"They are placed with {current.placed_with} since {current.started_on.day} "
               f"{current.started_on:%B %Y}.",
               "submit": "Record the move", "back": reverse("web:care-history", args=[child_id])}  # fmt: skip
    return render(request, "care/form.html", context, status=status)


@requires(Permission.PLACEMENT_APPROVE)
@require_POST
def placement_approve_action(request: HttpRequest, placement_id: int) -> HttpResponse:
    version = request.POST.get("version", "")
    child_id = request.POST.get("child", "")
    try:
        placement = placement_approve(actor=actor_of(request), placement_id=placement_id,
                                      expected_version=int(version) if version.isdigit() else None)  # fmt: skip
    except CaseworkError as exc:
        messages.error(request, str(exc))
        if child_id.isdigit():
            return redirect("web:care-history", child_id=record_id(child_id))
        raise Http404 from None
    messages.success(request, "Placement approved. It stays marked until the household is approved.")
    return redirect("web:care-history", child_id=placement.child_id)
