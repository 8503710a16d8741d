"""Intake routes (included from tiaki.web.urls)."""

from django.urls import path

from tiaki.web.views import intake

urlpatterns = [
    path("reports/new/", intake.report_new_page, name="intake-new"),
    path("reports/draft/", intake.report_draft_save_view, name="intake-draft"),
    path("reports/people/search/", intake.person_candidates, name="intake-person-search"),
    path("reports/people/link/", intake.person_link_row, name="intake-person-link"),
    path("reports/people/unlink/", intake.person_unlink, name="intake-person-unlink"),
    path("reports/<id:report_id>/", intake.report_page, name="intake-report"),
    path("referrals/new/", intake.referral_new_page, name="intake-referral"),
    path("referrals/sent/", intake.referral_sent_page, name="intake-referral-sent"),
]
