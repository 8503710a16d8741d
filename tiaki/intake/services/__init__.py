"""Writes for intake: record a report (and its draft), triage, approve,
allocate, respond, and the escalation job. Each is a @service on the one
write path (tiaki.access.paths): permission first, then need-to-know, then
the write and its audit event in one transaction."""

from tiaki.intake.services.reports import (
    MAX_NARRATIVE,
    ConcernInput,
    ReportInput,
    ReportInputError,
    ReportPersonInput,
    UnlinkedPersonInput,
    report_draft_save,
    report_record,
)
from tiaki.intake.services.triage import (
    AllocationConflict,
    ConflictOfInterest,
    TriageError,
    report_allocate,
    report_respond,
    reports_escalate,
    triage_approve,
    triage_decide,
)

__all__ = [
    "MAX_NARRATIVE",
    "AllocationConflict",
    "ConcernInput",
    "ConflictOfInterest",
    "ReportInput",
    "ReportInputError",
    "ReportPersonInput",
    "TriageError",
    "UnlinkedPersonInput",
    "report_allocate",
    "report_draft_save",
    "report_record",
    "report_respond",
    "reports_escalate",
    "triage_approve",
    "triage_decide",
]
