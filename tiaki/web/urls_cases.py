"""Cases routes (included from tiaki.web.urls)."""

from django.urls import path

from tiaki.web.views import case_notes, cases

urlpatterns = [
    path("", cases.case_list, name="case-list"),
    path("open/", cases.case_open_page, name="case-open"),
    path("<id:case_id>/", cases.case_detail, name="case-detail"),
    path("<id:case_id>/phase/", cases.case_phase, name="case-phase"),
    path("<id:case_id>/reallocate/", cases.case_reallocate_page, name="case-reallocate"),
    path("<id:case_id>/care/<id:person_id>/", cases.case_care, name="case-care"),
    path("<id:case_id>/people/add/", cases.case_participant_add_view, name="case-participant-add"),
    path("<id:case_id>/close/", cases.case_close, name="case-close"),
    path("<id:case_id>/close/decide/", cases.case_close_decide, name="case-close-decide"),
    path("<id:case_id>/tasks/add/", cases.task_add_page, name="task-add"),
    path("tasks/<id:task_id>/done/", cases.task_done, name="task-done"),
    path("<id:case_id>/notes/add/", case_notes.note_add_page, name="note-add"),
    path("notes/<id:note_id>/", case_notes.note_detail, name="note-detail"),
    path("notes/<id:note_id>/correct/", case_notes.note_correct_page, name="note-correct"),
]
