"""Sharing web routes (owned by one part of the disclosure domain; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import sharing

urlpatterns: list[URLPattern] = [
    # The worker's: a child's shares, the form to share, withdrawing one.
    path("care/children/<id:child_id>/sharing/", sharing.child_sharing_page, name="child-sharing"),
    path("sharing/<id:share_id>/withdraw/", sharing.share_revoke_action, name="share-revoke"),
    # The caregiver's and partner worker's.
    path("shared-with-you/", sharing.shares_mine_page, name="shares-mine"),
    path("shared-with-you/<id:share_id>/", sharing.share_read_page, name="share-read"),
    # The administrator's: which household or organisation an account reads for.
    path("admin/users/<id:user_id>/reads-for/", sharing.reads_for_page, name="admin-user-reads-for"),
]
