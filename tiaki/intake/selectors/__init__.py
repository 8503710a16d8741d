"""Reads for intake, each taking the acting user (tiaki.access.scoping)."""

from tiaki.intake.selectors.dashboard import Dashboard, timeliness_dashboard
from tiaki.intake.selectors.queue import Queue, QueueItem, queue_site_ids, report_for_allocation, report_queue
from tiaki.intake.selectors.report import ReportView, report_get

__all__ = [
    "Dashboard",
    "Queue",
    "QueueItem",
    "ReportView",
    "queue_site_ids",
    "report_for_allocation",
    "report_get",
    "report_queue",
    "timeliness_dashboard",
]
