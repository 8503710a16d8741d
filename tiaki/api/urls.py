from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from tiaki.access.declare import public
from tiaki.api import views
from tiaki.config.slices import slice_urls

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me", views.MeView.as_view(), name="me"),
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
