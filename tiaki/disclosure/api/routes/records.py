"""Records api routes: the privacy office's disclosure records (owned by the
pipeline part; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import records

urlpatterns: list[URLPattern] = [
    path("disclosures", records.DisclosuresView.as_view(), name="disclosures"),
    path("disclosures/<id:disclosure_id>", records.DisclosureDetailView.as_view(), name="disclosure-detail"),
]
