from django.urls import URLPattern, path

from tiaki.jobs.web import views

urlpatterns: list[URLPattern] = [
    path("admin/jobs/", views.jobs_page, name="admin-jobs"),
]
