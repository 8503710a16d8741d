from django.urls import URLPattern, URLResolver, include, path

from tiaki.config.slices import slice_urls
from tiaki.web.views import (
    admin_policy,
    admin_tokens,
    admin_users,
    auth,
    duplicates,
    home,
    people,
    privacy,
    register,
    whanau,
)

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/", include("tiaki.web.urls_cases")),
    path("cases/", include("tiaki.web.urls_case_records")),
    path("people/", include("tiaki.web.urls_chronology")),
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/second-factor/", auth.second_factor, name="second-factor"),
    path("sign-in/second-factor/set-up/", auth.second_factor_enrol, name="second-factor-enrol"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("people/search/", register.person_search_page, name="person-search"),
    path("people/search/<slug:token>/", register.person_search_result_page, name="person-search-result"),
    path("people/new/", register.person_create_page, name="person-create"),
    path("people/name-variants/", register.name_variants_page, name="name-variants"),
    path("people/duplicates/", duplicates.duplicate_queue_page, name="duplicates"),
    path("people/compare/<id:left_id>/<id:right_id>/", duplicates.compare_page, name="person-compare"),
    path("people/<id:person_id>/", people.person_detail, name="person-detail"),
    path("people/<id:person_id>/change/", register.person_change_page, name="person-change"),
    path("people/<id:person_id>/seen-by/", people.person_seen_by, name="person-seen-by"),
    path("people/<id:person_id>/whanau/", whanau.person_whanau, name="person-whanau"),
    path("break-glass/", people.break_glass, name="break-glass"),
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
