"""Asking the worker to run a scheduled job now, as well as on its schedule."""

from __future__ import annotations

from django.utils import timezone


def run_soon(name: str) -> None:
    """Queue one extra run of the scheduled job ``name`` now (a notice to
    email, say), unless one is already queued and not yet started: callers
    call it from ``transaction.on_commit`` as often as they like. KeyError
    if there is no such job."""
    from tiaki.jobs import scheduler

    scheduler.run_soon(name, timezone.now())
