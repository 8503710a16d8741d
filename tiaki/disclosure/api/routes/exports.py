"""Exports api routes (owned by one part of the disclosure domain; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import exports as views

urlpatterns: list[URLPattern] = [
    path("cases/<id:case_id>/exports", views.CaseExportsView.as_view(), name="case-exports"),
]
