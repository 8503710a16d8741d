"""Duplicate review: the queue, two records side by side, merge, "not the
same person", and undoing a merge."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import AccessDenied, Permission
from tiaki.access.declare import personal_data
from tiaki.access.ids import record_id
from tiaki.people.merging import MergeError, duplicate_dismiss, person_merge, person_unmerge
from tiaki.people.selectors.duplicates import duplicate_queue, person_compare
from tiaki.people.web.forms import MergeForm, UndoForm
from tiaki.web.requests import actor_of


@personal_data(Permission.PERSON_MERGE)
@require_GET
def duplicate_queue_page(request: HttpRequest) -> HttpResponse:
    pairs = duplicate_queue(actor=actor_of(request))
    return render(request, "people/duplicates.html", {"pairs": pairs})


@personal_data(Permission.PERSON_MERGE)
@require_http_methods(["GET", "POST"])
def compare_page(request: HttpRequest, left_id: int, right_id: int) -> HttpResponse:
    actor = actor_of(request)
    which = request.POST.get("form", "")
    merge_form = MergeForm(request.POST if which == "merge" else None)
    undo_form = UndoForm(request.POST if which.startswith("undo-") else None)
    status = 200
    try:
        if which == "merge" and merge_form.is_valid():
            keep_left = merge_form.cleaned_data["keep"] == "left"
            survivor, merged = (left_id, right_id) if keep_left else (right_id, left_id)
            person_merge(actor=actor, survivor_id=survivor, merged_id=merged, reason=merge_form.cleaned_data["reason"])
            messages.success(request, f"Merged: person {merged} is now part of person {survivor}. You can undo this.")
            return redirect("web:person-compare", left_id=survivor, right_id=merged)
        if which.startswith("undo-") and undo_form.is_valid():
            person_unmerge(
                actor=actor, merge_id=int(which.removeprefix("undo-")), reason=undo_form.cleaned_data["reason"]
            )
            messages.success(request, "The merge was undone: both records are as they were.")
            return redirect("web:person-compare", left_id=left_id, right_id=right_id)
        if which == "dismiss":
            duplicate_dismiss(actor=actor, candidate_id=record_id(request.POST.get("candidate", "")))
            messages.success(request, "Recorded: these are different people. They will not be suggested again.")
            return redirect("web:duplicates")
        if which:
            status = 400
    except (MergeError, ValueError) as exc:
        (undo_form if which.startswith("undo-") else merge_form).add_error(None, str(exc))
        status = 400
    except AccessDenied as exc:
        merge_form.add_error(None, str(exc.args[0]))
        status = 403
    comparison = person_compare(actor=actor, person_a_id=left_id, person_b_id=right_id)
    return render(
        request,
        "people/compare.html",
        {"c": comparison, "merge_form": merge_form, "undo_form": undo_form, "left_id": left_id, "right_id": right_id},
        status=status,
    )
