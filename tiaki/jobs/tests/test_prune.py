"""jobs.prune deletes finished runs and queue rows older than 90 days, and
keeps each job's latest scheduled run, which the schedule counts from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tiaki.jobs import tasks
from tiaki.jobs.jobs import prune_before
from tiaki.jobs.models import JobRun, WorkerBeat

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _run(name: str, *, days_ago: int, reason: str = "schedule", status: str = "succeeded") -> JobRun:
    when = timezone.now() - days_ago * DAY
    return JobRun.objects.create(job_name=name, due_at=when, reason=reason, status=status, finished_at=when)


def test_it_deletes_what_is_old_and_keeps_the_latest_slot_and_what_is_recent():
    old = _run("a.job", days_ago=200)
    latest_old_slot = _run("a.job", days_ago=100)  # the latest schedule run of a.job: kept
    old_hand = _run("a.job", days_ago=150, reason="hand", status="failed")
    recent = _run("b.job", days_ago=10)
    unfinished = _run("b.job", days_ago=120, reason="soon", status="queued")
    tasks.run_job.enqueue(old.pk)
    tasks.run_job.enqueue(recent.pk)
    DBTaskResult.objects.filter(args_kwargs__args=[old.pk]).update(
        status="SUCCESSFUL", finished_at=timezone.now() - 200 * DAY
    )
    long_ago, today = timezone.now() - 100 * DAY, timezone.now()
    WorkerBeat.objects.create(worker_id="gone", host="n", pid=1, started_at=long_ago, seen_at=long_ago)
    WorkerBeat.objects.create(worker_id="here", host="n", pid=2, started_at=today, seen_at=today)
    outcome = prune_before(timezone.now() - 90 * DAY)
    assert outcome == "Deleted 2 job run(s) and 1 task row(s) older than 90 days."
    assert set(JobRun.objects.values_list("pk", flat=True)) == {latest_old_slot.pk, recent.pk, unfinished.pk}
    assert not JobRun.objects.filter(pk=old_hand.pk).exists()
    assert DBTaskResult.objects.count() == 1
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["here"]
    # Idempotent: a second run deletes nothing more.
    assert prune_before(timezone.now() - 90 * DAY).startswith("Deleted 0 job run(s) and 0 task row(s)")
