"""Timing statistics for tiaki bench."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    n: int
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples_ns: list[int]) -> Timing:
        ordered = sorted(samples_ns)
        # Nearest-rank p95: the smallest sample at or above 95% of the others.
        rank = max(1, math.ceil(0.95 * len(ordered)))
        return cls(len(ordered), statistics.median(ordered) / 1e6, ordered[rank - 1] / 1e6)


def measure(run: Callable[[int], object], repeat: int, warmup: int) -> Timing:
    """Time ``run(i)`` ``repeat`` times after ``warmup`` untimed calls."""
    for i in range(warmup):
        run(i)
    samples: list[int] = []
    for i in range(repeat):
        start = time.perf_counter_ns()
        run(warmup + i)
        samples.append(time.perf_counter_ns() - start)
    return Timing.of(samples)


def measure_interleaved(
    run_a: Callable[[int], object], run_b: Callable[[int], object], repeat: int, warmup: int
) -> tuple[Timing, Timing]:
    """Time two operations alternately (a, b, a, b, ...), so that drift on a
    noisy machine falls on both alike: for figures that compare the two."""
    for i in range(warmup):
        run_a(i)
        run_b(i)
    a: list[int] = []
    b: list[int] = []
    for i in range(repeat):
        for run, samples in ((run_a, a), (run_b, b)) if i % 2 == 0 else ((run_b, b), (run_a, a)):
            start = time.perf_counter_ns()
            run(warmup + i)
            samples.append(time.perf_counter_ns() - start)
    return Timing.of(a), Timing.of(b)
