"""Reads for intake, each a @selector on the one read path (tiaki.access.paths)."""

from tiaki.intake.selectors.dashboard import Dashboard, timeliness_dashboard
from tiaki.intake.selectors.queue import Queue, QueueItem, queue_site_ids, report_for_allocation, report_queue
from tiaki.intake.selectors.report import (
    NOTIFIER_MASKED,
    DraftSummary,
    LinkedPerson,
    PersonHistory,
    ReportView,
    report_draft_get,
    report_drafts_for,
    report_get,
    report_link_candidates,
)

__all__ = [
    "NOTIFIER_MASKED",
    "Dashboard",
    "DraftSummary",
    "LinkedPerson",
    "PersonHistory",
    "Queue",
    "QueueItem",
    "ReportView",
    "queue_site_ids",
    "report_draft_get",
    "report_drafts_for",
    "report_for_allocation",
    "report_get",
    "report_link_candidates",
    "report_queue",
    "timeliness_dashboard",
]
