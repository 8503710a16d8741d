"""The subject-access pack's page (owned by the pack part; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import subject_access_pack

urlpatterns: list[URLPattern] = [
    path(
        "subject-access/<id:request_id>/stages/<id:number>/pack/",
        subject_access_pack.subject_access_pack_page,
        name="subject-access-pack",
    ),
]
