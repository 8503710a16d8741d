"""The pack page: a stage's pack as accessible HTML, as the requester will
read it (for the reviewer and the approver now; the portal to come will
show the same fragment). Its PDF leaves only through the stage's release."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.subject_access.pack import pack_preview
from tiaki.web.requests import actor_of


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_GET
def subject_access_pack_page(request: HttpRequest, request_id: int, number: int) -> HttpResponse:
    """Stage ``number``'s pack, every redaction applied (audited as a read of the request)."""
    view = pack_preview(actor=actor_of(request), request_id=request_id, number=number)
    response = render(request, "disclosure/subject_access/pack.html", {"view": view})
    # The whole of someone's file: never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response
