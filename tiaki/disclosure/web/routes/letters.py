"""Letters web routes (owned by one part of the disclosure domain; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import letters

urlpatterns: list[URLPattern] = [
    path("letter-templates/", letters.template_list_page, name="letter-templates"),
    path("letter-templates/new/", letters.template_edit_page, name="letter-template-new"),
    path("letter-templates/<id:template_id>/", letters.template_edit_page, name="letter-template"),
    path("cases/<id:case_id>/letters/", letters.case_letters_page, name="case-letters"),
    path("cases/<id:case_id>/letters/new/", letters.letter_new_page, name="letter-new"),
    path("letters/<id:letter_id>/", letters.letter_page, name="letter-detail"),
    path("letters/<id:letter_id>/pdf/", letters.letter_pdf_download, name="letter-pdf"),
]
