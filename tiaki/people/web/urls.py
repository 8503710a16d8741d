"""The person register's pages, in the ``web`` namespace (tiaki.config.slices)."""

from django.urls import URLPattern, path

from tiaki.people.web.views import duplicates, record, register

urlpatterns: list[URLPattern] = [
    path("people/search/", register.person_search_page, name="person-search"),
    path("people/search/<slug:token>/", register.person_search_result_page, name="person-search-result"),
    path("people/new/", register.person_create_page, name="person-create"),
    path("people/name-variants/", register.name_variants_page, name="name-variants"),
    path("people/duplicates/", duplicates.duplicate_queue_page, name="duplicates"),
    path("people/compare/<id:left_id>/<id:right_id>/", duplicates.compare_page, name="person-compare"),
    path("people/<id:person_id>/", record.person_detail_page, name="person-detail"),
    path("people/<id:person_id>/change/", register.person_change_page, name="person-change"),
    path("people/<id:person_id>/whanau/", record.person_whanau_page, name="person-whanau"),
    path("break-glass/", record.break_glass_page, name="break-glass"),
]
