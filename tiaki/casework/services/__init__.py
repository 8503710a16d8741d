"""Casework writes. Each service is declared (``@service``) and records on
the case through the case team's write path (tiaki.casework.services.case_path):
permission and need-to-know, then the save, the chronology and the audit
event in one transaction."""

from tiaki.casework.services.cases import (
    case_change_phase,
    case_closure_decide,
    case_closure_request,
    case_open,
    case_participant_add,
    case_participant_care,
    case_reallocate,
    task_add,
    task_complete,
    visit_frequency_update,
)
from tiaki.casework.services.court import court_order_record, fgc_record, fgc_refer
from tiaki.casework.services.documents import EmailImport, document_upload, email_import
from tiaki.casework.services.errors import CaseworkError, ConflictOfInterest, OpenCaseExists, StaleVersion
from tiaki.casework.services.notes import note_add, note_correct
from tiaki.casework.services.plans import plan_save

__all__ = [
    "CaseworkError",
    "ConflictOfInterest",
    "EmailImport",
    "OpenCaseExists",
    "StaleVersion",
    "case_change_phase",
    "case_closure_decide",
    "case_closure_request",
    "case_open",
    "case_participant_add",
    "case_participant_care",
    "case_reallocate",
    "court_order_record",
    "document_upload",
    "email_import",
    "fgc_record",
    "fgc_refer",
    "note_add",
    "note_correct",
    "plan_save",
    "task_add",
    "task_complete",
    "visit_frequency_update",
]
