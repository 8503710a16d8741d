"""The privacy office's API under /api/v1/privacy/ (found by tiaki.config.slices, in the ``api`` namespace),
collected from one routes module per part."""

from django.urls import URLPattern

from tiaki.privacy.api.routes import incidents, monitoring, report

urlpatterns: list[URLPattern] = [
    *incidents.urlpatterns,
    *monitoring.urlpatterns,
    *report.urlpatterns,
]
