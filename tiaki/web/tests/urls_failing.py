"""A URLconf with a view that fails, for the error-page tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from tiaki.access.declare import public


@public
def boom(request: HttpRequest) -> HttpResponse:
    name = "Mere" + " Ngata"  # built at run time, as real values are
    raise RuntimeError(f"Could not save the record of {name}")


urlpatterns = [path("boom/", boom), path("", include("tiaki.config.urls"))]
handler500 = "tiaki.web.errors.server_error"
