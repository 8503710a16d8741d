"""A person's record, their whānau map, and emergency access to a record."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import AccessDenied, Permission
from tiaki.access import services as access_services
from tiaki.access.declare import personal_data
from tiaki.people import selectors
from tiaki.people.record_facts import work_with_us
from tiaki.people.selectors.whanau import whanau_map
from tiaki.people.web.forms import BreakGlassForm
from tiaki.web.requests import actor_of
from tiaki.web.templatetags.tiaki_dates import clock


@personal_data(Permission.PERSON_READ)
@require_GET
def person_detail_page(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    record = selectors.person_get(actor=actor, person_id=person_id)
    # "Their work with us": each domain above people reads its own part, as
    # this reader may see it (tiaki.people.record_facts). A merged record's
    # work is its survivor's, linked from the page.
    work = None if record.merged_into_id else work_with_us(actor, record.id)
    return render(request, "people/person_detail.html", {"person": record, "work": work})


@personal_data(Permission.PERSON_READ)
@require_GET
def person_whanau_page(request: HttpRequest, person_id: int) -> HttpResponse:
    whanau = whanau_map(actor=actor_of(request), person_id=person_id)
    return render(request, "people/person_whanau.html", {"whanau": whanau, "layout": whanau.layout})


@personal_data(Permission.BREAKGLASS_USE)
@require_http_methods(["GET", "POST"])
def break_glass_page(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = access_services.breakglass_open(
                actor=actor_of(request), person_id=form.cleaned_data["person_id"], reason=form.cleaned_data["reason"]
            )
        except access_services.AccessRequestError as exc:
            form.add_error(exc.field or "person_id", str(exc))
        except AccessDenied as exc:
            form.add_error(None, str(exc.args[0]))
        else:
            messages.warning(
                request,
                f"Emergency access granted until {clock(grant.expires_at)}. A privacy officer will review your reason.",
            )
            return redirect("web:person-detail", person_id=grant.person_id)
    return render(request, "people/break_glass.html", {"form": form})
