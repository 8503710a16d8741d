"""Casework reads: need-to-know first, one audit event per view."""

from tiaki.casework.selectors.cases import (
    CaseSummary,
    CaseView,
    NoteHistory,
    PlanHistory,
    case_get,
    case_list_for,
    court_order_get,
    document_open,
    email_get,
    fgc_get,
    note_get,
    plan_get,
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

__all__ = [
    "CaseSummary",
    "CaseView",
    "ChronologyInputError",
    "ChronologyPage",
    "Entry",
    "Filters",
    "NoteHistory",
    "PlanHistory",
    "case_get",
    "case_list_for",
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
