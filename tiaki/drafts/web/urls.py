"""The draft endpoints every long form's autosave posts to (drafts.mjs)."""

from django.urls import path

from tiaki.drafts.web import views

urlpatterns = [
    path("drafts/save/", views.draft_save_part, name="draft-save"),
    path("drafts/discard/", views.draft_discard_action, name="draft-discard"),
]
