"""problems(): late jobs, failed jobs and a silent worker, in plain sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaki.jobs import scheduler, status
from tiaki.jobs.models import JobRun, WorkerBeat
from tiaki.jobs.tests.conftest import NOW

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _ok() -> str:
    return "done"


def _beat(seen: dt.datetime) -> None:
    WorkerBeat.objects.create(worker_id="w1", host="node-1", pid=1, started_at=seen, seen_at=seen)


def test_all_is_well_when_the_worker_is_seen_and_runs_are_on_time(only_jobs):
    only_jobs("test.every15", _ok)
    scheduler.tick(NOW)
    _beat(NOW + 8 * MINUTE)
    (run,) = scheduler.tick(NOW + 8 * MINUTE)
    JobRun.objects.filter(pk=run.pk).update(status="succeeded", finished_at=NOW + 8 * MINUTE)
    assert status.problems(NOW + 9 * MINUTE) == []
    (job,) = status.job_statuses(NOW + 9 * MINUTE)
    assert job.schedule == "every 15 minutes"
    assert job.next_run_at == NOW + 23 * MINUTE
    assert job.last_run is not None
    assert job.last_run.status == "succeeded"


def test_a_job_not_run_on_time_is_late(only_jobs):
    only_jobs("test.every15", _ok, late_after=dt.timedelta(minutes=20))
    scheduler.tick(NOW)
    (run,) = scheduler.tick(NOW + 8 * MINUTE)  # 10:15
    JobRun.objects.filter(pk=run.pk).update(status="succeeded", finished_at=NOW + 8 * MINUTE)
    _beat(NOW + 60 * MINUTE)
    # The 10:30 slot never ran; by 10:51 it is more than 20 minutes late.
    assert status.problems(NOW + 43 * MINUTE) == []
    assert status.problems(NOW + 44 * MINUTE) == ["test.every15 has not run since 10:15 (due every 15 minutes)."]
    (job,) = status.job_statuses(NOW + 44 * MINUTE)
    assert job.late


def test_a_job_that_never_ran_is_late_from_its_first_slot(only_jobs):
    only_jobs("test.every15", _ok, late_after=dt.timedelta(minutes=20))
    scheduler.tick(NOW)
    _beat(NOW + 60 * MINUTE)
    assert status.problems(NOW + 30 * MINUTE) == [
        "test.every15 has not run yet: it was due at 10:15 (due every 15 minutes)."
    ]


def test_a_failed_run_is_a_problem_with_its_reason(only_jobs):
    only_jobs("people.scan_duplicates", _ok, cron="30 2 * * *")
    _beat(NOW)
    JobRun.objects.create(
        job_name="people.scan_duplicates", due_at=NOW, reason="hand", status="failed",
        error="OperationalError (database unavailable)", finished_at=NOW,
    )  # fmt: skip
    assert status.problems(NOW) == ["people.scan_duplicates failed: OperationalError (database unavailable)."]


def test_a_silent_worker_is_a_problem(only_jobs):
    assert status.problems(NOW) == ["No worker has been seen: scheduled jobs are not running (start tiaki worker)."]
    _beat(NOW - 10 * MINUTE)
    assert status.problems(NOW) == ["No worker has been seen since 09:57: scheduled jobs are not running."]
    WorkerBeat.objects.filter(worker_id="w1").update(seen_at=NOW - dt.timedelta(days=1))
    assert status.problems(NOW) == [
        "No worker has been seen since 1 December 2026, 10:07: scheduled jobs are not running."
    ]


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("* * * * *", "every minute"),
        ("*/15 * * * *", "every 15 minutes"),
        ("5 * * * *", "hourly at 05 past"),
        ("30 2 * * *", "daily at 02:30"),
        ("0 9 * * 1", "cron 0 9 * * 1"),
    ],
)
def test_schedules_in_words(cron, words):
    assert status.schedule_in_words(cron) == words
