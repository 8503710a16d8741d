"""Casework models: cases and what is recorded on them."""

from tiaki.casework.models.cases import Case, CaseEvent, CaseParticipant, Task, VisitFrequency
from tiaki.casework.models.documents import CaseEmail, Document
from tiaki.casework.models.records import (
    CaseNote,
    CaseNoteVersion,
    CourtOrder,
    EngagementAttempt,
    FamilyGroupConference,
    NoteSubject,
    Plan,
    PlanVersion,
)

__all__ = [
    "Case",
    "CaseEmail",
    "CaseEvent",
    "CaseNote",
    "CaseNoteVersion",
    "CaseParticipant",
    "CourtOrder",
    "Document",
    "EngagementAttempt",
    "FamilyGroupConference",
    "NoteSubject",
    "Plan",
    "PlanVersion",
    "Task",
    "VisitFrequency",
]
