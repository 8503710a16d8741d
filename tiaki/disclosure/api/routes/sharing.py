"""Sharing API routes (owned by one part of the disclosure domain; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import sharing

urlpatterns: list[URLPattern] = [
    path("shares", sharing.SharesView.as_view(), name="shares"),
    path("shares/<id:share_id>", sharing.ShareReadView.as_view(), name="share"),
    path("shares/<id:share_id>/revoke", sharing.ShareRevokeView.as_view(), name="share-revoke"),
    path("children/<id:child_id>/shares", sharing.ChildSharesView.as_view(), name="child-shares"),
]
