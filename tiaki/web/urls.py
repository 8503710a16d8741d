from django.urls import URLPattern, URLResolver, include, path

from tiaki.config.slices import slice_urls
from tiaki.web.views import (
    admin_policy,
    admin_tokens,
    admin_users,
    auth,
    home,
    people,
    privacy,
)

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("intake/", include("tiaki.web.urls_intake")),
    path("intake/", include("tiaki.web.urls_queue")),
    path("cases/", include("tiaki.web.urls_cases")),
    path("cases/", include("tiaki.web.urls_case_records")),
    path("people/", include("tiaki.web.urls_chronology")),
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/second-factor/", auth.second_factor, name="second-factor"),
    path("sign-in/second-factor/set-up/", auth.second_factor_enrol, name="second-factor-enrol"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("people/<id:person_id>/seen-by/", people.person_seen_by, name="person-seen-by"),
    path("privacy/audit/", privacy.audit_search, name="privacy-audit"),
    path("privacy/break-glass/", privacy.breakglass_queue, name="privacy-breakglass"),
    path("privacy/break-glass/<id:grant_id>/review/", privacy.breakglass_review, name="privacy-breakglass-review"),
    path("privacy/sealed/", privacy.sealed_records, name="privacy-sealed"),
    path("admin/users/", admin_users.user_list, name="admin-users"),
    path("admin/policy/", admin_policy.policy_page, name="admin-policy"),
    path("admin/users/<id:user_id>/", admin_users.user_detail, name="admin-user"),
    path("admin/users/<id:user_id>/tokens/", admin_tokens.user_tokens, name="admin-user-tokens"),
]

# Every domain's pages (tiaki.config.slices).
urlpatterns += slice_urls("web")
