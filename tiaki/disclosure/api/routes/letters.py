"""Letters api routes (owned by one part of the disclosure domain; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import letters as views

urlpatterns: list[URLPattern] = [
    path("letter-templates", views.LetterTemplatesView.as_view(), name="letter-templates"),
    path("letter-templates/<id:template_id>", views.LetterTemplateView.as_view(), name="letter-template"),
    path("cases/<id:case_id>/letters", views.CaseLettersView.as_view(), name="case-letters"),
    path("letters/<id:letter_id>", views.LetterView.as_view(), name="letter"),
    path("letters/<id:letter_id>/send", views.LetterSendView.as_view(), name="letter-send"),
]
