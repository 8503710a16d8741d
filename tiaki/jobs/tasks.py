"""Running one scheduled job's run: the one django-tasks task, ``run_job``.

The queue (django-tasks' database backend) delivers a run at least once: a
run whose worker was killed is delivered again (tiaki.jobs.worker recovers
it), so a job is idempotent and a delivery of a run that already succeeded
does nothing. A job that raises is retried with back-off, then marked
failed with its reason; the task itself never raises, so the queue's row
holds no exception message (messages can quote personal data) and one job's
failure never stops the worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from tiaki.jobs import registry
from tiaki.jobs.models import JobRun

logger = logging.getLogger("tiaki.jobs")

#: Outcome and error columns' width (JobRun).
TEXT_MAX = 300


class JobError(Exception):
    """Raised by a job to fail with a reason of its own, shown on the jobs
    page as it is: the job promises it names no person (counts and ids only)."""


#: Plain reasons for the exceptions a job commonly meets, most specific
#: first; the exception's own message is never kept (it can quote a value).
PLAIN_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (OperationalError, "database unavailable"),
    (IntegrityError, "a database rule refused a change"),
    (DatabaseError, "database error"),
    (TimeoutError, "timed out"),
    (ConnectionError, "a connection failed"),
    (OSError, "a file or network operation failed"),
)


def plain_error(exc: BaseException) -> str:
    """``"OperationalError (database unavailable)"``: the class and a reason
    in words, never the exception's message (except a JobError's, which a
    job writes for this page)."""
    if isinstance(exc, JobError):
        reason = str(exc)
    else:
        reason = next((words for kind, words in PLAIN_REASONS if isinstance(exc, kind)), "unexpected error")
    return f"{type(exc).__name__} ({reason})"[:TEXT_MAX]


def retry_delay(job: registry.ScheduledJob, attempts: int) -> dt.timedelta:
    """The wait after attempt number ``attempts`` failed: retry_after, doubling."""
    return job.retry_after * (2 ** (attempts - 1))


@task()
def run_job(run_id: int) -> None:
    """The queue's task for one JobRun (tiaki.jobs.scheduler enqueues it)."""
    execute(run_id)


def execute(run_id: int) -> JobRun | None:
    """Run the JobRun ``run_id`` once more and record what happened. Returns
    the run as left, or None if it no longer exists (pruned)."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        if run.status in (JobRun.Status.SUCCEEDED, JobRun.Status.FAILED):
            # A duplicate delivery (at-least-once): the run is already settled.
            return run
        try:
            job = registry.job(run.job_name)
        except KeyError:
            # The job was removed from the code after the run was queued.
            _settle(run, JobRun.Status.FAILED, error="UnknownJob (no such job in this version of Tiaki)")
            return run
        # Committed before the job starts, so a killed worker leaves the run
        # visibly RUNNING with its attempt counted (RUNNING is run again).
        run.status = JobRun.Status.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.next_attempt_at = None
        run.save(update_fields=["status", "attempts", "started_at", "next_attempt_at"])
    started = time.monotonic()
    try:
        # Outside any transaction: a job does its work in its own ones.
        outcome = job.function()
    except Exception as exc:  # recorded, retried or failed; never stops the worker
        # The private formatter keeps the frames and drops the message.
        logger.exception("Job %s (run %s, attempt %s) failed", run.job_name, run.pk, run.attempts)
        duration_ms = int((time.monotonic() - started) * 1000)
        with transaction.atomic():
            run.duration_ms = duration_ms
            if run.attempts < job.max_attempts:
                run.next_attempt_at = timezone.now() + retry_delay(job, run.attempts)
                _settle(run, JobRun.Status.RETRYING, error=plain_error(exc))
                run_job.using(run_after=run.next_attempt_at).enqueue(run.pk)
            else:
                _settle(run, JobRun.Status.FAILED, error=plain_error(exc))
        return run
    run.duration_ms = int((time.monotonic() - started) * 1000)
    _settle(run, JobRun.Status.SUCCEEDED, outcome=str(outcome or "")[:TEXT_MAX])
    logger.info("Job %s (run %s) succeeded in %s ms", run.job_name, run.pk, run.duration_ms)
    return run


def _settle(run: JobRun, status: str, *, outcome: str = "", error: str = "") -> None:
    run.status = status
    run.outcome, run.error = outcome, error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "outcome", "error", "finished_at", "duration_ms", "next_attempt_at"])
