"""The privacy office's providers page (/privacy/providers/): each partner
organisation's holdings, agreement, retention, disposal dates, last
confirmation and its workers' reads in the last 90 days, overdue disposals
first, each linked to its page on the partner register."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.privacy.selectors.providers import READS_DAYS, provider_overview
from tiaki.web.requests import actor_of


@requires(Permission.PARTNER_READ)
@require_GET
def providers_page(request: HttpRequest) -> HttpResponse:
    overview = provider_overview(actor=actor_of(request))
    return render(request, "privacy/providers/providers.html", {"overview": overview, "reads_days": READS_DAYS})
