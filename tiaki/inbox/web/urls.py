"""The inbox's pages: a notice's own page (what an email links to) and the
choice of notices by email."""

from django.urls import path

from tiaki.inbox.web import views

urlpatterns = [
    path("inbox/<id:notification_id>/", views.notice_page, name="inbox-notice"),
    path("inbox/email/", views.email_preferences_page, name="inbox-email"),
]
