"""The home page: the signed-in user's role panels (tiaki.home.panels)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.home import panels
from tiaki.web.requests import actor_of


@requires(Permission.HOME_VIEW)
@require_GET
def home_page(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"panels": panels.for_user(actor_of(request))})
