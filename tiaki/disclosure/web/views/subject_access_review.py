"""The review workspace and a release stage, as pages.

- ``/subject-access/<id>/review/``: everything gathered, grouped by domain
  and date, each item with its source, date, text (and versions), other
  people named, what is withheld from it; a form per item to withhold it or
  a passage (ground and reason); choosing items for a stage. POSTs name
  their ``action``: start (Tiaki withholds the notifiers it found), redact,
  prepare.
- ``/subject-access/redactions/<id>/remove/``: a reviewer's redaction removed.
- ``/subject-access/<id>/stages/<n>/``: a stage: its items, redactions and
  reasons, the pack preview link, approve (a second person), release
  (download, post, email: the pipeline's one-download page answers), the
  guard's findings when it stopped it.

Views parse input, call one service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.subject_access.review import Review, review_get, stage_get
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.subject_access.review import (
    redaction_add,
    redaction_remove,
    redactions_mark_automatic,
    stage_approve,
    stage_prepare,
    stage_release,
)
from tiaki.disclosure.subject_access.errors import SubjectAccessError
from tiaki.disclosure.web.forms.subject_access_review import FIELDS, RedactionForm, ReleaseForm, StageForm
from tiaki.disclosure.web.views.records import released_response
from tiaki.web.requests import actor_of


def _stage_keys(review: Review) -> list[tuple[str, str]]:
    return [(view.item.key, f"{view.item.source}: {view.item.title}") for _, views in review.groups for view in views]


def _not_ready(request: HttpRequest, request_id: int, error: SubjectAccessError) -> HttpResponse:
    context = {"request_id": request_id, "message": error.message}
    return render(request, "disclosure/subject_access/not_ready.html", context, status=409)


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """The review workspace of a request."""
    actor = actor_of(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    redact_form = RedactionForm(request.POST if action == "redact" else None)
    status = 200
    try:
        if action == "start":
            made = redactions_mark_automatic(actor=actor, request_id=request_id)
            messages.success(
                request,
                f"Tiaki withheld {len(made)} passage{'s' if len(made) != 1 else ''} that "
                "would show who told us about a worry."
                if made
                else "Nothing new to withhold.",
            )
            return redirect("web:subject-access-review", request_id=request_id)
        if action == "redact":
            status = 400
            if redact_form.is_valid():
                data = redact_form.cleaned_data
                try:
                    redaction_add(
                        actor=actor,
                        request_id=request_id,
                        item_key=data["item_key"],
                        passage=data["passage"],
                        ground=data["ground"],
                        reason=data["reason"],
                    )
                except SubjectAccessError as exc:
                    redact_form.add_error(FIELDS.get(exc.field) or None, exc.message)
                else:
                    messages.success(request, "Withheld. The reason is shown to them in the pack.")
                    return redirect(reverse("web:subject-access-review", args=[request_id]) + "#redactions")
        review = review_get(actor=actor, request_id=request_id)
    except SubjectAccessError as exc:
        return _not_ready(request, request_id, exc)
    stage_form = StageForm(request.POST if action == "prepare" else None, keys=_stage_keys(review))
    if action == "prepare":
        status = 400
        if stage_form.is_valid():
            try:
                stage = stage_prepare(
                    actor=actor,
                    request_id=request_id,
                    title=stage_form.cleaned_data["title"],
                    item_keys=stage_form.cleaned_data["item_keys"],
                )
            except SubjectAccessError as exc:
                stage_form.add_error(FIELDS.get(exc.field) if exc.field in FIELDS else None, exc.message)
            else:
                messages.success(request, f"Stage {stage.number} is ready for a second person to approve.")
                return redirect("web:subject-access-stage", request_id=request_id, number=stage.number)
    context = {
        "review": review,
        "redact_form": redact_form,
        "stage_form": stage_form,
        "redact_key": redact_form["item_key"].value() if action == "redact" else "",
    }
    return render(request, "disclosure/subject_access/workspace.html", context, status=status)


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_POST
def redaction_remove_action(request: HttpRequest, redaction_id: int) -> HttpResponse:
    """Release again what a reviewer withheld (never Tiaki's own)."""
    back = request.POST.get("request", "")
    try:
        redaction_remove(actor=actor_of(request), redaction_id=redaction_id)
    except SubjectAccessError as exc:
        messages.error(request, f"{exc.message} Nothing was changed.")
    else:
        messages.success(request, "No longer withheld.")
    if back.isdigit():
        return redirect(reverse("web:subject-access-review", args=[int(back)]) + "#redactions")
    return redirect("web:home")


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_http_methods(["GET", "POST"])
def stage_page(request: HttpRequest, request_id: int, number: int) -> HttpResponse:
    """One stage: check it, approve it (a second person), release it."""
    actor = actor_of(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    release_form = ReleaseForm(request.POST if action == "release" else None)
    status = 200
    blocked: DisclosureBlocked | None = None
    error = ""
    try:
        view = stage_get(actor=actor, request_id=request_id, number=number)
    except SubjectAccessError as exc:
        return _not_ready(request, request_id, exc)
    if action == "approve":
        try:
            stage_approve(actor=actor, stage_id=view.stage.pk)
        except SubjectAccessError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, f"Stage {number} is approved: it can now be released.")
            return redirect("web:subject-access-stage", request_id=request_id, number=number)
    elif action == "release":
        status = 400
        if release_form.is_valid():
            try:
                released = stage_release(
                    actor=actor, stage_id=view.stage.pk, channel=release_form.cleaned_data["channel"]
                )
            except SubjectAccessError as exc:
                release_form.add_error("channel" if exc.field == "channel" else None, exc.message)
            except DisclosureBlocked as exc:
                blocked, status = exc, 409
            else:
                return released_response(request, released)
        if blocked is not None or release_form.errors:
            view = stage_get(actor=actor, request_id=request_id, number=number)
    context = {"view": view, "release_form": release_form, "blocked": blocked, "error": error}
    return render(request, "disclosure/subject_access/stage.html", context, status=status)
