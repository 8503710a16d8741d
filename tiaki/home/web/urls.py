from django.urls import URLPattern, path

from tiaki.home.web.views import home, policy

urlpatterns: list[URLPattern] = [
    path("", home.home_page, name="home"),
    path("admin/policy/", policy.policy_page, name="admin-policy"),
]
