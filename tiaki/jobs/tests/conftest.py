"""The jobs tests declare their own jobs in a registry of their own, so the
real jobs (tiaki/<domain>/jobs.py) neither run nor get in the way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tiaki.jobs import registry

#: A Wednesday, 10:07 in Auckland (21:07 UTC the day before).
NOW = dt.datetime(2026, 12, 1, 21, 7, tzinfo=dt.UTC)

Declare = Callable[..., registry.JobFunction]


@pytest.fixture
def only_jobs(monkeypatch) -> Declare:
    """``only_jobs("name", function, cron=..., ...)`` declares a test job;
    the real ones are hidden for the test."""
    monkeypatch.setattr(registry, "_JOBS", {})

    def declare(name: str, function: registry.JobFunction, *, cron: str = "*/15 * * * *", **options):
        options.setdefault("late_after", dt.timedelta(minutes=30))
        options.setdefault("description", f"The test job {name}")
        return registry.scheduled(name, cron=cron, **options)(function)

    return declare
