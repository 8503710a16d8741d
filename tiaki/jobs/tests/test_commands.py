"""`tiaki jobs`: the table, --json, run NAME (here, recorded), run NAME
--queue (the worker), an unknown name; the real jobs are declared."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from tiaki.jobs import registry
from tiaki.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def _ok() -> str:
    return "Escalated 0 reports."


def _broken() -> str:
    raise OperationalError("no such table")


def test_the_real_jobs_are_declared_where_their_work_lives():
    assert {job.name: job.cron for job in registry.jobs()} == {
        "access.breakglass_escalate": "5 * * * *",
        "disclosure.purge_files": "20 * * * *",
        "disclosure.subject_access_due": "0 7 * * *",
        "inbox.email_send": "* * * * *",
        "intake.escalate": "*/15 * * * *",
        "jobs.prune": "15 3 * * *",
        "people.scan_duplicates": "30 2 * * *",
        "privacy.commissioner_clock": "*/15 * * * *",
        "privacy.monitor": "*/15 * * * *",
        "privacy.monitor_full": "30 1 * * *",
        "privacy.near_misses": "*/5 * * * *",
        "privacy.disposal_overdue": "30 7 * * *",
        "privacy.refreshers": "0 6 * * *",
    }
    for job in registry.jobs():
        assert "dempotent" in (job.function.__doc__ or ""), f"{job.name} does not say why it is idempotent"


def test_the_real_jobs_run_by_hand_on_an_empty_database(capsys):
    for name in (
        "access.breakglass_escalate",
        "disclosure.purge_files",
        "disclosure.subject_access_due",
        "inbox.email_send",
        "intake.escalate",
        "jobs.prune",
        "people.scan_duplicates",
        "privacy.disposal_overdue",
        "privacy.refreshers",
    ):
        call_command("jobs", "run", name)
    out = capsys.readouterr().out
    assert "intake.escalate succeeded" in out
    assert set(JobRun.objects.values_list("status", flat=True)) == {"succeeded"}


def test_the_table_lists_every_job_with_its_alerts(only_jobs, capsys):
    only_jobs("test.ok", _ok)
    only_jobs("test.nightly", _ok, cron="30 2 * * *")
    call_command("jobs")
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.split()[:2] == ["JOB", "SCHEDULE"]
    assert rows[0].startswith("test.nightly  daily at 02:30")
    assert rows[1].startswith("test.ok       every 15 minutes")
    assert "never" in rows[1]
    assert rows[-1] == "ALERT: No worker has been seen: scheduled jobs are not running (start tiaki worker)."


def test_run_runs_it_here_and_records_it_like_any_run(only_jobs, capsys):
    only_jobs("test.ok", _ok)
    call_command("jobs", "run", "test.ok")
    assert "test.ok succeeded in " in capsys.readouterr().out
    run = JobRun.objects.get()
    assert (run.reason, run.status, run.outcome, run.attempts) == ("hand", "succeeded", "Escalated 0 reports.", 1)
    call_command("jobs", "--json")
    listed = json.loads(capsys.readouterr().out)
    (job,) = listed["jobs"]
    assert job["name"] == "test.ok"
    assert job["last_run"]["outcome"] == "Escalated 0 reports."
    assert job["last_run"]["reason"] == "hand"
    assert listed["problems"] == ["No worker has been seen: scheduled jobs are not running (start tiaki worker)."]


def test_a_failing_run_by_hand_is_a_command_error_with_its_reason(only_jobs):
    only_jobs("test.broken", _broken, max_attempts=1)
    with pytest.raises(CommandError, match=r"test\.broken failed: OperationalError \(database unavailable\)"):
        call_command("jobs", "run", "test.broken")
    assert JobRun.objects.get().status == "failed"


def test_run_queue_asks_the_worker(only_jobs, capsys):
    only_jobs("test.ok", _ok)
    call_command("jobs", "run", "test.ok", "--queue")
    call_command("jobs", "run", "test.ok", "--queue")
    out = capsys.readouterr().out
    assert "Queued test.ok" in out
    assert "already queued" in out
    assert JobRun.objects.get().reason == "soon"


def test_an_unknown_job_is_a_command_error_naming_the_jobs(only_jobs):
    only_jobs("test.ok", _ok)
    with pytest.raises(CommandError, match=r"There is no job called 'nope'; the jobs are: test\.ok\."):
        call_command("jobs", "run", "nope")
    with pytest.raises(CommandError, match="Name the job to run"):
        call_command("jobs", "run")
