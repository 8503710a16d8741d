"""`tiaki audit verify` notices tampering by someone who can get past the
triggers (the table owner, or anyone holding the SQLite file)."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tiaki import audit
from tiaki.audit import verify
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.audit.tests.chain_fixtures import head_seq, triggers_off


def _append(count: int) -> list[int]:
    return [
        audit.record(actor=None, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[n]).seq
        for n in range(count)
    ]


def _verify_fails_at(seq: int, problem: str) -> None:
    with pytest.raises(CommandError, match=f"broken at event {seq}: {problem}"):
        call_command("audit", "verify", stdout=StringIO())


@pytest.mark.django_db
def test_it_reports_an_intact_trail():
    _append(3)
    out = StringIO()

    call_command("audit", "verify", stdout=out)

    assert out.getvalue().startswith(f"Audit trail intact: {head_seq()} events")


@pytest.mark.django_db
def test_it_reports_json_with_counts_and_seconds():
    _append(2)
    out = StringIO()

    call_command("audit", "verify", "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert report["ok"] is True
    assert report["events"] == head_seq()
    assert report["seconds"] >= 0
    assert report["broken_seq"] is None


@pytest.mark.django_db
def test_it_names_the_event_an_owner_altered():
    seqs = _append(5)
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_role = 'supervisor' WHERE seq = %s", [seqs[2]])

    _verify_fails_at(seqs[2], "altered")


@pytest.mark.django_db
def test_it_names_an_event_rehashed_to_hide_a_change():
    seqs = _append(4)
    target = AuditEvent.objects.get(seq=seqs[1])
    forged_prev = "f" * 64
    text = "\x1f".join(
        [
            str(target.seq),
            target.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "",
            "system",
            target.action,
            target.outcome,
            "",
            "",
            "person",
            target.subject_ids,
            "",
            "",
            forged_prev,
        ]
    )
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
            [forged_prev, hashlib.sha256(text.encode()).hexdigest(), target.seq],
        )

    _verify_fails_at(seqs[1], "unlinked")


@pytest.mark.django_db
def test_it_names_the_event_deleted_from_the_middle():
    seqs = _append(5)
    with triggers_off("audit_auditsubject"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [seqs[2]])
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [seqs[2]])

    _verify_fails_at(seqs[2], "missing")


@pytest.mark.django_db
def test_it_names_the_last_event_when_it_is_deleted():
    seqs = _append(3)
    with triggers_off("audit_auditsubject"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [seqs[-1]])
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [seqs[-1]])

    _verify_fails_at(seqs[-1], "missing")


@pytest.mark.django_db
def test_it_names_an_event_slipped_in_past_the_head():
    last = _append(1)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (seq, occurred_at, actor_role, action, outcome, reason, relationship, "
            "subject_type, subject_ids, request_id, prev_hash, hash) SELECT seq + 1, occurred_at, actor_role, "
            "action, outcome, reason, relationship, subject_type, subject_ids, request_id, hash, hash "
            "FROM audit_auditevent WHERE seq = %s",
            [last],
        )

    _verify_fails_at(last + 1, "beyond the chain head")


@pytest.mark.django_db
def test_it_continues_the_chain_with_seeded_events():
    before = head_seq()
    _append(1)
    out = StringIO()

    call_command("audit", "seed-events", "250", "--batch", "100", "--json", stdout=out)
    _append(1)

    assert json.loads(out.getvalue())["events"] == 250
    assert head_seq() == before + 252
    assert AuditEvent.objects.filter(seq__gt=before).count() == 252
    assert verify.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_it_finds_a_break_at_a_worker_boundary(monkeypatch):
    # Committed rows, so on PostgreSQL the worker processes can read them.
    _append(6)
    monkeypatch.setattr(verify, "PARALLEL_FROM", 1)
    last = head_seq()
    boundary = -(-last // 2) + 1  # the first event of the second worker's range
    original = AuditEvent.objects.get(seq=boundary).relationship

    def tamper(value: str) -> None:
        with triggers_off(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET relationship = %s WHERE seq = %s", [value, boundary])

    tamper("break-glass:1")
    try:
        verdict = verify.verify_chain(workers=2)
    finally:
        tamper(original)  # the trail outlives this test: put it back

    assert (verdict.broken_seq, verdict.problem.split(":")[0]) == (boundary, "altered")
    assert verdict.workers == (2 if connection.vendor == "postgresql" else 1)
    assert verify.verify_chain(workers=2).ok
