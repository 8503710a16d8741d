from tiaki.intake.models.policy import ResponseTimeframe, TriagePolicy, WorkloadWeight
from tiaki.intake.models.report import ReportConcern, ReportDraft, ReportOfConcern, ReportPerson, TriageDecision

__all__ = [
    "ReportConcern",
    "ReportDraft",
    "ReportOfConcern",
    "ReportPerson",
    "ResponseTimeframe",
    "TriageDecision",
    "TriagePolicy",
    "WorkloadWeight",
]
