"""Case notes as pages: recording a visit, call, meeting or other note on a
case, reading a note with every version, and correcting one (a new version
with a reason; the earlier ones stay). Views parse input, call one service or
selector (tiaki.casework), and render; a refused or stale change comes back as
a form error with what the user typed (400, or 409 when someone else saved
first)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.casework import services as casework
from tiaki.casework.selectors.cases import CaseView, case_get
from tiaki.casework.selectors.records import note_get
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.web.forms.cases import NoteCorrectForm, NoteForm
from tiaki.casework.web.service_errors import show_error
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of


def _note_form(view: CaseView, data: Any = None) -> NoteForm:
    children = [(child.person_id, child.name) for child in view.children]
    now = timezone.localtime()
    initial = {
        "occurred_on": now.date(),
        "occurred_time": now.strftime("%H:%M"),
        "about": [str(pid) for pid, _ in children],
    }
    return NoteForm(data, initial=initial, children=children)


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def note_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a visit, call, meeting or other note, dated when it happened."""
    view = case_get(actor=actor_of(request), case_id=case_id, to_record=True)
    form = _note_form(view, request.POST if request.method == "POST" else None)
    draft = drafts.hook(actor_of(request), "casework.note", case_id, restore=request.method == "GET")
    drafts.restore(form, draft.restored)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                note = casework.note_add(
                    actor=actor_of(request), case_id=case_id, kind=data["kind"], occurred_at=form.occurred_at,
                    title=data["title"], text=data["text"], about_ids=form.about_ids, child_seen=data["child_seen"],
                    significant=data["significant"], sensitive=data["sensitive"],
                )  # fmt: skip
            except CaseworkError as exc:
                status = show_error(form, exc)
            else:
                messages.success(request, "Note recorded.")
                return redirect("web:note-detail", note_id=note.pk)
    return render(request, "casework/note_add.html", {"view": view, "form": form, "draft_hook": draft}, status=status)


@personal_data(Permission.CASE_READ)
@require_GET
def note_page(request: HttpRequest, note_id: int) -> HttpResponse:
    history = note_get(actor=actor_of(request), note_id=note_id)
    return render(request, "casework/note_detail.html", {"history": history, "note": history.note})


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def note_correct_page(request: HttpRequest, note_id: int) -> HttpResponse:
    """Correct a note: a new version with a reason; every earlier one stays.
    If someone else corrected it first, nothing is saved and both texts show."""
    actor = actor_of(request)
    form = NoteCorrectForm(request.POST or None)
    theirs = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                casework.note_correct(
                    actor=actor, note_id=note_id, base_version=data["base_version"], title=data["title"],
                    text=data["text"], reason=data["reason"],
                )  # fmt: skip
            except StaleVersion as exc:
                theirs = exc.current
                status = show_error(form, exc)
            except CaseworkError as exc:
                if exc.field == "note":
                    raise Http404 from exc
                status = show_error(form, exc)
            else:
                messages.success(request, "Note corrected. The earlier version is kept.")
                return redirect("web:note-detail", note_id=note_id)
    history = note_get(actor=actor, note_id=note_id, to_correct=True)
    draft = drafts.hook(actor, "casework.note_correct", note_id, restore=not form.is_bound)
    if not form.is_bound:
        note = history.note
        form = NoteCorrectForm(initial={"title": note.title, "text": note.text, "base_version": note.version})
        drafts.restore(form, draft.restored)
    context = {
        "history": history,
        "note": history.note,
        "form": form,
        "theirs": theirs,
        "draft_hook": draft,
        # After a clash the next save is against the version now current
        # (theirs); after any other error, against the one the user started from.
        "base_version": history.note.version
        if theirs is not None or not form.is_bound
        else form["base_version"].value(),
    }
    if draft.restored and not form.is_bound:
        # A restored correction saves against the version it was begun on, so
        # a correction someone made since still shows as a clash.
        begun = form.initial.get("base_version")
        context["base_version"] = begun if str(begun or "").isdigit() else history.note.version
    return render(request, "casework/note_correct.html", context, status=status)
