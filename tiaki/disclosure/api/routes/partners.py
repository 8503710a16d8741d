"""Partners API routes: the partner organisation register under /api/v1 (collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import partners as views

urlpatterns: list[URLPattern] = [
    path("partners", views.PartnersView.as_view(), name="partners"),
    path("partners/<id:organisation_id>", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("partners/<id:organisation_id>/disposals", views.PartnerDisposalsView.as_view(), name="partner-disposals"),
]
