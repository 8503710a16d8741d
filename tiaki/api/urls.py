from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from tiaki.access.declare import public
from tiaki.api import views, views_people, views_reports

app_name = "api"

urlpatterns = [
    path("me", views.MeView.as_view(), name="me"),
    path("reports", views_reports.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:report_id>", views_reports.ReportDetailView.as_view(), name="report-detail"),
    path("persons", views_people.PersonCreateView.as_view(), name="person-create"),
    path("persons/search", views_people.PersonSearchView.as_view(), name="person-search"),
    path("persons/<int:person_id>", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "persons/<int:person_id>/relationships",
        views_people.PersonRelationshipsView.as_view(),
        name="person-relationships",
    ),
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
