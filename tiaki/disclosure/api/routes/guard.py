"""Guard api routes (owned by one part of the disclosure domain; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import guard

urlpatterns: list[URLPattern] = [
    path("disclosures/blocked", guard.BlockedDisclosuresView.as_view(), name="disclosures-blocked"),
    path("disclosures/<id:disclosure_id>/override", guard.DisclosureOverrideView.as_view(),
         name="disclosure-override"),
]  # fmt: skip
