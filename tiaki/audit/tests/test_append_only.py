"""The database itself refuses to change or remove audit rows."""

from __future__ import annotations

import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditChainHead, AuditEvent

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL privileges and TRUNCATE")


@pytest.fixture
def event():
    return audit.record(actor=None, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[9])


def _refused(sql: str, params: list[object]) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refusal.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'tidied' WHERE seq = %s",
        "DELETE FROM audit_auditevent WHERE seq = %s",
        "UPDATE audit_auditsubject SET subject_id = 10 WHERE event_id = %s",
        "DELETE FROM audit_auditsubject WHERE event_id = %s",
    ],
)
def test_it_refuses_raw_sql_changes_in_the_database(event, sql):
    message = _refused(sql, [event.seq])

    assert "append-only" in message
    assert AuditEvent.objects.get(seq=event.seq).reason == ""
    assert event.subjects.get().subject_id == 9


@pytest.mark.django_db
def test_it_refuses_moving_the_chain_head_back(event):
    message = _refused("UPDATE audit_auditchainhead SET last_seq = last_seq - 1 WHERE id = 1", [])

    assert "only moves forward" in message
    assert AuditChainHead.objects.get(pk=1).last_seq == event.seq


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_auditsubject", "audit_auditchainhead"])
def test_it_refuses_truncate_on_postgresql(event, table):
    message = _refused(f"TRUNCATE {table} CASCADE", [])

    assert "TRUNCATE" in message
    assert AuditEvent.objects.filter(seq=event.seq).exists()


@pytest.mark.django_db
def test_it_refuses_lockdown_off_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite has no privileges to lock down")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("audit", "lockdown", "--role", "tiaki_app")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_it_lets_the_locked_down_app_role_append_but_not_change():
    role = f"tiaki_audit_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    try:
        call_command("audit", "lockdown", "--role", role, stdout=StringIO())
        settings = connection.settings_dict
        params = {"dbname": settings["NAME"], "host": settings["HOST"] or None, "port": settings["PORT"] or None}
        with psycopg.connect(user=role, **params) as app:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                app.execute("UPDATE audit_auditevent SET reason = 'x'")
            app.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                app.execute("DELETE FROM audit_auditsubject")
            app.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                app.execute("TRUNCATE audit_auditevent")
            app.rollback()
            # What record() does, as this role: lock the head, insert, move the head.
            app.execute("SELECT last_seq FROM audit_auditchainhead WHERE id = 1 FOR UPDATE")
            inserted = app.execute(
                "INSERT INTO audit_auditevent (seq, occurred_at, actor_role, action, outcome, reason, relationship, "
                "subject_type, subject_ids, request_id, prev_hash, hash) VALUES "
                "(-1, now(), 'system', 'person.read', 'allowed', '', '', '', '[]', '', '', '')"
            )
            assert inserted.rowcount == 1
            moved = app.execute("UPDATE audit_auditchainhead SET last_seq = last_seq WHERE id = 1")
            assert moved.rowcount == 1
            app.rollback()  # leave the shared chain as it was
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
    assert not AuditEvent.objects.filter(seq=-1).exists()


@postgres_only
@pytest.mark.django_db
def test_it_refuses_to_lock_down_the_owner_or_an_unknown_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()

    with pytest.raises(CommandError, match="must not be the role that owns"):
        call_command("audit", "lockdown", "--role", owner)
    with pytest.raises(CommandError, match="no database role"):
        call_command("audit", "lockdown", "--role", "tiaki_no_such_role")
    with pytest.raises(CommandError, match="plain role name"):
        call_command("audit", "lockdown", "--role", 'x"; DROP TABLE audit_auditevent; --')
