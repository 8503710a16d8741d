from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import public, requires
from tiaki.web import home_panels


@requires(Permission.HOME_VIEW)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    panels = home_panels.for_user(request.user)  # type: ignore[arg-type]
    return render(request, "web/home.html", {"panels": panels})


@public
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database answers; no detail that would help an attacker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JsonResponse({"status": "unhealthy", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
