"""Subject access review routes: the workspace, redactions and release
stages (owned by the review part; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import subject_access_review as review

urlpatterns: list[URLPattern] = [
    path("subject-access/<id:request_id>/review/", review.review_page, name="subject-access-review"),
    path(
        "subject-access/redactions/<id:redaction_id>/remove/",
        review.redaction_remove_action,
        name="subject-access-redaction-remove",
    ),
    path("subject-access/<id:request_id>/stages/<id:number>/", review.stage_page, name="subject-access-stage"),
]
