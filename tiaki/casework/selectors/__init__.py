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

__all__ = [
    "CaseSummary",
    "CaseView",
    "CaseworkDue",
    "CourtOrderRecord",
    "EmailRecord",
    "FgcRecord",
    "NoteHistory",
    "PlanHistory",
    "case_get",
    "case_list_for",
    "casework_due",
    "court_order_get",
    "document_open",
    "email_get",
    "fgc_get",
    "note_get",
    "plan_get",
]
