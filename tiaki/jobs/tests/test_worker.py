"""`tiaki worker`: its loop heartbeats, ticks and runs; a task left running
by a dead worker runs again; SIGTERM finishes the job in hand; --once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tiaki.jobs import tasks
from tiaki.jobs.models import JobRun, WorkerBeat
from tiaki.jobs.tests.conftest import NOW
from tiaki.jobs.worker import Worker

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _ok() -> str:
    return "done"


def _claimed_by(worker_id: str, *, minutes_ago: int) -> tuple[JobRun, DBTaskResult]:
    run = JobRun.objects.create(job_name="test.ok", due_at=timezone.now(), reason="soon", status="running", attempts=1)
    tasks.run_job.enqueue(run.pk)
    row = DBTaskResult.objects.get(args_kwargs__args=[run.pk])
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - minutes_ago * MINUTE)
    return run, row


def _beat(worker_id: str, *, seen_minutes_ago: int) -> None:
    seen = timezone.now() - seen_minutes_ago * MINUTE
    WorkerBeat.objects.create(worker_id=worker_id, host="node-1", pid=1, started_at=seen, seen_at=seen)


def test_a_task_running_under_a_dead_worker_runs_again(only_jobs):
    only_jobs("test.ok", _ok)
    _beat("dead", seen_minutes_ago=5)
    run, row = _claimed_by("dead", minutes_ago=5)
    worker = Worker(worker_id="alive", stale_after=dt.timedelta(seconds=60))
    assert worker.run_once() == 1
    row.refresh_from_db()
    run.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["dead", "alive"]
    assert (run.status, run.attempts) == ("succeeded", 2)


def test_a_task_running_under_a_live_worker_is_left_alone(only_jobs):
    only_jobs("test.ok", _ok)
    _beat("busy", seen_minutes_ago=0)
    _, row = _claimed_by("busy", minutes_ago=5)
    assert Worker(worker_id="other").recover(timezone.now()) == 0
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_the_loop_ticks_runs_and_heartbeats_on_its_clock(only_jobs):
    only_jobs("test.ok", _ok)
    # Start, the first tick at 10:07, then 10:15 (a slot) and on.
    clock = iter([NOW, NOW, NOW + 8 * MINUTE, NOW + 8 * MINUTE, NOW + 9 * MINUTE])
    now = [NOW]

    def tick() -> dt.datetime:
        now[0] = next(clock, now[0])
        return now[0]

    passes = []
    worker = Worker(worker_id="loop", clock=tick, sleep=lambda seconds: None)
    worker.run(stop=lambda: passes.append(1) or len(passes) > 4)
    run = JobRun.objects.get(job_name="test.ok")
    assert run.due_at == NOW + 8 * MINUTE
    assert run.status == "succeeded"
    beat = WorkerBeat.objects.get(worker_id="loop")
    assert beat.stopped_at is not None
    assert beat.seen_at >= NOW + 8 * MINUTE


def test_a_stop_request_ends_the_loop_after_the_job_in_hand(only_jobs):
    worker = Worker(worker_id="term", sleep=lambda seconds: None)

    def job() -> str:
        worker.request_stop()  # as SIGTERM does, mid-job
        return "finished anyway"

    only_jobs("test.stop", job)
    run = JobRun.objects.create(job_name="test.stop", due_at=NOW, reason="soon")
    tasks.run_job.enqueue(run.pk)
    worker.run()
    run.refresh_from_db()
    assert (run.status, run.outcome) == ("succeeded", "finished anyway")
    assert WorkerBeat.objects.get(worker_id="term").stopped_at is not None


def test_once_runs_everything_due_and_exits(only_jobs, capsys):
    only_jobs("test.ok", _ok)
    for _ in range(2):
        tasks.run_job.enqueue(JobRun.objects.create(job_name="test.ok", due_at=NOW, reason="soon").pk)
    call_command("worker", "--once", "--worker-id", "cron")
    assert "Ran 2 tasks." in capsys.readouterr().out
    assert set(JobRun.objects.values_list("status", flat=True)) == {"succeeded"}
    assert WorkerBeat.objects.get(worker_id="cron").stopped_at is not None


def test_the_loop_carries_on_when_the_database_is_briefly_unreachable(only_jobs, monkeypatch):
    only_jobs("test.ok", _ok)
    worker = Worker(worker_id="blip", sleep=lambda seconds: None)
    calls = []

    def step(now: dt.datetime) -> bool:
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return False

    monkeypatch.setattr(worker, "step", step)
    worker.run(stop=lambda: len(calls) >= 2)
    assert len(calls) == 2
