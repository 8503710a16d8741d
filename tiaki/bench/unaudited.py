"""The benchmark's switch that turns auditing off, to measure what auditing
costs (docs/benchmarks.md, person_page_unaudited). Only tiaki.bench may use
it and never in production mode: tiaki.audit.services._suspend_for_benchmark
checks both, and the access guard fails on any module outside tiaki/bench
that names it (tiaki.access.guards.benchmark_switch_offences)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tiaki.audit import services


@contextmanager
def suspended_for_benchmark() -> Iterator[None]:
    """audit.record() writes nothing inside this block, in this thread or
    task only; RuntimeError if called from outside tiaki.bench or in
    production mode."""
    token = services._suspend_for_benchmark()
    try:
        yield
    finally:
        services._resume_after_benchmark(token)
