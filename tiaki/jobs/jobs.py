"""The jobs kernel's own scheduled job: pruning its history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tiaki.jobs.models import JobRun, WorkerBeat
from tiaki.jobs.registry import scheduled

#: How long finished runs and task rows are kept.
KEEP = dt.timedelta(days=90)


@scheduled(
    "jobs.prune",
    cron="15 3 * * *",
    late_after=dt.timedelta(hours=6),
    description="Delete finished task rows, job runs and worker heartbeats older than 90 days",
)
def prune() -> str:
    """Idempotent: deleting what is older than 90 days twice deletes nothing
    the second time. Each job's latest scheduled run is kept, whatever its
    age, because the schedule counts its next slot from it."""
    return prune_before(timezone.now() - KEEP)


def prune_before(cutoff: dt.datetime) -> str:
    latest = JobRun.objects.filter(reason=JobRun.Reason.SCHEDULE).values("job_name").annotate(last=Max("due_at"))
    keep = [
        pk
        for row in latest
        for pk in JobRun.objects.filter(
            job_name=row["job_name"], reason=JobRun.Reason.SCHEDULE, due_at=row["last"]
        ).values_list("pk", flat=True)
    ]
    with transaction.atomic():
        runs, _ = (
            JobRun.objects.filter(status__in=[JobRun.Status.SUCCEEDED, JobRun.Status.FAILED], finished_at__lt=cutoff)
            .exclude(pk__in=keep)
            .delete()
        )
        tasks, _ = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
        ).delete()
        # Each `tiaki worker` process has its own row; long-gone ones go too.
        WorkerBeat.objects.filter(seen_at__lt=cutoff).delete()
    return f"Deleted {runs} job run(s) and {tasks} task row(s) older than {KEEP.days} days."
