"""Shared test tools: switching the append-only triggers off as the table
owner (to play the tamperer) and reading the chain's current end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from tiaki.audit.models import AuditChainHead


@contextmanager
def triggers_off(table: str = "audit_auditevent") -> Iterator[None]:
    """What an owner (or anyone with the database file) can do; verify must
    still notice what they change."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the deferred foreign key checks now: ALTER TABLE refuses while they are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        triggers = cursor.fetchall()
        assert triggers, f"no triggers on {table}"
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
        try:
            yield
        finally:
            for _, sql in triggers:
                cursor.execute(sql)


def head_seq() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq
