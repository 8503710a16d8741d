"""How the scheduled jobs are doing, for `tiaki jobs`, the jobs page
(/admin/jobs/), /healthz's detail and the metrics.

Two functions, kept stable for those callers:

- ``job_statuses(now)``: one JobStatus per declared job, by name: its
  schedule, last run (when, outcome, duration, attempts), next run and
  alerts.
- ``problems(now)``: every alert as a plain sentence, for a health check:
  a job late (due more than its ``late_after`` ago and not succeeded since),
  a job whose last run failed (with its reason), no worker seen lately.

Job data holds no personal data (names, counts, times and exception class
names only; tiaki.jobs.tasks keeps messages out), so these are plain reads,
not @selector reads of personal data, and need no audit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from tiaki.jobs import registry, scheduler
from tiaki.jobs.models import JobRun, JobSchedule, WorkerBeat

#: No heartbeat from any `tiaki worker` for this long is an alert. A site
#: running `tiaki worker --once` from cron runs it more often than this.
WORKER_SILENT_AFTER = dt.timedelta(minutes=5)
#: Runs shown for each job on the jobs page.
RECENT = 5


@dataclass(frozen=True)
class RunView:
    id: int
    reason: str
    status: str
    status_label: str
    due_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    duration_ms: int | None
    attempts: int
    outcome: str
    error: str
    next_attempt_at: dt.datetime | None


@dataclass(frozen=True)
class JobStatus:
    name: str
    description: str
    cron: str
    #: The schedule in words ("every 15 minutes"), or the cron expression.
    schedule: str
    last_run: RunView | None
    #: When the last successful run finished.
    last_success_at: dt.datetime | None
    #: The next run: a queued or retrying run's time, else the next slot
    #: (in the past when the worker is not keeping up).
    next_run_at: dt.datetime
    late: bool
    #: Plain sentences (problems() gathers them).
    alerts: tuple[str, ...]
    recent: tuple[RunView, ...]


def schedule_in_words(cron: str) -> str:
    """Common crontabs in words; anything else as the expression itself."""
    fields = cron.split()
    if len(fields) != 5:
        return cron
    minute, hour, rest = fields[0], fields[1], fields[2:]
    if rest != ["*", "*", "*"]:
        return f"cron {cron}"
    if minute == "*" and hour == "*":
        return "every minute"
    if (every := re.fullmatch(r"\*/(\d+)", minute)) and hour == "*":
        return f"every {every[1]} minutes"
    if minute.isdigit() and hour == "*":
        return f"hourly at {int(minute):02d} past"
    if minute.isdigit() and hour.isdigit():
        return f"daily at {int(hour):02d}:{int(minute):02d}"
    return f"cron {cron}"


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """A time in the agency's zone: "14:15" today, else "1 December 2026, 14:15"."""
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{local.day} {local:%B %Y, %H:%M}"


def _view(run: JobRun) -> RunView:
    return RunView(
        id=run.pk, reason=run.reason, status=run.status, status_label=run.get_status_display(),
        due_at=run.due_at, started_at=run.started_at, finished_at=run.finished_at, duration_ms=run.duration_ms,
        attempts=run.attempts, outcome=run.outcome, error=run.error, next_attempt_at=run.next_attempt_at,
    )  # fmt: skip


def job_status(job: registry.ScheduledJob, now: dt.datetime, since: dt.datetime | None) -> JobStatus:
    runs = list(JobRun.objects.filter(job_name=job.name).order_by("-created_at", "-pk")[:RECENT])
    last = runs[0] if runs else None
    success = JobRun.objects.filter(job_name=job.name, status=JobRun.Status.SUCCEEDED).order_by("-due_at").first()
    last_slot = (
        JobRun.objects.filter(job_name=job.name, reason=JobRun.Reason.SCHEDULE)
        .order_by("-due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    pending = next((r for r in runs if r.status in (JobRun.Status.QUEUED, JobRun.Status.RETRYING)), None)
    if pending is not None:
        next_run_at = pending.next_attempt_at or pending.due_at
    else:
        base = max(t for t in (last_slot, since) if t is not None) if (last_slot or since) else now
        next_run_at = scheduler.next_fire(job.cron, base)
    schedule = schedule_in_words(job.cron)
    alerts = []
    late = False
    if since is not None:
        # The first slot the last success did not cover.
        owed = scheduler.next_fire(job.cron, max(success.due_at, since) if success else since)
        if owed + job.late_after < now:
            late = True
            if success is not None and success.finished_at is not None:
                alerts.append(f"{job.name} has not run since {when(success.finished_at, now)} (due {schedule}).")
            else:
                alerts.append(f"{job.name} has not run yet: it was due at {when(owed, now)} (due {schedule}).")
    if last is not None and last.status == JobRun.Status.FAILED:
        alerts.append(f"{job.name} failed: {last.error}.")
    return JobStatus(
        name=job.name, description=job.description, cron=job.cron, schedule=schedule,
        last_run=_view(last) if last else None,
        last_success_at=success.finished_at if success else None,
        next_run_at=next_run_at, late=late, alerts=tuple(alerts), recent=tuple(_view(r) for r in runs),
    )  # fmt: skip


def job_statuses(now: dt.datetime) -> list[JobStatus]:
    """Every declared job's status at ``now``, by name."""
    seen = dict(JobSchedule.objects.values_list("job_name", "since"))
    return [job_status(job, now, seen.get(job.name)) for job in registry.jobs()]


def worker_seen_at() -> dt.datetime | None:
    """The last heartbeat from any worker."""
    return WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def worker_problem(now: dt.datetime) -> str | None:
    seen = worker_seen_at()
    if seen is None:
        return "No worker has been seen: scheduled jobs are not running (start tiaki worker)."
    if seen < now - WORKER_SILENT_AFTER:
        return f"No worker has been seen since {when(seen, now)}: scheduled jobs are not running."
    return None


def problems(now: dt.datetime) -> list[str]:
    """Every alert at ``now`` as a plain sentence, no personal data: the
    worker first, then each job's, by job name. Empty when all is well."""
    found = [p for p in (worker_problem(now),) if p]
    for status in job_statuses(now):
        found.extend(status.alerts)
    return found
