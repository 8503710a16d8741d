from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.people.selectors.whanau import whanau_map
from tiaki.web.requests import actor_of


@personal_data(Permission.PERSON_READ)
@require_GET
def person_whanau(request: HttpRequest, person_id: int) -> HttpResponse:
    whanau = whanau_map(actor=actor_of(request), person_id=person_id)
    return render(request, "web/person_whanau.html", {"whanau": whanau, "layout": whanau.layout})
