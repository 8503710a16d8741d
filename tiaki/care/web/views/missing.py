"""A missing or away-from-placement episode, and the child's return."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.care.selectors.history import care_history_get, care_history_of_missing
from tiaki.care.services.missing import missing_record, missing_return
from tiaki.care.web.forms.episodes import MissingForm, ReturnForm
from tiaki.casework.services import CaseworkError
from tiaki.casework.web.service_errors import show_error
from tiaki.web.requests import actor_of

_FIELDS: dict[str, str | None] = {"started_at": "started_on", "returned_at": "returned_on",
                                  "conversation_at": "conversation_on", "version": None,
                                  "conversation_by": None}  # fmt: skip


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def missing_add_page(request: HttpRequest, child_id: int) -> HttpResponse:
    history = care_history_get(actor=actor_of(request), child_id=child_id)
    if not history.may_record or history.current_placement is None:
        raise Http404
    status = 200
    form = MissingForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.cleaned_data["started_at"] is not None:
            data = form.cleaned_data
            try:
                missing_record(
                    actor=actor_of(request), child_id=child_id, kind=data["kind"], started_at=data["started_at"],
                    reported_to_police=data["reported_to_police"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, "Missing episode recorded.")
                return redirect("web:care-history", child_id=child_id)
    context = {"form": form, "title": f"{history.child_name} is missing or away", "caption": "Care history",
               "submit": "Record it", "back": reverse("web:care-history", args=[child_id])}  # fmt: skip
    return render(request, "care/form.html", context, status=status)


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def missing_return_page(request: HttpRequest, missing_id: int) -> HttpResponse:
    history = care_history_of_missing(actor=actor_of(request), missing_id=missing_id)
    missing = history.open_missing
    if not history.may_record or missing is None or missing.id != missing_id:
        raise Http404
    status = 200
    if request.method == "POST":
        form = ReturnForm(request.POST)
        status = 400
        if form.is_valid() and form.cleaned_data["returned_at"] is not None:
            data = form.cleaned_data
            try:
                missing_return(
                    actor=actor_of(request), missing_id=missing_id, returned_at=data["returned_at"],
                    where_found=data["where_found"], conversation_at=data["conversation_at"],
                    conversation=data["conversation"], expected_version=data["version"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc, _FIELDS)
            else:
                messages.success(request, "Return recorded.")
                return redirect("web:care-history", child_id=history.child_id)
    else:
        form = ReturnForm(initial={"version": missing.version})
    context = {"form": form, "title": f"{history.child_name} came back", "caption": "Care history",
               "submit": "Record their return",
               "back": reverse("web:care-history", args=[history.child_id])}  # fmt: skip
    return render(request, "care/form.html", context, status=status)
