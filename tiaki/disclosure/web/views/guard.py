"""The disclosure guard's pages: for leaders (disclosure:override), the
blocked attempts waiting for a second person and the page to decide one;
for the privacy office (disclosure:read), the near-miss list. Findings are
shown in the guard's words, never the protected values."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.overrides import blocked_get, blocked_queue, near_misses
from tiaki.disclosure.services.overrides import MAX_REASON, OverrideError, approve_override
from tiaki.web.requests import actor_of


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why may this go out although the guard stopped it?",
        help_text="A privacy officer reviews every override. Say who asked, why the recipient needs it and what "
        "keeps the person it protects safe.",
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@personal_data(Permission.DISCLOSURE_OVERRIDE)
@require_GET
def blocked_queue_page(request: HttpRequest) -> HttpResponse:
    rows = blocked_queue(actor=actor_of(request))
    return render(request, "disclosure/guard_blocked.html", {"rows": rows})


@personal_data(Permission.DISCLOSURE_OVERRIDE)
@require_http_methods(["GET", "POST"])
def blocked_decide_page(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    actor = actor_of(request)
    form = OverrideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                approve_override(actor=actor, disclosure_id=disclosure_id, reason=form.cleaned_data["reason"])
            except OverrideError as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
                status = 403 if exc.reason else 400
            else:
                messages.success(request, "Override recorded. The sender can now send it again, unchanged.")
                return redirect("web:disclosure-blocked")
    view = blocked_get(actor=actor, disclosure_id=disclosure_id)
    return render(request, "disclosure/guard_decide.html", {"view": view, "form": form}, status=status)


@personal_data(Permission.DISCLOSURE_READ)
@require_GET
def near_misses_page(request: HttpRequest) -> HttpResponse:
    rows = near_misses(actor=actor_of(request))
    return render(request, "disclosure/guard_near_misses.html", {"rows": rows})
