"""`tiaki worker`: one loop that runs the schedule and the queue.

Each pass it heartbeats (WorkerBeat), runs the schedule's ``tick`` every few
seconds, gives back tasks left RUNNING by a worker that has stopped
heartbeating (killed, or its machine gone: they run again, at least once),
and runs the next ready task. It claims a task as django-tasks' own
``db_worker`` does (an exclusive transaction, ``select_for_update(skip_locked=True)``),
so any number of workers, on one node or several, share one queue.

The loop takes its clock, its sleep and its stop condition as arguments, so
tests drive it with a pinned "now" and no real waiting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator

from django.db import DatabaseError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from tiaki.jobs import scheduler
from tiaki.jobs.models import WorkerBeat

logger = logging.getLogger("tiaki.jobs")

Clock = Callable[[], dt.datetime]


def new_worker_id() -> str:
    """Unique across the pool: host, process and a random part (at most 64 characters)."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(12)}"


class Worker:
    def __init__(
        self,
        *,
        worker_id: str | None = None,
        interval: float = 1.0,
        tick_every: dt.timedelta = dt.timedelta(seconds=5),
        beat_every: dt.timedelta = dt.timedelta(seconds=5),
        stale_after: dt.timedelta = dt.timedelta(seconds=60),
        clock: Clock = timezone.now,
        sleep: Callable[[float], None] = time.sleep,
        backend_name: str = "default",
        beat_while_running: bool = True,
    ) -> None:
        self.worker_id = worker_id or new_worker_id()
        self.interval = interval
        self.tick_every = tick_every
        self.beat_every = beat_every
        self.stale_after = stale_after
        self.clock = clock
        self.sleep = sleep
        self.backend_name = backend_name
        #: Off in tests on the in-memory SQLite database, which a second
        #: thread cannot write to while the test's transaction is open.
        self.beat_while_running = beat_while_running
        #: Set by SIGTERM/SIGINT (tiaki worker): the current task finishes, then the loop ends.
        self.stopping = False
        self._last_tick: dt.datetime | None = None
        self._last_beat: dt.datetime | None = None

    def request_stop(self) -> None:
        self.stopping = True

    # --- the loop ------------------------------------------------------------------------

    def run(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Run until ``stop()`` is true or a stop is requested."""
        self.started()
        try:
            while not self.stopping and not stop():
                if not connection.in_atomic_block:
                    # As Django does around a request: drop a connection the
                    # database closed (a restart) rather than fail on it.
                    close_old_connections()
                try:
                    ran = self.step(self.clock())
                except DatabaseError:
                    # The database is restarting or unreachable: say so and
                    # try again, rather than exit and leave the jobs unrun.
                    logger.exception("Worker %s could not reach the database; it tries again", self.worker_id)
                    ran = False
                if not ran and not self.stopping and not stop():
                    self.sleep(self.interval)
        finally:
            self.stopped()

    def run_once(self) -> int:
        """Tick, then run every task ready now, and return how many ran
        (`tiaki worker --once`: cron-only sites and tests)."""
        self.started()
        ran = 0
        try:
            now = self.clock()
            scheduler.tick(now)
            self.recover(now)
            while not self.stopping and (row := self.claim()) is not None:
                self.run_task(row)
                ran += 1
        finally:
            self.stopped()
        return ran

    def step(self, now: dt.datetime) -> bool:
        """One pass; True if it ran a task (so the loop does not sleep)."""
        if self._last_beat is None or now - self._last_beat >= self.beat_every:
            self.heartbeat(now)
        if self._last_tick is None or now - self._last_tick >= self.tick_every:
            scheduler.tick(now)
            self.recover(now)
            self._last_tick = now
        row = self.claim()
        if row is None:
            return False
        self.run_task(row)
        return True

    # --- heartbeat -------------------------------------------------------------------------

    def started(self) -> None:
        now = self.clock()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
                "stopped_at": None,
            },
        )
        self._last_beat = now
        logger.info("Worker %s started", self.worker_id)

    def heartbeat(self, now: dt.datetime) -> None:
        WorkerBeat.objects.filter(worker_id=self.worker_id).update(seen_at=now)
        self._last_beat = now

    @contextlib.contextmanager
    def _beating(self) -> Iterator[None]:
        """Heartbeat from a thread while a task runs: a job may run for longer
        than ``stale_after`` (the nightly duplicate scan), and other workers
        must not take this one for dead and run its task a second time."""
        if not self.beat_while_running:
            yield
            return
        done = threading.Event()

        def beat() -> None:
            try:
                while not done.wait(self.beat_every.total_seconds()):
                    try:
                        self.heartbeat(self.clock())
                    except DatabaseError:
                        logger.warning("Worker %s could not heartbeat; it tries again", self.worker_id)
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=beat, name=f"heartbeat-{self.worker_id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def stopped(self) -> None:
        now = self.clock()
        WorkerBeat.objects.filter(worker_id=self.worker_id).update(seen_at=now, stopped_at=now)
        logger.info("Worker %s stopped", self.worker_id)

    # --- the queue -------------------------------------------------------------------------

    def recover(self, now: dt.datetime) -> int:
        """Give back, as READY, every task RUNNING under a worker not seen for
        ``stale_after`` (and started longer ago than that, so a task claimed by
        a worker without a heartbeat row yet is left alone). Returns how many."""
        cutoff = now - self.stale_after
        alive = set(
            WorkerBeat.objects.filter(seen_at__gte=cutoff, stopped_at__isnull=True).values_list("worker_id", flat=True)
        )
        alive.add(self.worker_id)
        recovered = 0
        with exclusive_transaction(DBTaskResult.objects.db):
            running = DBTaskResult.objects.running().filter(backend_name=self.backend_name, started_at__lt=cutoff)
            for row in running.select_for_update(skip_locked=True):
                if row.worker_ids and row.worker_ids[-1] in alive:
                    continue
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
                recovered += 1
                logger.warning("Task %s was left running by a stopped worker: it runs again", row.id)
        return recovered

    def claim(self) -> DBTaskResult | None:
        """The next ready task, marked RUNNING under this worker, or None."""
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        try:
            with exclusive_transaction(ready.db):
                row = ready.get_locked()
                if row is not None:
                    row.claim(self.worker_id)
        except OperationalError as exc:
            # SQLite's file lock is busy: the next pass tries again.
            if is_locked_database_exception(exc):
                return None
            raise
        return row

    def run_task(self, row: DBTaskResult) -> None:
        """Run one claimed task and record its end. run_job never raises; a
        task that does is failed with its class and frames, not its message."""
        try:
            args = row.args_kwargs
            with self._beating():
                value = row.task.call(*args["args"], **args["kwargs"])
        except Exception as exc:  # recorded below; the worker carries on
            logger.exception("Task %s failed", row.id)
            with transaction.atomic():
                row.status = TaskResultStatus.FAILED
                row.finished_at = timezone.now()
                row.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
                row.traceback = "".join(traceback.format_tb(exc.__traceback__))
                row.return_value = None
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback", "return_value"])
            return
        row.set_successful(value)
