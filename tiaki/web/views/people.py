from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.privacy import selectors as privacy_selectors
from tiaki.web.requests import actor_of


@personal_data(Permission.PERSON_READ)
@require_GET
def person_seen_by(request: HttpRequest, person_id: int) -> HttpResponse:
    rows = privacy_selectors.person_access_log(actor=actor_of(request), person_id=person_id)
    return render(request, "web/person_seen_by.html", {"person_id": person_id, "rows": rows})
