"""Chronology routes (included from tiaki.web.urls)."""

from django.urls import path

from tiaki.web.views import chronology

urlpatterns = [
    path("<id:person_id>/chronology/", chronology.chronology_page, name="chronology"),
    path("<id:person_id>/chronology/whanau/", chronology.whanau_chronology_page, name="whanau-chronology"),
]
