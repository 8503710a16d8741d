"""Intake's pages (found by tiaki.config.slices): recording a report, the
report page, the allocation queue and the timeliness dashboard."""

from django.urls import URLPattern, path

from tiaki.intake.web.views import queue, reports

urlpatterns: list[URLPattern] = [
    path("intake/reports/new/", reports.report_new_page, name="intake-new"),
    path("intake/reports/draft/", reports.report_draft_save_part, name="intake-draft"),
    path("intake/reports/people/search/", reports.person_candidates_part, name="intake-person-search"),
    path("intake/reports/people/link/", reports.person_link_part, name="intake-person-link"),
    path("intake/reports/people/unlink/", reports.person_unlink_part, name="intake-person-unlink"),
    path("intake/reports/<id:report_id>/", reports.report_page, name="intake-report"),
    path("intake/reports/<id:report_id>/allocate/", queue.allocate_page, name="intake-allocate"),
    path("intake/referrals/new/", reports.referral_new_page, name="intake-referral"),
    path("intake/referrals/sent/", reports.referral_sent_page, name="intake-referral-sent"),
    path("intake/queue/", queue.queue_page, name="intake-queue"),
    path("intake/dashboard/", queue.dashboard_page, name="intake-dashboard"),
]
