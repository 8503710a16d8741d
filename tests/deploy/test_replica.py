"""A real streaming replica: the dashboard's counts come from it while the
audit event of the view lands on the primary (docs/scaling.md).

The system's cluster may allow no replication connections (its pg_hba.conf
is not ours to edit), so this makes a small primary cluster of its own with
initdb, a standby of it with ``pg_basebackup -R -X stream``, and removes both
at the end. PostgreSQL refuses to run as root, so both run as the postgres
OS user (runuser); the test skips, naming why, where it cannot do that."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.deploy.servers import free_port

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL replica: PostgreSQL only")
DEADLINE = 30


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    bindir = found[-1].parent
    for tool in ("initdb", "pg_ctl", "pg_basebackup"):
        if not (bindir / tool).exists():
            pytest.skip(f"{tool} is not installed in {bindir}")
    return bindir


def _as_postgres() -> list[str]:
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    try:
        import pwd

        if pwd.getpwuid(os.geteuid()).pw_name == "postgres":
            return []
    except KeyError:
        pass
    pytest.skip("running PostgreSQL clusters needs root (runuser -u postgres) or the postgres user")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603 - PostgreSQL's own tools
    assert result.returncode == 0, (command[-3:], result.stderr[-1500:])


def _wait(conninfo: dict[str, str], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            with psycopg.connect(**conninfo, connect_timeout=2) as db:
                db.execute("SELECT 1")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not accept connections within {DEADLINE} s") from None
            time.sleep(0.2)


@pytest.fixture
def clusters() -> Iterator[tuple[int, int]]:
    """A primary and its streaming replica, on free loopback ports."""
    bindir, sudo = _bindir(), _as_postgres()
    # Not pytest's tmp_path: it is private to this user, and postgres must own the data directories.
    base = Path(tempfile.mkdtemp(prefix="tiaki_replica_"))
    shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    primary_port, replica_port = free_port(), free_port()
    started: list[Path] = []

    def options(port: int) -> str:
        return f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB"

    try:
        # initdb's pg_hba.conf allows replication from 127.0.0.1 (here trust: a throwaway cluster on loopback).
        _run([*sudo, str(bindir / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust", "--no-sync"])
        _run([*sudo, str(bindir / "pg_ctl"), "-D", str(primary), "-o", options(primary_port), "-w", "-l",
              str(base / "primary.log"), "start"])  # fmt: skip
        started.append(primary)
        _run([*sudo, str(bindir / "pg_basebackup"), "-D", str(replica), "-R", "-X", "stream",
              "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"])  # fmt: skip
        _run([*sudo, str(bindir / "pg_ctl"), "-D", str(replica), "-o", options(replica_port), "-w", "-l",
              str(base / "replica.log"), "start"])  # fmt: skip
        started.append(replica)
        _wait({"host": "127.0.0.1", "port": str(replica_port), "user": "postgres", "dbname": "postgres"}, "the replica")
        yield primary_port, replica_port
    finally:
        for data in reversed(started):
            subprocess.run([*sudo, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],  # noqa: S603
                           capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


# Run in a fresh process: its settings have DATABASE_REPLICA_URL, so the
# router sends the dashboard's counts to the real replica.
SCRIPT = r"""
import datetime as dt, json, time, zoneinfo, django
django.setup()
from django.db import connections
from django.test.utils import CaptureQueriesContext
from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.dashboard import timeliness_dashboard
from tiaki.staff.models import Site
from tiaki.staff.tests.factories import UserFactory

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
due = dt.datetime(2026, 1, 5, 12, tzinfo=NZ)
site = Site.objects.create(name="Whangarei", region="Te Tai Tokerau")
boss = UserFactory(username="supervisor", role=Role.SUPERVISOR, site=site)
PrivacyInduction.objects.create(user=boss, completed_on=dt.date.today() - dt.timedelta(days=30), course_version="1",
                                recorded_by=boss)

def report(n):
    ReportOfConcern.objects.create(reference=f"R-{n}", site=site, received_at=due - dt.timedelta(days=1),
        timeframe="critical", response_due_at=due, responded_at=due - dt.timedelta(hours=1),
        decided_at=due - dt.timedelta(days=1), stage="responded")

def on_replica():
    return ReportOfConcern.objects.using("replica").count()

report(1)
deadline = time.monotonic() + 30
while on_replica() < 1:
    assert time.monotonic() < deadline, "the write never reached the replica"
    time.sleep(0.1)
# Hold the replica where it is: a second report reaches only the primary, so
# the dashboard's figure says which database it was counted on.
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_pause()")
report(2)
before = AuditEvent.objects.count()
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as copy:
    board = timeliness_dashboard(actor=boss, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31),
                                 now=dt.datetime(2026, 1, 20, tzinfo=NZ))
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    in_recovery = cursor.fetchone()[0]
print(json.dumps({
    "dashboard_total": board.overall.total,
    "primary_reports": ReportOfConcern.objects.count(),
    "replica_reports": on_replica(),
    "replica_in_recovery": in_recovery,
    "audit_events_added_on_primary": AuditEvent.objects.count() - before,
    "replica_queries": [q["sql"] for q in copy.captured_queries],
    "primary_queries": [q["sql"] for q in primary.captured_queries],
}))
"""


def test_the_dashboard_counts_on_the_replica_and_audits_on_the_primary(clusters, tmp_path):
    primary_port, replica_port = clusters
    with psycopg.connect(
        host="127.0.0.1", port=primary_port, user="postgres", dbname="postgres", autocommit=True
    ) as db:
        db.execute("CREATE DATABASE tiaki")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary_port}/tiaki",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{replica_port}/tiaki",
        "TIAKI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tiaki.config.settings",
    }
    migrate = subprocess.run([sys.executable, "-m", "tiaki", "migrate", "-v0"], env=env, capture_output=True,
                             text=True, timeout=180, check=False)  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-1500:]
    run = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120,  # noqa: S603
                         check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])

    assert seen["replica_in_recovery"] is True
    assert seen["primary_reports"] == 2
    assert seen["replica_reports"] == 1
    # The dashboard counted on the (paused) replica: one report, not two.
    assert seen["dashboard_total"] == 1
    assert any("intake_reportofconcern" in sql for sql in seen["replica_queries"])
    assert not any("intake_reportofconcern" in sql for sql in seen["primary_queries"])
    # The view's audit event: on the primary, never attempted on the replica.
    assert seen["audit_events_added_on_primary"] == 1
    assert any("tiaki_audit_append" in sql for sql in seen["primary_queries"])
    assert not any("audit_" in sql or "access_" in sql for sql in seen["replica_queries"])
