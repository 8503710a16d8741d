"""Placeholder views: replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse

from tiaki.access import Permission
from tiaki.access.declare import personal_data


@personal_data(Permission.CASE_READ)
def case_list(request: HttpRequest) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_open_page(request: HttpRequest) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_phase(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_reallocate_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_care(request: HttpRequest, case_id: int, person_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def case_close_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def task_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def note_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def note_correct_page(request: HttpRequest, note_id: int) -> HttpResponse:
    raise Http404
