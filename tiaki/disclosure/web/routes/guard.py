"""Guard web routes (owned by one part of the disclosure domain; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import guard

urlpatterns: list[URLPattern] = [
    path("disclosures/blocked/", guard.blocked_queue_page, name="disclosure-blocked"),
    path("disclosures/blocked/<id:disclosure_id>/", guard.blocked_decide_page, name="disclosure-decide"),
    path("disclosures/near-misses/", guard.near_misses_page, name="disclosure-near-misses"),
]
