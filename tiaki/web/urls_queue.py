"""Intake routes (included from tiaki.web.urls): the allocation queue,
allocating a report, and the timeliness dashboard."""

from django.urls import URLPattern, path

from tiaki.web.views import intake_queue

urlpatterns: list[URLPattern] = [
    path("queue/", intake_queue.queue_page, name="intake-queue"),
    path("reports/<id:report_id>/allocate/", intake_queue.allocate_page, name="intake-allocate"),
    path("dashboard/", intake_queue.dashboard_page, name="intake-dashboard"),
]
