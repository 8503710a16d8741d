"""The chronology's API under /api/v1/ (tiaki.config.slices serves it)."""

from django.urls import path

from tiaki.chronology.api import views

urlpatterns = [
    path("persons/<id:person_id>/chronology", views.ChronologyView.as_view(), name="chronology"),
    path("persons/<id:person_id>/chronology/whanau", views.WhanauChronologyView.as_view(), name="whanau-chronology"),
]
