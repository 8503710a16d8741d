"""The person register's API, in the ``api`` namespace under /api/v1/ (tiaki.config.slices)."""

from django.urls import URLPattern, path

from tiaki.people.api import views

urlpatterns: list[URLPattern] = [
    path("persons", views.PersonCreateView.as_view(), name="person-create"),
    path("persons/search", views.PersonSearchView.as_view(), name="person-search"),
    path("persons/<id:person_id>", views.PersonDetailView.as_view(), name="person-detail"),
    path("persons/<id:person_id>/relationships", views.PersonRelationshipsView.as_view(), name="person-relationships"),
]
