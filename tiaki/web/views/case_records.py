"""Placeholder views: replaced by the real pages."""

from django.http import Http404, HttpRequest, HttpResponse

from tiaki.access import Permission
from tiaki.access.declare import personal_data


@personal_data(Permission.CASE_READ)
def plan_edit(request: HttpRequest, case_id: int, child_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def fgc_refer_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def fgc_detail(request: HttpRequest, fgc_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def fgc_record_page(request: HttpRequest, fgc_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def order_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def document_upload_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def email_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    raise Http404


@personal_data(Permission.CASE_READ)
def email_detail(request: HttpRequest, email_id: int) -> HttpResponse:
    raise Http404
