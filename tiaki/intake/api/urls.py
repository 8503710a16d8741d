"""Intake's API (found by tiaki.config.slices, under /api/v1/)."""

from django.urls import URLPattern, path

from tiaki.intake.api import views

urlpatterns: list[URLPattern] = [
    path("reports", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<id:report_id>", views.ReportDetailView.as_view(), name="report-detail"),
]
