"""Benchmark operations for the audit trail: concurrent appends and a timed
verify. Run against a scratch or seeded database: they append real events
(actor None, role "system") that stay in the append-only trail."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import connection, transaction

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.audit.verify import verify_chain
from tiaki.staff.models import User


def audit_append_concurrent(writers: int = 8, seconds: float = 10, actor: User | None = None) -> dict[str, Any]:
    """``writers`` threads, each on its own connection, append one event per
    transaction through audit.record() for ``seconds``; then verify the chain.

    The figure is appends per second with every writer queueing on the chain
    head's row lock, i.e. the ceiling the audit trail puts on audited writes.
    """
    if writers < 1 or seconds <= 0:
        raise ValueError("writers must be at least 1 and seconds more than 0.")
    counts = [0] * writers
    failures: list[BaseException] = []
    start = threading.Barrier(writers + 1)
    stop = threading.Event()

    def writer(n: int) -> None:
        try:
            start.wait()
            i = 0
            while not stop.is_set():
                with transaction.atomic():
                    audit.record(
                        actor=actor,
                        action=AuditAction.PERSON_READ,
                        subject_type="person",
                        subject_ids=[n * 1_000_000 + i + 1],
                        relationship=f"allocated-case:{n + 1}",
                    )
                i += 1
            counts[n] = i
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread below
            failures.append(exc)
            stop.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,), name=f"audit-writer-{n}") for n in range(writers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise failures[0]
    events = sum(counts)
    verdict = verify_chain()
    return {
        "writers": writers,
        "events": events,
        "seconds": round(elapsed, 3),
        "events_per_s": round(events / elapsed, 1),
        "verify_passed": verdict.ok,
        "verify_problem": verdict.problem,
        "verify_events": verdict.events,
        "verify_seconds": round(verdict.seconds, 3),
    }


def audit_verify_timed(workers: int = 2) -> dict[str, Any]:
    """tiaki audit verify over the whole trail, timed."""
    verdict = verify_chain(workers=workers)
    return {
        "events": verdict.events,
        "seconds": round(verdict.seconds, 3),
        "workers": verdict.workers,
        "passed": verdict.ok,
        "problem": verdict.problem,
    }
