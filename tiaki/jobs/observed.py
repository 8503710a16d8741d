"""The jobs as /healthz and /metrics see them (tiaki.web.health,
tiaki.web.metrics), registered from JobsConfig.ready().

The health check is a warning, not a readiness failure: a web node serves
pages whatever the worker is doing, so a late job makes /healthz "degraded"
(and says which job, in words) but never takes a node out of the load
balancer. The gauges are read from the database when Prometheus scrapes, so
every web node reports the same figures: alert on them from one.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from tiaki.jobs import status
from tiaki.jobs.models import JobRun, WorkerBeat
from tiaki.web.health import register_check
from tiaki.web.metrics import register_gauge

#: Failed runs are counted over this window (tiaki_job_failures).
FAILURE_WINDOW = dt.timedelta(hours=24)


def _problems() -> list[str]:
    return status.problems(timezone.now())


def job_lag_seconds() -> dict[str, float]:
    """How far behind each job is: the seconds since its next run fell due (0 when it is not due yet)."""
    now = timezone.now()
    return {s.name: max(0.0, (now - s.next_run_at).total_seconds()) for s in status.job_statuses(now)}


def job_failures() -> dict[str, float]:
    """Failed runs of each job (every attempt used) in the last 24 hours."""
    since = timezone.now() - FAILURE_WINDOW
    counts = dict(
        JobRun.objects.filter(status=JobRun.Status.FAILED, finished_at__gte=since)
        .values_list("job_name")
        .annotate(n=Count("pk"))
        .values_list("job_name", "n")
    )
    return {s.name: float(counts.get(s.name, 0)) for s in status.job_statuses(timezone.now())}


def jobs_waiting() -> dict[str, float]:
    """Runs by state: queued (waiting for a worker) and retrying (waiting out their back-off)."""
    counts = dict(
        JobRun.objects.filter(status__in=[JobRun.Status.QUEUED, JobRun.Status.RETRYING])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {state: float(counts.get(state, 0)) for state in (JobRun.Status.QUEUED, JobRun.Status.RETRYING)}


def worker_silence_seconds() -> float:
    """Seconds since any `tiaki worker` last heartbeated (-1: none ever has)."""
    seen = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return -1.0 if seen is None else (timezone.now() - seen).total_seconds()


def register() -> None:
    register_check("jobs", _problems, ready=False)
    register_gauge("tiaki_job_lag_seconds", "Seconds since each job's next run fell due", job_lag_seconds, label="job")
    register_gauge("tiaki_job_failures", "Failed runs of each job in the last 24 hours", job_failures, label="job")
    register_gauge("tiaki_job_runs_waiting", "Job runs queued or retrying", jobs_waiting, label="state")
    register_gauge("tiaki_worker_silence_seconds", "Seconds since a worker last heartbeated", worker_silence_seconds)
