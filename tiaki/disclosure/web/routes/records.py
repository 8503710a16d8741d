"""Records web routes: the privacy office's disclosure records and the
sender's own (owned by the pipeline part; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import records

urlpatterns: list[URLPattern] = [
    path("disclosures/", records.disclosure_list_page, name="disclosure-list"),
    path("disclosures/<id:disclosure_id>/", records.disclosure_page, name="disclosure-detail"),
    path("disclosures/<id:disclosure_id>/made/", records.disclosure_made_page, name="disclosure-made"),
    path("disclosures/<id:disclosure_id>/file/", records.disclosure_file_download, name="disclosure-file"),
]
