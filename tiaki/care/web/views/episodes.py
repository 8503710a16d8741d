"""Entering care (from the case page, for a child on the case) and leaving care."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.care.selectors.history import care_history_get
from tiaki.care.services.episodes import care_enter, care_leave
from tiaki.care.web.forms.episodes import EnterCareForm, LeaveCareForm
from tiaki.casework.selectors import case_get
from tiaki.casework.services import CaseworkError
from tiaki.casework.web.service_errors import show_error
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of

_FIELDS: dict[str, str | None] = {"child": None, "version": None}


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def care_enter_page(request: HttpRequest, case_id: int, child_id: int) -> HttpResponse:
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    child = next((c for c in view.children if c.person_id == child_id), None)
    if child is None:
        raise Http404
    orders = [(o.pk, f"{o.get_kind_display()}, made {o.made_on.day} {o.made_on:%B %Y}")
              for o in view.orders if o.child_id == child_id]  # fmt: skip
    status = 200
    draft = drafts.hook(actor_of(request), "care.enter", case_id, child_id, restore=request.method == "GET")
    if request.method == "POST":
        form = EnterCareForm(request.POST, orders=orders)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                care_enter(
                    actor=actor_of(request), case_id=case_id, child_id=child_id, entered_on=data["entered_on"],
                    legal_basis=data["legal_basis"], court_order_id=data["court_order"], reasons=data["reasons"],
                    main_reason=data["main_reason"], reasons_text=data["reasons_text"],
                    living_with=data["living_with"], living_with_detail=data["living_with_detail"],
                    child_views=data["child_views"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, f"{child.name} is recorded as in care.")
                return redirect("web:care-history", child_id=child_id)
    else:
        form = EnterCareForm(orders=orders)
        drafts.restore(form, draft.restored)
    context = {"form": form, "draft_hook": draft,
               "title": f"{child.name} comes into care", "caption": f"Case {view.case.reference}",
               "submit": "Record that they came into care",
               "back": reverse("web:case-detail", args=[case_id])}  # fmt: skip
    return render(request, "care/form.html", context, status=status)


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def care_leave_page(request: HttpRequest, child_id: int) -> HttpResponse:
    history = care_history_get(actor=actor_of(request), child_id=child_id)
    episode = history.open_episode
    if episode is None or not history.may_record:
        raise Http404
    status = 200
    draft = drafts.hook(actor_of(request), "care.leave", child_id, restore=request.method == "GET")
    if request.method == "POST":
        form = LeaveCareForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                care_leave(
                    actor=actor_of(request), child_id=child_id, left_on=data["left_on"],
                    leaving_reason=data["leaving_reason"], left_to=data["left_to"],
                    leaving_detail=data["leaving_detail"], expected_version=data["version"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, f"{history.child_name} is recorded as having left care.")
                return redirect("web:care-history", child_id=child_id)
    else:
        form = LeaveCareForm(initial={"version": episode.version})
        drafts.restore(form, draft.restored)
        form.initial["version"] = episode.version  # the version shown now, not the draft's
    context = {"form": form, "draft_hook": draft,
               "title": f"{history.child_name} leaves care", "caption": "Care history",
               "submit": "Record that they left care", "back": reverse("web:care-history", args=[child_id]),
               "history": history}  # fmt: skip
    return render(request, "care/form.html", context, status=status)
