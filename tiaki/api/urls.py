from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from tiaki.access.declare import public
from tiaki.api import views, views_cases, views_chronology, views_people
from tiaki.config.slices import slice_urls

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me", views.MeView.as_view(), name="me"),
    path("persons", views_people.PersonCreateView.as_view(), name="person-create"),
    path("persons/search", views_people.PersonSearchView.as_view(), name="person-search"),
    path("persons/<id:person_id>", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "persons/<id:person_id>/relationships",
        views_people.PersonRelationshipsView.as_view(),
        name="person-relationships",
    ),
    path("persons/<id:person_id>/chronology", views_chronology.ChronologyView.as_view(), name="chronology"),
    path(
        "persons/<id:person_id>/chronology/whanau",
        views_chronology.WhanauChronologyView.as_view(),
        name="whanau-chronology",
    ),
    path("cases", views_cases.CasesView.as_view(), name="cases"),
    path("cases/<id:case_id>", views_cases.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<id:case_id>/notes", views_cases.CaseNotesView.as_view(), name="case-notes"),
    path("cases/<id:case_id>/plans/<id:child_id>", views_cases.PlanSaveView.as_view(), name="plan-save"),
    path("cases/<id:case_id>/orders", views_cases.CaseOrdersView.as_view(), name="case-orders"),
    path("cases/<id:case_id>/documents", views_cases.CaseDocumentsView.as_view(), name="case-documents"),
    path("notes/<id:note_id>", views_cases.NoteDetailView.as_view(), name="note-detail"),
    path("notes/<id:note_id>/corrections", views_cases.NoteCorrectionsView.as_view(), name="note-corrections"),
    path("plans/<id:plan_id>", views_cases.PlanDetailView.as_view(), name="plan-detail"),
    path("documents/<id:document_id>/content", views_cases.DocumentContentView.as_view(), name="document-content"),
    # The schema and its documentation describe the API, not anyone's data.
    path(
        "schema/", public(SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[])), name="schema"
    ),
    path(
        "docs/",
        public(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[], authentication_classes=[])
        ),
        name="docs",
    ),
    path(
        "redoc/",
        public(SpectacularRedocView.as_view(url_name="api:schema", permission_classes=[], authentication_classes=[])),
        name="redoc",
    ),
]

# Every domain's API (tiaki.config.slices).
urlpatterns += slice_urls("api")
