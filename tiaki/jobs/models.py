"""The jobs kernel's tables: one row per run of a scheduled job, and each
worker's heartbeat. They hold job names, times, counts and exception class
names, never personal data (tiaki.jobs.tasks keeps exception messages out)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class JobRun(models.Model):
    """One run of a scheduled job (tiaki.jobs.registry): due on its schedule,
    asked for soon (tiaki.jobs.queue.run_soon) or run by hand (`tiaki jobs run`)."""

    class Reason(models.TextChoices):
        SCHEDULE = "schedule", "On its schedule"
        SOON = "soon", "Asked for"
        HAND = "hand", "Run by hand"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    job_name = models.CharField(max_length=100)
    #: The schedule's slot (reason=schedule), or when the run was asked for.
    due_at = models.DateTimeField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    #: The job's one-line return text (counts and ids only).
    outcome = models.CharField(max_length=300, blank=True)
    #: The exception's class and a plain reason, never its message.
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Two workers (or two nodes) ticking at once never queue one slot
            # twice: the second insert fails and tiaki.jobs.scheduler skips it.
            models.UniqueConstraint(
                fields=["job_name", "due_at"], condition=Q(reason="schedule"), name="jobs_one_run_per_slot"
            ),
        ]
        indexes = [models.Index(fields=["job_name", "-due_at"], name="jobs_run_job_due")]

    def __str__(self) -> str:
        return f"{self.job_name} due {self.due_at:%Y-%m-%d %H:%M} ({self.status})"


class WorkerBeat(models.Model):
    """A `tiaki worker` process, seen every few seconds: a task RUNNING under
    a worker not seen for a while is run again (tiaki.jobs.worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host}"


class JobSchedule(models.Model):
    """When the schedule first saw a job: its first slot is the first one
    after this (tiaki.jobs.scheduler.tick), so a fresh install, or a newly
    added job, does not run at once for a slot that passed before it."""

    job_name = models.CharField(max_length=100, unique=True)
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.job_name} since {self.since:%Y-%m-%d %H:%M}"
