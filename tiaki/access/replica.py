"""Reads for dashboards on a streaming replica, everything else on the primary.

``with on_replica(): ...`` lets the aggregate reads in the block go to the
``replica`` database (DATABASE_REPLICA_URL, docs/scaling.md) when one is
configured; without one it changes nothing. The timeliness dashboard
(tiaki.intake.selectors.dashboard) is the one caller today.

It lives in the access kernel because the rule it keeps is an access rule: a
replica runs seconds behind, so an access decision read there could miss a
revoked seal, an ended allocation or a lifted break-glass grant, and an audit
write cannot go there at all. So only the record domains' tables in
``REPLICA_APPS`` ever read from the replica, and only inside the block;
access, audit, staff, sessions, sign-in, tokens and every write stay on the
primary, and the read path's decision and audit event (tiaki.access.paths)
are outside the block by construction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
#: The only apps whose tables may be read from the replica: the records that
#: dashboards count. An allowlist, so a new kernel table never strays there.
REPLICA_APPS = frozenset({"intake", "people", "chronology", "casework"})

_on_replica: ContextVar[bool] = ContextVar("tiaki_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def on_replica() -> Iterator[None]:
    """Send this block's reads of record tables to the replica, if there is one."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads to the replica only inside on_replica()."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if _on_replica.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: a row read there and one read
        # here are rows of the same database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
