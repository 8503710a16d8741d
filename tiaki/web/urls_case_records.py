"""Case records routes (included from tiaki.web.urls)."""

from django.urls import path

from tiaki.web.views import case_plans, case_records

urlpatterns = [
    path("<int:case_id>/plans/<int:child_id>/edit/", case_plans.plan_edit, name="plan-edit"),
    path("plans/<int:plan_id>/", case_plans.plan_detail, name="plan-detail"),
    path("<int:case_id>/fgc/refer/", case_plans.fgc_refer_page, name="fgc-refer"),
    path("fgc/<int:fgc_id>/", case_plans.fgc_detail, name="fgc-detail"),
    path("fgc/<int:fgc_id>/record/", case_plans.fgc_record_page, name="fgc-record"),
    path("<int:case_id>/orders/add/", case_records.order_add_page, name="order-add"),
    path("orders/<int:order_id>/", case_records.order_detail, name="order-detail"),
    path("<int:case_id>/documents/add/", case_records.document_upload_page, name="document-upload"),
    path("documents/<int:document_id>/", case_records.document_download, name="document-download"),
    path("<int:case_id>/emails/add/", case_records.email_add_page, name="email-add"),
    path("emails/<int:email_id>/", case_records.email_detail, name="email-detail"),
]
