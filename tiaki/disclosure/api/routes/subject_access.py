"""Subject access and correction API routes (the register's part; collected by api/urls.py)."""

from django.urls import URLPattern, path

from tiaki.disclosure.api.views import corrections
from tiaki.disclosure.api.views import subject_access as sar

urlpatterns: list[URLPattern] = [
    path("subject-access", sar.SubjectAccessListView.as_view(), name="subject-access"),
    path("subject-access/<id:request_id>", sar.SubjectAccessDetailView.as_view(), name="subject-access-detail"),
    path("subject-access/<id:request_id>/verify", sar.SubjectAccessVerifyView.as_view(), name="subject-access-verify"),
    path("subject-access/<id:request_id>/assign", sar.SubjectAccessAssignView.as_view(), name="subject-access-assign"),
    path("subject-access/<id:request_id>/extend", sar.SubjectAccessExtendView.as_view(), name="subject-access-extend"),
    path("subject-access/<id:request_id>/transfer", sar.SubjectAccessTransferView.as_view(),
         name="subject-access-transfer"),
    path("subject-access/<id:request_id>/withdraw", sar.SubjectAccessWithdrawView.as_view(),
         name="subject-access-withdraw"),
    path("subject-access/<id:request_id>/decide", sar.SubjectAccessDecideView.as_view(), name="subject-access-decide"),
    path("corrections", corrections.CorrectionsView.as_view(), name="corrections"),
    path("corrections/<id:correction_id>", corrections.CorrectionDetailView.as_view(), name="correction"),
    path("corrections/<id:correction_id>/correct", corrections.CorrectionCorrectView.as_view(),
         name="correction-correct"),
    path("corrections/<id:correction_id>/statement", corrections.CorrectionStatementView.as_view(),
         name="correction-statement"),
]  # fmt: skip
