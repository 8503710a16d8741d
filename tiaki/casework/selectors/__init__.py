"""Casework reads, each on the one read path: need-to-know first, one audit
event per read, and what the reader may do next."""

from tiaki.casework.selectors.cases import (
    CaseSummary,
    CaseView,
    CaseworkDue,
    case_get,
    case_list_for,
    casework_due,
)
from tiaki.casework.selectors.records import (
    CourtOrderRecord,
    EmailRecord,
    FgcRecord,
    NoteHistory,
    PlanHistory,
    court_order_get,
    document_open,
    email_get,
    fgc_get,
    note_get,
    plan_get,
)
from tiaki.casework.selectors.work import CaseWork, DueItem, Work, casework_work_for

__all__ = [
    "CaseSummary",
    "CaseView",
    "CaseWork",
    "CaseworkDue",
    "CourtOrderRecord",
    "DueItem",
    "EmailRecord",
    "FgcRecord",
    "NoteHistory",
    "PlanHistory",
    "Work",
    "case_get",
    "case_list_for",
    "casework_due",
    "casework_work_for",
    "court_order_get",
    "document_open",
    "email_get",
    "fgc_get",
    "note_get",
    "plan_get",
]
