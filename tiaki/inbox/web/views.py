from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.inbox import selectors, services
from tiaki.inbox.links import notice_url
from tiaki.web.requests import actor_of


@requires(Permission.HOME_VIEW)
@require_GET
def notice_page(request: HttpRequest, notification_id: int) -> HttpResponse:
    """One's own notice, from an email's link: read now, then on to the
    record it is about (which decides, and audits, for itself). Signed out,
    sign-in comes back here; someone else's notice is a 404."""
    notice = services.notification_open(actor=actor_of(request), notification_id=notification_id)
    return redirect(notice_url(notice))


@requires(Permission.HOME_VIEW)
@require_http_methods(["GET", "POST"])
def email_preferences_page(request: HttpRequest) -> HttpResponse:
    """Which kinds of notice reach the signed-in person by email."""
    actor = actor_of(request)
    error = ""
    if request.method == "POST":
        try:
            services.email_preferences_update(actor=actor, emailed=request.POST.getlist("emailed"))
        except ValueError:
            # Only a hand-made form sends a kind the page does not offer.
            error = "Choose from the kinds of notice listed."
        else:
            messages.success(request, "Your choices are saved.")
            return redirect("web:inbox-email")
    choices = selectors.email_preferences_for(actor=actor)
    return render(
        request,
        "inbox/email_preferences.html",
        {"choices": choices, "error": error, "has_email": bool(actor.email)},
        status=400 if error else 200,
    )
