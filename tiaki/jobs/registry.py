"""The schedule: every job Tiaki runs by itself, declared where its work lives.

A domain declares its job in its own ``jobs.py`` (imported by its app's
``ready()``)::

    @scheduled("intake.escalate", cron="*/15 * * * *", late_after=dt.timedelta(minutes=20),
               description="Highlight reports nearing their deadline, then tell the supervisor")
    def escalate() -> str:
        highlighted, notified = reports_escalate()
        return f"Highlighted {highlighted}; told supervisors about {notified}"

A job takes no arguments, does its work in its own transactions, is
idempotent (running it twice, or again after a killed worker, changes
nothing more: it runs at least once) and returns a one-line outcome with
counts and ids only, never personal data (it is shown on the jobs page and
in logs). ``cron`` is read in the agency's time zone (settings.TIME_ZONE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

JobFunction = Callable[[], str]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    function: JobFunction
    cron: str
    description: str
    #: A run due more than this long ago that has not succeeded is an alert
    #: (the jobs page, `tiaki jobs`, /healthz).
    late_after: dt.timedelta
    #: Attempts before a run is marked failed with its reason.
    max_attempts: int = 3
    #: The wait before the second attempt; it doubles for each one after.
    retry_after: dt.timedelta = dt.timedelta(seconds=30)

    @property
    def path(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"


_JOBS: dict[str, ScheduledJob] = {}


def scheduled(
    name: str,
    *,
    cron: str,
    description: str,
    late_after: dt.timedelta,
    max_attempts: int = 3,
    retry_after: dt.timedelta = dt.timedelta(seconds=30),
) -> Callable[[JobFunction], JobFunction]:
    """Declare ``function`` a scheduled job called ``name``."""

    def register(function: JobFunction) -> JobFunction:
        existing = _JOBS.get(name)
        if existing is not None and existing.path != f"{function.__module__}.{function.__qualname__}":
            raise ValueError(f"Two scheduled jobs are called {name!r}: {existing.path} and {function.__module__}.")
        if max_attempts < 1:
            raise ValueError(f"Job {name!r} needs at least one attempt.")
        # A bad expression fails at start-up, naming the job, not at the worker's first tick.
        from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]  # no types

        try:
            CronTrigger.from_crontab(cron)
        except ValueError as exc:
            raise ValueError(f"Job {name!r} has a cron expression that cannot be read ({cron!r}): {exc}") from None
        _JOBS[name] = ScheduledJob(
            name=name,
            function=function,
            cron=cron,
            description=description,
            late_after=late_after,
            max_attempts=max_attempts,
            retry_after=retry_after,
        )
        return function

    return register


def jobs() -> list[ScheduledJob]:
    """Every declared job, by name."""
    return [_JOBS[name] for name in sorted(_JOBS)]


def job(name: str) -> ScheduledJob:
    """The job called ``name``; KeyError names the known ones."""
    try:
        return _JOBS[name]
    except KeyError:
        raise KeyError(f"No scheduled job is called {name!r}; the jobs are: {', '.join(sorted(_JOBS))}.") from None
