"""The queue's depth for the metrics (tiaki.web.metrics, registered by
IntakeConfig.ready()): how many reports wait at each stage of the queue,
across every site. Counts only, read by the scraper with no actor: no
report, person or site is named, so no access decision or audit event."""

from __future__ import annotations

from django.db.models import Count

from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.queue import QUEUE_STAGES


def queue_depths() -> dict[str, float]:
    """Reports waiting for a decision, for its approval, and for allocation."""
    counts = dict.fromkeys((str(stage) for stage in QUEUE_STAGES), 0.0)
    waiting = ReportOfConcern.objects.filter(
        stage__in=QUEUE_STAGES, status=ReportOfConcern.Status.OPEN, allocated_to__isnull=True
    )
    rows = waiting.values("stage").annotate(n=Count("pk"))
    for row in rows:
        counts[str(row["stage"])] = float(row["n"])
    return counts
