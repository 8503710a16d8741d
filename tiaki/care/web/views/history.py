"""The child's care history page: the current placement at the top, then a
timeline of every episode and placement (locations only for those who may
see SENSITIVE fields, and then tagged so)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.care.selectors.history import care_history_get
from tiaki.web.requests import actor_of


@personal_data(Permission.CARE_READ)
@require_GET
def care_history_page(request: HttpRequest, child_id: int) -> HttpResponse:
    history = care_history_get(actor=actor_of(request), child_id=child_id)
    return render(request, "care/history.html", {"history": history})
