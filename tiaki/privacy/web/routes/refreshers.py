"""The privacy office's refreshers page (/privacy/refreshers/): each site's
counts of staff current, due within 30 days, lapsed and never inducted, and
who they are (tiaki.privacy.selectors.refreshers)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.privacy.selectors.refreshers import Standing, refresher_overview
from tiaki.web.requests import actor_of


@requires(Permission.PRIVACY_INCIDENT_MANAGE)
@require_GET
def refreshers_page(request: HttpRequest) -> HttpResponse:
    overview = refresher_overview(actor=actor_of(request))
    columns = [(s, Standing.LABELS[s]) for s in Standing.ORDER]
    sites = [(site.site, [(Standing.LABELS[s], site.counts[s]) for s in Standing.ORDER], site.total)
             for site in overview.sites]  # fmt: skip
    lists = [(s, Standing.LABELS[s], overview.lists[s]) for s in (Standing.LAPSED, Standing.DUE, Standing.NEVER)]
    return render(request, "privacy/refreshers/refreshers.html",
                  {"overview": overview, "columns": columns, "sites": sites, "lists": lists})  # fmt: skip
