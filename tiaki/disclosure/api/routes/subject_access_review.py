"""Subject access review API routes (the review's part; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import subject_access_review as review

urlpatterns: list[URLPattern] = [
    path("subject-access/<id:request_id>/gathered", review.SarGatheredView.as_view(), name="subject-access-gathered"),
    path("subject-access/<id:request_id>/redactions", review.SarRedactionsView.as_view(),
         name="subject-access-redactions"),
    path("subject-access/redactions/<id:redaction_id>", review.SarRedactionView.as_view(),
         name="subject-access-redaction"),
    path("subject-access/<id:request_id>/stages", review.SarStagesView.as_view(), name="subject-access-stages"),
    path("subject-access/stages/<id:stage_id>/approve", review.SarStageApproveView.as_view(),
         name="subject-access-stage-approve"),
    path("subject-access/stages/<id:stage_id>/release", review.SarStageReleaseView.as_view(),
         name="subject-access-stage-release"),
]  # fmt: skip
