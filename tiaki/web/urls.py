from django.urls import URLPattern, URLResolver, path

from tiaki.config.slices import slice_urls
from tiaki.web.views import (
    auth,
    health,
    metrics,
)

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/second-factor/", auth.second_factor_page, name="second-factor"),
    path("sign-in/second-factor/set-up/", auth.second_factor_enrol_page, name="second-factor-enrol"),
    path("sign-out/", auth.sign_out_action, name="sign-out"),
    path("session/keep-alive/", auth.keep_alive_action, name="keep-alive"),
]

# Every domain's pages (tiaki.config.slices).
urlpatterns += slice_urls("web")
