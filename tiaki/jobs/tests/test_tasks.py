"""A run: recorded with its outcome; a failure retried with back-off, then
failed with its reason (never its message); a duplicate delivery does nothing."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from tiaki.jobs import tasks
from tiaki.jobs.models import JobRun
from tiaki.jobs.tasks import JobError, execute, plain_error
from tiaki.jobs.worker import Worker
from tiaki.web.logging import PrivateFormatter

pytestmark = pytest.mark.django_db

calls: list[str] = []
PERSON = "Tūī Herewini"


def _ok() -> str:
    calls.append("ok")
    return "Escalated 2 reports."


def _broken() -> str:
    calls.append("broken")
    # A message quoting a person, as a database error can.
    raise OperationalError(f"could not write {PERSON!r}")


def _run(name: str) -> JobRun:
    return JobRun.objects.create(job_name=name, due_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), reason="soon")


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def test_a_run_records_its_outcome_duration_and_attempt(only_jobs):
    only_jobs("test.ok", _ok)
    run = execute(_run("test.ok").pk)
    assert run is not None
    run.refresh_from_db()
    assert (run.status, run.attempts, run.outcome, run.error) == ("succeeded", 1, "Escalated 2 reports.", "")
    assert run.duration_ms is not None
    assert run.started_at is not None
    assert run.finished_at is not None


def test_a_failing_job_is_retried_with_back_off_then_failed_with_its_reason(only_jobs):
    only_jobs("test.broken", _broken, max_attempts=3, retry_after=dt.timedelta(seconds=30))
    run_id = _run("test.broken").pk
    delays = []
    for _ in range(2):
        run = execute(run_id)
        assert run is not None
        assert run.status == JobRun.Status.RETRYING
        assert run.next_attempt_at is not None
        assert run.finished_at is not None
        delays.append(run.next_attempt_at - run.finished_at)
        # The retry is queued to the worker for then.
        retry = DBTaskResult.objects.filter(args_kwargs__args=[run_id]).order_by("-enqueued_at").first()
        assert retry is not None
        assert abs(retry.run_after - run.next_attempt_at) < dt.timedelta(seconds=1)
    assert [round(d.total_seconds()) for d in delays] == [30, 60]
    run = execute(run_id)
    assert run is not None
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("failed", 3)
    assert run.error == "OperationalError (database unavailable)"
    assert "Tūī" not in run.error
    assert run.next_attempt_at is None
    assert calls == ["broken"] * 3


def test_a_duplicate_delivery_of_a_finished_run_does_nothing(only_jobs):
    only_jobs("test.ok", _ok)
    run_id = _run("test.ok").pk
    execute(run_id)
    again = execute(run_id)
    assert again is not None
    assert (again.status, again.attempts) == ("succeeded", 1)
    assert calls == ["ok"]


def test_a_run_left_running_by_a_killed_worker_runs_again(only_jobs):
    only_jobs("test.ok", _ok)
    run = _run("test.ok")
    JobRun.objects.filter(pk=run.pk).update(status="running", attempts=1)
    done = execute(run.pk)
    assert done is not None
    assert (done.status, done.attempts) == ("succeeded", 2)


def test_a_job_removed_from_the_code_fails_with_a_reason(only_jobs):
    run = execute(_run("test.gone").pk)
    assert run is not None
    assert run.status == "failed"
    assert run.error.startswith("UnknownJob")


def test_plain_errors_name_the_class_and_a_reason_not_the_message():
    assert plain_error(ValueError("Tūī Herewini, 3 May 2015")) == "ValueError (unexpected error)"
    assert plain_error(TimeoutError("x")) == "TimeoutError (timed out)"
    assert plain_error(JobError("the mail server refused 3 messages")) == (
        "JobError (the mail server refused 3 messages)"
    )


def test_one_jobs_failure_never_stops_the_others(only_jobs):
    # No wait between attempts, so one pass of the worker sees them all.
    only_jobs("test.broken", _broken, max_attempts=2, retry_after=dt.timedelta(0))
    only_jobs("test.ok", _ok)
    broken, ok = _run("test.broken"), _run("test.ok")
    tasks.run_job.enqueue(broken.pk)
    tasks.run_job.enqueue(ok.pk)
    Worker(worker_id="w-test").run_once()
    broken.refresh_from_db()
    ok.refresh_from_db()
    assert (broken.status, broken.attempts) == ("failed", 2)
    assert ok.status == "succeeded"
    # The queue's rows hold no exception message: run_job never raised.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not DBTaskResult.objects.exclude(traceback="").exists()


def test_the_log_of_a_failing_job_keeps_its_frames_and_drops_its_message(only_jobs):
    only_jobs("test.broken", _broken, max_attempts=1)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PrivateFormatter("%(levelname)s %(name)s %(message)s"))
    jobs_logger = logging.getLogger("tiaki.jobs")
    jobs_logger.addHandler(handler)
    try:
        execute(_run("test.broken").pk)
    finally:
        jobs_logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "Job test.broken (run " in logged
    assert "OperationalError" in logged
    assert "_broken" in logged  # the frame
    assert "Tūī" not in logged
