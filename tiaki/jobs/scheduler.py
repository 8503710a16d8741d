"""The schedule's clock: which runs are due, queued once each.

``tick(now)`` runs every few seconds in each `tiaki worker` (and once in
``tiaki worker --once``). For each job it finds the latest cron slot at or
before ``now`` after the job's last scheduled run and queues one JobRun for
it; slots missed while no worker ran are coalesced into that one run, since
every job catches up on everything outstanding when it runs. The slot is
unique (JobRun's ``jobs_one_run_per_slot``), so two workers ticking at once,
on one node or two, queue it once.

Cron expressions are read in the agency's time zone (settings.TIME_ZONE)
with APScheduler's CronTrigger, used only to compute fire times: its own
scheduler loop is not run (one loop, the worker's, does everything).
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]  # APScheduler 3 ships no types
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from tiaki.jobs import registry
from tiaki.jobs.models import JobRun, JobSchedule
from tiaki.jobs.tasks import run_job

_TICK = dt.timedelta(microseconds=1)


@functools.lru_cache(maxsize=64)
def trigger(cron: str) -> CronTrigger:
    """The cron expression as a trigger in the agency's time zone."""
    return CronTrigger.from_crontab(cron, timezone=ZoneInfo(settings.TIME_ZONE))


def next_fire(cron: str, after: dt.datetime) -> dt.datetime:
    """The first slot strictly after ``after``."""
    fire = trigger(cron).get_next_fire_time(None, after + _TICK)
    assert fire is not None  # a crontab without an end date always fires again
    return fire


def latest_fire(cron: str, after: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """The latest slot in (``after``, ``now``], or None. Looks back from
    ``now`` in doubling windows, so a worker down for a month does not step
    through every minute it missed."""
    window = dt.timedelta(minutes=1)
    while True:
        start = max(after, now - window)
        fire = next_fire(cron, start)
        if fire <= now:
            while (following := next_fire(cron, fire)) <= now:
                fire = following
            return fire
        if start == after:
            return None
        window *= 2


def first_seen(now: dt.datetime) -> dict[str, dt.datetime]:
    """When the schedule first saw each job, recording ``now`` for a job it
    had not seen (its first slot is the first after this, so a fresh install
    does not run every job at once)."""
    seen = dict(JobSchedule.objects.values_list("job_name", "since"))
    for job in registry.jobs():
        if job.name not in seen:
            with transaction.atomic():
                # get_or_create: another worker may record it at the same moment.
                schedule, _ = JobSchedule.objects.get_or_create(job_name=job.name, defaults={"since": now})
            seen[job.name] = schedule.since
    return seen


def tick(now: dt.datetime) -> list[JobRun]:
    """Queue every job's latest due slot not yet queued. Returns the runs
    this call queued (another worker's are not in it)."""
    last_slots = dict(
        JobRun.objects.filter(reason=JobRun.Reason.SCHEDULE)
        .values("job_name")
        .annotate(last=Max("due_at"))
        .values_list("job_name", "last")
    )
    seen = first_seen(now)
    queued = []
    for job in registry.jobs():
        last = last_slots.get(job.name)
        slot = latest_fire(job.cron, max(last, seen[job.name]) if last else seen[job.name], now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job_name=job.name, due_at=slot, reason=JobRun.Reason.SCHEDULE)
                run_job.enqueue(run.pk)
        except IntegrityError:
            continue  # another worker queued this slot first
        queued.append(run)
    return queued


def run_soon(name: str, now: dt.datetime) -> JobRun | None:
    """Queue one run of ``name`` due ``now``, unless one is queued and not
    yet started (it will do the same work). Returns the new run, or None."""
    registry.job(name)  # KeyError names the known jobs
    with transaction.atomic():
        if JobRun.objects.filter(job_name=name, status=JobRun.Status.QUEUED, started_at__isnull=True).exists():
            return None
        run = JobRun.objects.create(job_name=name, due_at=now, reason=JobRun.Reason.SOON)
        run_job.enqueue(run.pk)
    return run
