"""Casework under /api/v1 (found by tiaki.config.slices, in the ``api`` namespace)."""

from django.urls import path

from tiaki.casework.api import views

urlpatterns = [
    path("cases", views.CasesView.as_view(), name="cases"),
    path("cases/<id:case_id>", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<id:case_id>/notes", views.CaseNotesView.as_view(), name="case-notes"),
    path("cases/<id:case_id>/plans/<id:child_id>", views.PlanSaveView.as_view(), name="plan-save"),
    path("cases/<id:case_id>/orders", views.CaseOrdersView.as_view(), name="case-orders"),
    path("cases/<id:case_id>/documents", views.CaseDocumentsView.as_view(), name="case-documents"),
    path("notes/<id:note_id>", views.NoteDetailView.as_view(), name="note-detail"),
    path("notes/<id:note_id>/corrections", views.NoteCorrectionsView.as_view(), name="note-corrections"),
    path("plans/<id:plan_id>", views.PlanDetailView.as_view(), name="plan-detail"),
    path("documents/<id:document_id>/content", views.DocumentContentView.as_view(), name="document-content"),
]
