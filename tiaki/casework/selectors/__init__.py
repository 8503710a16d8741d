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
from tiaki.casework.selectors.chronology import (
    ChronologyInputError,
    ChronologyPage,
    Entry,
    Filters,
    chronology_page,
    whanau_children,
    whanau_chronology_page,
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
    "ChronologyInputError",
    "ChronologyPage",
    "CourtOrderRecord",
    "EmailRecord",
    "Entry",
    "FgcRecord",
    "Filters",
    "NoteHistory",
    "PlanHistory",
    "case_get",
    "case_list_for",
    "casework_due",
    "chronology_page",
    "court_order_get",
    "document_open",
    "email_get",
    "fgc_get",
    "note_get",
    "plan_get",
    "whanau_children",
    "whanau_chronology_page",
]
