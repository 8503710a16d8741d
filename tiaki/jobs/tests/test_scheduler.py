"""The schedule queues each job's latest due slot once: a fresh install runs
nothing at once, missed slots coalesce, two ticks queue one run."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tiaki.jobs import queue, scheduler
from tiaki.jobs.models import JobRun, JobSchedule
from tiaki.jobs.tests.conftest import NOW

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _ok() -> str:
    return "done"


def _slots(name: str = "test.every15") -> list[dt.datetime]:
    runs = JobRun.objects.filter(job_name=name, reason="schedule").order_by("due_at")
    return list(runs.values_list("due_at", flat=True))


def test_a_fresh_install_runs_nothing_until_the_first_slot_after_its_first_tick(only_jobs):
    only_jobs("test.every15", _ok)
    assert scheduler.tick(NOW) == []  # 10:07: the 10:00 slot passed before Tiaki saw the job
    assert JobSchedule.objects.get(job_name="test.every15").since == NOW
    assert scheduler.tick(NOW + 7 * MINUTE) == []  # 10:14
    queued = scheduler.tick(NOW + 8 * MINUTE)  # 10:15
    assert [run.due_at for run in queued] == [NOW + 8 * MINUTE]
    assert queued[0].status == JobRun.Status.QUEUED
    assert DBTaskResult.objects.filter(args_kwargs__args=[queued[0].pk]).count() == 1


def test_a_slot_is_queued_once_however_often_the_worker_ticks(only_jobs):
    only_jobs("test.every15", _ok)
    scheduler.tick(NOW)
    for seconds in (480, 485, 600, 1000):
        scheduler.tick(NOW + dt.timedelta(seconds=seconds))
    assert _slots() == [NOW + 8 * MINUTE]
    scheduler.tick(NOW + 23 * MINUTE)  # 10:30
    assert _slots() == [NOW + 8 * MINUTE, NOW + 23 * MINUTE]


def test_slots_missed_while_no_worker_ran_are_coalesced_into_the_latest(only_jobs):
    only_jobs("test.every15", _ok)
    only_jobs("test.nightly", _ok, cron="30 2 * * *")
    scheduler.tick(NOW)
    scheduler.tick(NOW + 8 * MINUTE)
    # Down from 10:15 until 13:20 the next day: one run, for 13:15.
    queued = scheduler.tick(NOW + dt.timedelta(days=1, hours=3, minutes=13))
    by_name = {run.job_name: run.due_at for run in queued}
    assert by_name["test.every15"] == NOW + dt.timedelta(days=1, hours=3, minutes=8)
    # The nightly job's one slot since its first tick: 02:30 Auckland (13:30 UTC).
    assert by_name["test.nightly"] == dt.datetime(2026, 12, 2, 13, 30, tzinfo=dt.UTC)
    assert len(_slots()) == 2


def test_the_cron_is_read_in_the_agencys_time_zone(only_jobs):
    only_jobs("test.nightly", _ok, cron="30 2 * * *")
    assert scheduler.next_fire("30 2 * * *", NOW) == dt.datetime(2026, 12, 2, 13, 30, tzinfo=dt.UTC)


def test_run_soon_queues_one_run_while_one_waits(only_jobs):
    only_jobs("test.every15", _ok)
    queue.run_soon("test.every15")
    queue.run_soon("test.every15")
    assert JobRun.objects.filter(job_name="test.every15", reason="soon").count() == 1
    JobRun.objects.filter(job_name="test.every15").update(status=JobRun.Status.RUNNING, started_at=NOW)
    queue.run_soon("test.every15")
    assert JobRun.objects.filter(job_name="test.every15", reason="soon").count() == 2
    with pytest.raises(KeyError, match=r"test\.every15"):
        queue.run_soon("test.nothing")


@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite cannot hold two writers; see test_kill.py")
@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_queue_one_run(only_jobs):
    only_jobs("test.every15", _ok)
    only_jobs("test.every15b", _ok)
    scheduler.tick(NOW)
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            scheduler.tick(NOW + 8 * MINUTE)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert _slots("test.every15") == [NOW + 8 * MINUTE]
    assert _slots("test.every15b") == [NOW + 8 * MINUTE]
    assert DBTaskResult.objects.count() == 2


def test_a_job_with_a_bad_cron_expression_fails_at_start_up_naming_it(only_jobs):
    with pytest.raises(ValueError, match=r"Job 'test\.bad' has a cron expression that cannot be read"):
        only_jobs("test.bad", _ok, cron="every tuesday")
