"""A test-only job for test_kill.py, run in `tiaki worker` subprocesses: it
notes each start in ``started.log`` and blocks until ``release`` appears
(both in $TIAKI_TEST_JOB_DIR), so a test can kill the worker mid-job.

``python -m tiaki.jobs.tests.blocking_jobs enqueue|worker ARGS...|status RUN_ID|beat WORKER_ID|tick``
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

NAME = "test.block"


def block() -> str:
    folder = Path(os.environ["TIAKI_TEST_JOB_DIR"])
    with (folder / "started.log").open("a") as log:
        log.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)  # a poll for the file, not a wait for time to pass
    return "released"


def register() -> None:
    from tiaki.jobs.registry import scheduled

    # A cron that never comes round in a test: the test queues the run itself.
    scheduled(NAME, cron="0 0 1 1 *", late_after=dt.timedelta(days=400), description="Blocks until released")(block)


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiaki.config.settings")
    django.setup()
    register()
    from django.core.management import call_command
    from django.utils import timezone

    from tiaki.jobs import scheduler
    from tiaki.jobs.models import JobRun

    if argv[0] == "enqueue":
        run = scheduler.run_soon(NAME, timezone.now())
        assert run is not None
        print(run.pk)  # noqa: T201 - read by the test
    elif argv[0] == "worker":
        call_command("worker", *argv[1:])
    elif argv[0] == "tick":
        # Ready, then wait for the test's "go" file: ticks from several
        # processes start together (a poll for the file, with a deadline).
        go, deadline = Path(os.environ["TIAKI_TEST_JOB_DIR"]) / "go", time.monotonic() + 60
        JobRun.objects.exists()  # connect before the start line
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        print(len(scheduler.tick(timezone.now())))  # noqa: T201
    elif argv[0] == "beat":
        from tiaki.jobs.models import WorkerBeat

        print(WorkerBeat.objects.get(worker_id=argv[1]).seen_at.isoformat())  # noqa: T201
    elif argv[0] == "status":
        run = JobRun.objects.get(pk=int(argv[1]))
        print(json.dumps({"status": run.status, "attempts": run.attempts, "outcome": run.outcome}))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
