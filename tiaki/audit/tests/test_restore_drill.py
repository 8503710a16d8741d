"""tiaki restore-drill: a seeded agency backs up, restores and verifies; a
tampered copy is caught."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tiaki.audit.bulk import seed_events
from tiaki.audit.drill import _conn_params, _postgres_url, verify_in_subprocess
from tiaki.demo.generator import seed_agency

TAMPER = "UPDATE audit_auditevent SET subject_type = 'tampered' WHERE seq = 3"


def _tiaki(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "tiaki", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant (a database file, in a subprocess)")
def test_the_drill_passes_on_a_seeded_sqlite_file_and_catches_a_tampered_copy(tmp_path):
    # The SQLite test database is in memory; the drill backs up a file, so
    # the agency is seeded into one by a fresh process.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'tiaki.sqlite3'}", "TIAKI_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "tiaki.config.settings"
    for step in (["migrate", "-v0"], ["seed", "--persons", "12", "--reports", "4", "--years", "1"],
                 ["audit", "seed-events", "12"]):  # fmt: skip
        assert _tiaki(env, *step).returncode == 0, step

    drill = _tiaki(env, "restore-drill", "--json", "--keep", "--dir", str(tmp_path / "drill"))
    assert drill.returncode == 0, drill.stderr
    report = json.loads(drill.stdout)
    assert report["ok"]
    assert report["mismatched"] == []
    assert report["tables"]["people_person"] == {"source": 12, "copy": 12}
    assert report["tables"]["audit_auditevent"]["copy"] >= 12
    assert report["verify"]["ok"]
    assert report["verify"]["events"] == report["tables"]["audit_auditevent"]["copy"]

    copy = Path(report["copy"])
    with sqlite3.connect(copy) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute(TAMPER)
    db.close()
    verdict = verify_in_subprocess(f"sqlite:///{copy}")
    assert not verdict["ok"]
    assert verdict["broken_seq"] == 3

    # The tampered file as a backup: the drill restores it and fails on the chain.
    again = _tiaki(env, "restore-drill", "--from", str(copy), "--dir", str(tmp_path / "drill"))
    assert again.returncode == 1
    assert "Drill FAILED" in again.stdout
    assert "audit chain is broken" in again.stderr
    # Without --keep the second drill's copy is gone; the kept one and the operator's backup stay.
    assert {path.name for path in (tmp_path / "drill").glob("*.sqlite3")} == {copy.name, Path(report["dump"]).name}


def test_an_in_memory_database_is_refused_by_name(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's in-memory test database")
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore_drill")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL only")
def test_the_drill_passes_on_a_seeded_postgres_database_and_catches_a_tampered_copy(transactional_db, tmp_path, capsys):
    # transactional_db: pg_dump reads committed rows only.
    seed_agency(persons=12, seed=1, reports=4, years=1)
    seed_events(12)
    call_command("restore_drill", "--json", "--keep", "--dir", str(tmp_path))
    report = json.loads(capsys.readouterr().out)
    copy = report["copy"]
    params = {**_conn_params(copy), "dbname": copy}
    try:
        assert report["ok"]
        assert report["mismatched"] == []
        assert report["tables"]["people_person"] == {"source": 12, "copy": 12}
        assert report["verify"]["ok"]
        assert report["verify"]["events"] >= 12

        with psycopg.connect(**params, autocommit=True) as db:
            db.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            db.execute(TAMPER)
        verdict = verify_in_subprocess(_postgres_url(params))
        assert not verdict["ok"]
        assert verdict["broken_seq"] == 3

        # Dump the tampered copy and drill from it: the chain check fails it.
        dump = tmp_path / "tampered.dump"
        where = [f"--{key}={params[key]}" for key in ("host", "port") if key in params]
        pg_dump = [shutil.which("pg_dump") or "pg_dump", "--format=custom", f"--file={dump}", *where]
        subprocess.run([*pg_dump, f"--username={params.get('user', 'postgres')}", copy], check=True, timeout=60)  # noqa: S603 - PostgreSQL's client tool
        with pytest.raises(CommandError, match="audit chain is broken"):
            call_command("restore_drill", "--from", str(dump), "--dir", str(tmp_path))
    finally:
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def test_a_missing_backup_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_drill", "--from", str(tmp_path / "nope.dump"))
