"""Partners web routes: the partner organisation register (collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import partners as views

urlpatterns: list[URLPattern] = [
    path("partners/", views.partner_list_page, name="partner-list"),
    path("partners/new/", views.partner_create_page, name="partner-create"),
    path("partners/<id:organisation_id>/", views.partner_page, name="partner-detail"),
    path("partners/<id:organisation_id>/edit/", views.partner_edit_page, name="partner-edit"),
    path("partners/<id:organisation_id>/disposals/new/", views.disposal_add_page, name="partner-disposal-add"),
]
