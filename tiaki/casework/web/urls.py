"""Casework pages (found by tiaki.config.slices, in the ``web`` namespace)."""

from django.urls import path

from tiaki.casework.web.views import cases, notes, plans, records

urlpatterns = [
    path("cases/", cases.case_list_page, name="case-list"),
    path("cases/open/", cases.case_open_page, name="case-open"),
    path("cases/<id:case_id>/", cases.case_page, name="case-detail"),
    path("cases/<id:case_id>/phase/", cases.case_phase_action, name="case-phase"),
    path("cases/<id:case_id>/reallocate/", cases.case_reallocate_page, name="case-reallocate"),
    path("cases/<id:case_id>/care/<id:person_id>/", cases.case_care_action, name="case-care"),
    path("cases/<id:case_id>/people/add/", cases.case_participant_add_action, name="case-participant-add"),
    path("cases/<id:case_id>/close/", cases.case_close_action, name="case-close"),
    path("cases/<id:case_id>/close/decide/", cases.case_close_decide_action, name="case-close-decide"),
    path("cases/<id:case_id>/tasks/add/", cases.task_add_page, name="task-add"),
    path("cases/tasks/<id:task_id>/done/", cases.task_done_action, name="task-done"),
    path("cases/<id:case_id>/notes/add/", notes.note_add_page, name="note-add"),
    path("cases/notes/<id:note_id>/", notes.note_page, name="note-detail"),
    path("cases/notes/<id:note_id>/correct/", notes.note_correct_page, name="note-correct"),
    path("cases/<id:case_id>/plans/<id:child_id>/edit/", plans.plan_edit_page, name="plan-edit"),
    path("cases/plans/<id:plan_id>/", plans.plan_page, name="plan-detail"),
    path("cases/<id:case_id>/fgc/refer/", plans.fgc_refer_page, name="fgc-refer"),
    path("cases/fgc/<id:fgc_id>/", plans.fgc_page, name="fgc-detail"),
    path("cases/fgc/<id:fgc_id>/record/", plans.fgc_record_page, name="fgc-record"),
    path("cases/<id:case_id>/orders/add/", records.order_add_page, name="order-add"),
    path("cases/orders/<id:order_id>/", records.order_page, name="order-detail"),
    path("cases/<id:case_id>/documents/add/", records.document_upload_page, name="document-upload"),
    path("cases/documents/<id:document_id>/", records.document_download_page, name="document-download"),
    path("cases/<id:case_id>/emails/add/", records.email_add_page, name="email-add"),
    path("cases/emails/<id:email_id>/", records.email_page, name="email-detail"),
]
