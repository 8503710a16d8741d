"""Subject access web routes (the register, its requests; collected by web/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.web.views import corrections, subject_access

urlpatterns: list[URLPattern] = [
    path("subject-access/", subject_access.register_page, name="subject-access"),
    path("subject-access/new/", subject_access.new_page, name="subject-access-new"),
    path("subject-access/<id:request_id>/", subject_access.detail_page, name="subject-access-detail"),
    path("subject-access/<id:request_id>/verify/", subject_access.verify_action, name="subject-access-verify"),
    path("subject-access/<id:request_id>/assign/", subject_access.assign_action, name="subject-access-assign"),
    path("subject-access/<id:request_id>/extend/", subject_access.extend_action, name="subject-access-extend"),
    path("subject-access/<id:request_id>/transfer/", subject_access.transfer_action, name="subject-access-transfer"),
    path("subject-access/<id:request_id>/withdraw/", subject_access.withdraw_action, name="subject-access-withdraw"),
    path("subject-access/<id:request_id>/decide/", subject_access.decide_action, name="subject-access-decide"),
    path("subject-access/<id:request_id>/corrections/new/", corrections.new_page, name="correction-new"),
    path("corrections/<id:correction_id>/", corrections.detail_page, name="correction-detail"),
    path("corrections/<id:correction_id>/correct/", corrections.correct_action, name="correction-correct"),
    path("corrections/<id:correction_id>/statement/", corrections.statement_action, name="correction-statement"),
]
