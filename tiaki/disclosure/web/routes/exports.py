"""Exports web routes (owned by one part of the disclosure domain; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import exports

urlpatterns: list[URLPattern] = [
    path("cases/<id:case_id>/export/<slug:kind>/", exports.export_page, name="case-export"),
    path("exports/<id:disclosure_id>/pdf/", exports.export_pdf, name="export-pdf"),
]
