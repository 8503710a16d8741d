"""The chronology pages, under a person (tiaki.config.slices serves them)."""

from django.urls import path

from tiaki.chronology.web import views

urlpatterns = [
    path("people/<id:person_id>/chronology/", views.chronology_page, name="chronology"),
    path("people/<id:person_id>/chronology/whanau/", views.whanau_chronology_page, name="whanau-chronology"),
]
