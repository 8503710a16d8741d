"""Case records routes (included from tiaki.web.urls)."""

from django.urls import path

from tiaki.web.views import case_plans, case_records

urlpatterns = [
    path("<id:case_id>/plans/<id:child_id>/edit/", case_plans.plan_edit, name="plan-edit"),
    path("plans/<id:plan_id>/", case_plans.plan_detail, name="plan-detail"),
    path("<id:case_id>/fgc/refer/", case_plans.fgc_refer_page, name="fgc-refer"),
    path("fgc/<id:fgc_id>/", case_plans.fgc_detail, name="fgc-detail"),
    path("fgc/<id:fgc_id>/record/", case_plans.fgc_record_page, name="fgc-record"),
    path("<id:case_id>/orders/add/", case_records.order_add_page, name="order-add"),
    path("orders/<id:order_id>/", case_records.order_detail, name="order-detail"),
    path("<id:case_id>/documents/add/", case_records.document_upload_page, name="document-upload"),
    path("documents/<id:document_id>/", case_records.document_download, name="document-download"),
    path("<id:case_id>/emails/add/", case_records.email_add_page, name="email-add"),
    path("emails/<id:email_id>/", case_records.email_detail, name="email-detail"),
]
