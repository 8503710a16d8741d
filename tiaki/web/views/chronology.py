"""Placeholder views: replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse

from tiaki.access import Permission
from tiaki.access.declare import personal_data


@personal_data(Permission.CASE_READ)
def chronology_page(request: HttpRequest, person_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def whanau_chronology_page(request: HttpRequest, person_id: int) -> HttpResponse:
    raise Http404
