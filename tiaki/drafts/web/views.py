"""Autosave and discard for any form that keeps a draft. The form names its
kind and record in data attributes (templates/drafts/_hook.html); drafts.mjs
posts every named field here. An expired session answers 401 (never a
redirect), so the script can send the worker to sign in with the page to
come back to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tiaki.access.declare import signed_in
from tiaki.access.ids import record_id
from tiaki.drafts import kinds
from tiaki.drafts import services as drafts
from tiaki.web.requests import actor_of

#: Fields of the autosave itself, not of the form.
OWN_FIELDS = frozenset({"csrfmiddlewaretoken", "_draft_kind", "_draft_record", "_draft_part"})


def _key(request: HttpRequest) -> tuple[str, int, int] | None:
    kind = request.POST.get("_draft_kind", "")
    record = record_id(request.POST.get("_draft_record", ""))
    raw_part = request.POST.get("_draft_part", "") or "0"
    part = 0 if raw_part == "0" else record_id(raw_part)
    if kinds.get(kind) is None or not record or part is None:
        return None
    return kind, record, part


@signed_in
@require_POST
def draft_save_part(request: HttpRequest) -> HttpResponse:
    """htmx/fetch: keep the form's fields as typed; answers the status line."""
    if not request.user.is_authenticated:
        return HttpResponse("Signed out", status=401, content_type="text/plain")
    key = _key(request)
    if key is None:
        return HttpResponse("Not a form that keeps drafts", status=400, content_type="text/plain")
    kind, record, part = key
    data = {name: request.POST.getlist(name) for name in request.POST if name not in OWN_FIELDS}
    try:
        draft = drafts.draft_save(actor=actor_of(request), kind=kind, record_id=record, part=part, data=data)
    except drafts.DraftTooLargeError as exc:
        return render(request, "drafts/_status.html", {"error": str(exc)}, status=413)
    return render(request, "drafts/_status.html", {"saved_at": timezone.localtime(draft.updated_at)})


@signed_in
@require_POST
def draft_discard_action(request: HttpRequest) -> HttpResponse:
    """Throw away one's draft of a form, and go back to the form, empty."""
    if not request.user.is_authenticated:
        return redirect("web:sign-in")
    key = _key(request)
    if key is None:
        return HttpResponse("Not a form that keeps drafts", status=400, content_type="text/plain")
    kind, record, part = key
    drafts.draft_discard(actor=actor_of(request), kind=kind, record_id=record, part=part)
    messages.success(request, "What you typed was discarded.")
    found = kinds.get(kind)
    assert found is not None
    try:
        return redirect(reverse(f"web:{found.url_name}", args=found.url_args(record, part)))
    except NoReverseMatch:
        return redirect("web:home")
