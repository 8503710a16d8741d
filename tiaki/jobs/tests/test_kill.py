"""At least once, for real: a `tiaki worker` killed (SIGKILL) in the middle
of a job; a second worker finds the task left running under a worker that
no longer heartbeats and runs it to success. And several worker processes
ticking at once on PostgreSQL queue one slot once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

HELPER = [sys.executable, "-m", "tiaki.jobs.tests.blocking_jobs"]


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TIAKI_VAR_DIR": str(tmp_path / "var")}
    env["TIAKI_TEST_JOB_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "tiaki.config.settings"
    # As tiaki/audit/tests/test_concurrency.py: under libfaketime a timed
    # wait may never return; this test is about processes, not the clock.
    for name in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC"):
        env.pop(name, None)
    return env


def _until(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)  # a poll with a deadline


def _starts(tmp_path: Path) -> int:
    log = tmp_path / "started.log"
    return len(log.read_text().split()) if log.exists() else 0


def _kill_and_recover(tmp_path: Path, env: dict[str, str]) -> None:
    def helper(*args: str) -> str:
        return (
            subprocess.run(  # noqa: S603 - fixed arguments
                [*HELPER, *args], env=env, check=True, timeout=120, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )

    run_id = helper("enqueue")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        first = subprocess.Popen(  # noqa: S603 - fixed arguments
            [*HELPER, "worker", "--worker-id", "first", "--interval", "0.1", "--stale-after", "3"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        workers.append(first)
        _until(lambda: _starts(tmp_path) == 1, "the first worker to start the job")
        # A job longer than stale_after: its worker heartbeats all the while,
        # so no other worker takes it for dead.
        seen = helper("beat", "first")
        _until(lambda: helper("beat", "first") > seen, "the first worker to heartbeat while the job runs")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert json.loads(helper("status", run_id))["status"] == "running"
        (tmp_path / "release").touch()
        second = subprocess.Popen(  # noqa: S603 - fixed arguments
            [*HELPER, "worker", "--worker-id", "second", "--interval", "0.1", "--stale-after", "2"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        workers.append(second)
        _until(lambda: json.loads(helper("status", run_id))["status"] == "succeeded", "the second worker's run")
        assert json.loads(helper("status", run_id)) == {"status": "succeeded", "attempts": 2, "outcome": "released"}
        assert _starts(tmp_path) == 2
        # SIGTERM: the second worker stops cleanly.
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=30)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file-database variant")
def test_a_job_interrupted_by_a_killed_worker_runs_again_on_an_sqlite_file(tmp_path):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'tiaki.sqlite3'}")
    subprocess.run([sys.executable, "-m", "tiaki", "migrate", "-v0"], env=env, check=True, timeout=300)
    _kill_and_recover(tmp_path, env)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL variant")
@pytest.mark.django_db(transaction=True)
def test_a_job_interrupted_by_a_killed_worker_runs_again_on_postgresql(tmp_path):
    # The subprocesses use the test database itself (committed rows: transaction=True).
    settings = connection.settings_dict
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{settings['USER']}@{host}/{settings['NAME']}"
    _kill_and_recover(tmp_path, _env(tmp_path, url))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes on one PostgreSQL database")
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_ticking_at_once_queue_a_slot_once(tmp_path):
    from django.utils import timezone

    from tiaki.jobs.models import JobRun, JobSchedule
    from tiaki.jobs.tests.blocking_jobs import NAME

    # Seen long ago, so this year's 1 January slot is due for both processes.
    JobSchedule.objects.create(job_name=NAME, since=timezone.now() - dt.timedelta(days=800))
    settings = connection.settings_dict
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    env = _env(tmp_path, f"postgres://{settings['USER']}@{host}/{settings['NAME']}")
    ticks = [
        subprocess.Popen([*HELPER, "tick"], env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603 - fixed arguments
        for _ in range(3)
    ]
    try:
        (tmp_path / "go").touch()
        queued = [int(tick.communicate(timeout=120)[0].strip().splitlines()[-1]) for tick in ticks]
    finally:
        for tick in ticks:
            if tick.poll() is None:
                tick.kill()
                tick.wait(timeout=30)
    assert len(queued) == 3  # every process ticked
    assert JobRun.objects.filter(job_name=NAME, reason="schedule").count() == 1
