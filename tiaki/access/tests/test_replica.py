"""The replica router: dashboard counts go to "replica" inside on_replica(),
the permission check and the audit event stay on "default"; without a replica
nothing moves. The real streaming replica: tests/deploy/test_replica.py."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from tiaki.access import replica as replica_module
from tiaki.access.replica import REPLICA, ReplicaRouter, on_replica
from tiaki.audit.models import AuditEvent
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.dashboard import timeliness_dashboard
from tiaki.staff.models import User

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=NZ)


@pytest.fixture
def replica(transactional_db, monkeypatch) -> Iterator[str]:
    """A "replica" alias on the test database itself: a second connection, so
    each alias's queries can be captured apart. transactional_db: the second
    connection sees only committed rows, as a real replica would."""
    alias_settings = {**connections["default"].settings_dict}
    # Registered as a connection but not in settings.DATABASES (which is
    # connections.settings): Django's test case lets such a dynamically made
    # connection through; the router is told a replica is configured.
    wrapper = load_backend(alias_settings["ENGINE"]).DatabaseWrapper(alias_settings, alias=REPLICA)
    connections[REPLICA] = wrapper
    monkeypatch.setattr(replica_module, "replica_configured", lambda: True)
    try:
        yield REPLICA
    finally:
        wrapper.close()
        del connections[REPLICA]


def _report(supervisor: User) -> None:
    due = dt.datetime(2026, 1, 5, 12, tzinfo=NZ)
    ReportOfConcern.objects.create(
        reference="T-1", site=supervisor.site, received_at=due - dt.timedelta(days=1), timeframe="critical",
        response_due_at=due, responded_at=due - dt.timedelta(hours=1), decided_at=due - dt.timedelta(days=1),
        stage="responded",
    )  # fmt: skip


def test_dashboard_counts_read_the_replica_and_its_audit_event_lands_on_the_primary(replica, supervisor):
    _report(supervisor)
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[replica]) as copy:
        board = timeliness_dashboard(actor=supervisor, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), now=NOW)
    assert board.overall.on_time == 1

    replica_sql = [q["sql"] for q in copy.captured_queries]
    primary_sql = [q["sql"] for q in primary.captured_queries]
    assert any("intake_reportofconcern" in sql and "COUNT" in sql.upper() for sql in replica_sql)
    assert not any("intake_reportofconcern" in sql for sql in primary_sql)
    # The access side (the decision on the actor's role is made in memory,
    # anything it reads is on default) and the audit append: primary only.
    assert not any(table in sql for sql in replica_sql for table in ("audit_", "access_", "staff_user", "session"))
    # The append: an INSERT on SQLite, the tiaki_audit_append() function on PostgreSQL.
    appends = [sql for sql in primary_sql if "tiaki_audit_append" in sql or sql.startswith('INSERT INTO "audit_')]
    assert appends
    assert AuditEvent.objects.count() == before + 1


def test_without_a_replica_on_replica_changes_nothing(db, supervisor):
    assert REPLICA not in settings.DATABASES
    _report(supervisor)
    with CaptureQueriesContext(connections["default"]) as primary:
        board = timeliness_dashboard(actor=supervisor, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), now=NOW)
    assert board.overall.on_time == 1
    assert any("intake_reportofconcern" in q["sql"] for q in primary.captured_queries)


def test_the_router_keeps_kernels_and_writes_on_the_primary(replica):
    router = ReplicaRouter()
    with on_replica():
        assert router.db_for_read(ReportOfConcern) == REPLICA
        for model in (AuditEvent, User):
            assert router.db_for_read(model) == "default"
        assert router.db_for_write(ReportOfConcern) == "default"
    assert router.db_for_read(ReportOfConcern) == "default"
    assert router.allow_migrate("default", "intake")
    assert not router.allow_migrate(REPLICA, "intake")
