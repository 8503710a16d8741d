"""``tiaki worker``: runs queued jobs and the schedule (tiaki.jobs.worker;
docs/jobs.md). Run one or more under systemd; SIGTERM (systemd's stop)
finishes the job in hand, then exits. ``--once`` ticks the schedule, runs
everything due and exits, for a site that runs Tiaki's jobs from cron."""

from __future__ import annotations

import datetime as dt
import signal
from argparse import ArgumentTypeError
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tiaki.jobs.worker import Worker


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 < number < 86400:
        raise ArgumentTypeError("give a number of seconds above 0 and below 86400")
    return number


def _worker_id(value: str) -> str:
    if not value or len(value) > 64:
        raise ArgumentTypeError("a worker id has 1 to 64 characters")
    return value


class Command(BaseCommand):
    help = "Run Tiaki's scheduled jobs and queued work (until stopped; --once runs what is due and exits)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="tick the schedule, run everything due, then exit")
        parser.add_argument(
            "--interval", type=_seconds, default=1.0, help="seconds to wait when nothing is ready (default 1)"
        )
        parser.add_argument("--worker-id", type=_worker_id, help="unique across workers (default: host-pid-random)")
        parser.add_argument(
            "--stale-after",
            type=_seconds,
            default=60.0,
            help="seconds without a heartbeat before another worker's running task is run again (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(
            worker_id=options["worker_id"],
            interval=options["interval"],
            stale_after=dt.timedelta(seconds=options["stale_after"]),
            # Heartbeats well inside stale_after, so a live worker is never taken for dead.
            beat_every=dt.timedelta(seconds=min(5.0, options["stale_after"] / 3)),
        )

        def stop(signum: int, frame: FrameType | None) -> None:
            worker.request_stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if options["once"]:
            ran = worker.run_once()
            self.stdout.write(f"Ran {ran} task{'s' if ran != 1 else ''}.")
            return
        self.stdout.write(f"Worker {worker.worker_id} running; stop it with SIGTERM or Ctrl+C.")
        self.stdout.flush()
        worker.run()
        self.stdout.write(f"Worker {worker.worker_id} stopped.")
