"""PostgreSQL privileges that keep the trail append-only for the web app's
role (`tiaki audit lockdown --role NAME`; migration 0001 applies the same when
TIAKI_DB_APP_ROLE is set). The triggers stop a change by anyone; these stop
the app's role from even trying, or from dropping the triggers' effect by
owning the tables. See docs/audit.md.
"""

from __future__ import annotations

import re

from django.db import connection, transaction

CHAIN_TABLES = ("audit_auditevent", "audit_auditsubject")
HEAD_TABLE = "audit_auditchainhead"
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class LockdownError(Exception):
    pass


def lockdown_statements(role: str) -> list[str]:
    """The app role may read and append events and move the head forward
    (record() locks it with SELECT ... FOR UPDATE, which needs UPDATE)."""
    if not _ROLE_NAME.fullmatch(role):
        raise LockdownError("The role must be a plain role name (letters, digits, underscore).")
    quoted = connection.ops.quote_name(role)
    chain = ", ".join(CHAIN_TABLES)
    return [
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {chain} FROM PUBLIC",
        f"REVOKE DELETE, TRUNCATE ON {HEAD_TABLE} FROM PUBLIC",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {chain} FROM {quoted}",
        f"REVOKE DELETE, TRUNCATE ON {HEAD_TABLE} FROM {quoted}",
        f"GRANT SELECT, INSERT ON {chain} TO {quoted}",
        f"GRANT SELECT, UPDATE ON {HEAD_TABLE} TO {quoted}",
    ]


def lockdown(*, role: str) -> list[str]:
    """Apply lockdown_statements(role); returns what was run."""
    if connection.vendor != "postgresql":
        raise LockdownError("Lockdown is for PostgreSQL; on SQLite the triggers are the only guard.")
    statements = lockdown_statements(role)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise LockdownError(f"There is no database role {role!r}.")
        current_user, superuser = found
        if role == current_user:
            raise LockdownError(
                "The app role must not be the role that owns the tables (the one running this): "
                "an owner can grant itself back any privilege."
            )
        if superuser:
            raise LockdownError(f"{role!r} is a superuser, which no privilege binds: the app needs an ordinary role.")
        cursor.execute(
            "SELECT rolname FROM pg_roles r JOIN pg_class c ON c.relowner = r.oid WHERE c.relname = %s",
            [CHAIN_TABLES[0]],
        )
        row = cursor.fetchone()
        if row and row[0] == role:
            raise LockdownError(f"{role!r} owns the audit tables; the app must connect as a different role.")
        for statement in statements:
            cursor.execute(statement)
    return statements
