from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.people import selectors


@requires(Permission.PERSON_READ)
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.person_get(actor=request.user, person_id=person_id)  # type: ignore[arg-type]
    return render(request, "web/person_detail.html", {"person": record})
