"""Health checks, a small registry the kernel and the domains fill.

A check is a function taking no arguments that returns a list of problems
in plain sentences (empty: fine); no personal data, versions or host names.
``ready=True`` checks are ones this process cannot serve without (the
database, migrations, static files): any problem makes ``/readyz`` and
``/healthz`` answer 503. ``ready=False`` checks are warnings (late jobs):
``/healthz`` says "degraded" with 200 and ``/readyz`` ignores them, so a
late job never takes a web node out of the load balancer.

The kernel registers its own checks here; a domain registers from its app's
``ready()`` (the kernel never imports a domain).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

Check = Callable[[], list[str]]
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registered:
    name: str
    function: Check
    ready: bool


_CHECKS: dict[str, Registered] = {}


def register_check(name: str, function: Check, *, ready: bool) -> None:
    """Add (or replace, by name) a check; ``ready`` as the module says."""
    _CHECKS[name] = Registered(name, function, ready)


def unregister_check(name: str) -> None:
    _CHECKS.pop(name, None)


def registered() -> list[Registered]:
    return list(_CHECKS.values())


def run(*, ready_only: bool) -> dict[str, tuple[bool, list[str]]]:
    """Each check's (ready, problems); a check that raises is a problem
    named by its exception type only (its message may quote a value)."""
    results: dict[str, tuple[bool, list[str]]] = {}
    for check in registered():
        if ready_only and not check.ready:
            continue
        try:
            problems = list(check.function())
        except Exception as exc:  # noqa: BLE001 - a failing check is a finding, not a 500
            logger.warning("Health check %s failed with %s", check.name, type(exc).__name__)
            problems = [f"The {check.name} check could not run ({type(exc).__name__})."]
        results[check.name] = (check.ready, problems)
    return results


# The kernel's own checks.


def database() -> list[str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        return ["The database does not answer."]
    return []


_migrated = False


def migrations() -> list[str]:
    """Unapplied migrations; once all are applied the answer is kept (new
    code, which could bring new migrations, means a new process)."""
    global _migrated  # a per-process memo
    if _migrated:
        return []
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001 - without a database, the database check says so
        return ["The migrations could not be read from the database."]
    if plan:
        return [f"{len(plan)} database migration{'s are' if len(plan) != 1 else ' is'} not applied: run tiaki migrate."]
    _migrated = True
    return []


def static_manifest() -> list[str]:
    if not settings.PRODUCTION:
        return []  # outside production static files come straight from the apps
    if not manifest_path().is_file():
        return ["The static files have not been collected: run tiaki collectstatic."]
    return []


def manifest_path() -> Path:
    """WhiteNoise's manifest, written by collectstatic in production."""
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


def register_kernel_checks() -> None:
    register_check("database", database, ready=True)
    register_check("migrations", migrations, ready=True)
    register_check("static files", static_manifest, ready=True)
