from django.urls import include, path

from tiaki.web import errors

urlpatterns = [
    path("", include("tiaki.web.urls")),
    path("api/v1/", include("tiaki.api.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
