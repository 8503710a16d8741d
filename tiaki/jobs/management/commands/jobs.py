"""``tiaki jobs``: every scheduled job, its last run and next run, and what
is wrong (docs/jobs.md). ``tiaki jobs --json`` says the same for a script;
``tiaki jobs run NAME`` runs a job now, here, recorded like any run;
``tiaki jobs run NAME --queue`` asks the worker to run it soon instead."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tiaki.jobs import registry, scheduler, status, tasks
from tiaki.jobs.models import JobRun

COLUMNS = ("JOB", "SCHEDULE", "LAST RUN", "OUTCOME", "DURATION", "ATTEMPTS", "NEXT RUN", "ALERT")


def _duration(ms: int | None) -> str:
    if ms is None:
        return "-"
    return f"{ms} ms" if ms < 10_000 else f"{ms / 1000:.0f} s"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class Command(BaseCommand):
    help = "List the scheduled jobs (last run, outcome, next run, alerts), or run one now: tiaki jobs run NAME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["run"], help="run: run the job NAME now")
        parser.add_argument("name", nargs="?", help="the job to run (tiaki jobs lists them)")
        parser.add_argument("--json", action="store_true", help="the list as JSON")
        parser.add_argument("--queue", action="store_true", help="with run: ask the worker to run it soon instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "run":
            self._run(options["name"], queue=options["queue"])
        elif options["name"]:
            raise CommandError("Say what to do with a job: tiaki jobs run NAME.")
        elif options["json"]:
            self._json()
        else:
            self._table()

    def _job(self, name: str | None) -> registry.ScheduledJob:
        names = ", ".join(j.name for j in registry.jobs())
        if not name:
            raise CommandError(f"Name the job to run; the jobs are: {names}.")
        try:
            return registry.job(name)
        except KeyError:
            raise CommandError(f"There is no job called {name!r}; the jobs are: {names}.") from None

    def _run(self, name: str | None, *, queue: bool) -> None:
        job = self._job(name)
        now = timezone.now()
        if queue:
            queued = scheduler.run_soon(job.name, now)
            if queued is None:
                self.stdout.write(f"{job.name} is already queued; the worker runs it soon.")
            else:
                self.stdout.write(f"Queued {job.name} (run {queued.pk}); the worker runs it soon.")
            return
        run = JobRun.objects.create(job_name=job.name, due_at=now, reason=JobRun.Reason.HAND)
        done = tasks.execute(run.pk)
        assert done is not None
        if done.status == JobRun.Status.SUCCEEDED:
            self.stdout.write(f"{job.name} succeeded in {_duration(done.duration_ms)}: {done.outcome}")
        elif done.status == JobRun.Status.RETRYING:
            assert done.next_attempt_at is not None
            raise CommandError(
                f"{job.name} failed (attempt {done.attempts} of {job.max_attempts}): {done.error}; "
                f"the worker tries again at {status.when(done.next_attempt_at, now)}."
            )
        else:
            raise CommandError(f"{job.name} failed: {done.error}.")

    def _table(self) -> None:
        now = timezone.now()
        statuses, worker = status.job_statuses(now), status.worker_problem(now)
        rows = [COLUMNS]
        for s in statuses:
            last = s.last_run
            alert = " ".join(s.alerts) or ("no worker" if worker else "")
            rows.append((
                s.name, s.schedule,
                status.when(last.finished_at or last.started_at or last.due_at, now) if last else "never",
                (last.outcome or last.error or last.status_label) if last else "-",
                _duration(last.duration_ms) if last else "-",
                str(last.attempts) if last else "-",
                status.when(s.next_run_at, now), alert,
            ))  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[-1]]).rstrip())
        if worker:
            self.stdout.write(f"ALERT: {worker}")

    def _json(self) -> None:
        now = timezone.now()
        statuses, worker = status.job_statuses(now), status.worker_problem(now)
        out = {
            "now": now.isoformat(),
            "worker_seen_at": _iso(status.worker_seen_at()),
            "problems": status.problems(now),
            "jobs": [
                {
                    "name": s.name,
                    "description": s.description,
                    "cron": s.cron,
                    "schedule": s.schedule,
                    "next_run_at": s.next_run_at.isoformat(),
                    "last_success_at": _iso(s.last_success_at),
                    "late": s.late,
                    "alerts": [*s.alerts, *([worker] if worker else [])],
                    "last_run": None
                    if s.last_run is None
                    else {
                        "id": s.last_run.id,
                        "reason": s.last_run.reason,
                        "status": s.last_run.status,
                        "due_at": s.last_run.due_at.isoformat(),
                        "started_at": _iso(s.last_run.started_at),
                        "finished_at": _iso(s.last_run.finished_at),
                        "duration_ms": s.last_run.duration_ms,
                        "attempts": s.last_run.attempts,
                        "outcome": s.last_run.outcome,
                        "error": s.last_run.error,
                        "next_attempt_at": _iso(s.last_run.next_attempt_at),
                    },
                }
                for s in statuses
            ],
        }
        self.stdout.write(json.dumps(out, indent=2))
