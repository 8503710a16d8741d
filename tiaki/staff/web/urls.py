from django.urls import URLPattern, path

from tiaki.staff.web import views

urlpatterns: list[URLPattern] = [
    path("admin/users/", views.user_list_page, name="admin-users"),
    path("admin/users/<id:user_id>/", views.user_detail_page, name="admin-user"),
    path("admin/users/<id:user_id>/tokens/", views.user_tokens_page, name="admin-user-tokens"),
]
