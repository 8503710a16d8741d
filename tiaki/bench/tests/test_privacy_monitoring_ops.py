"""The access monitoring operations of tiaki bench, on a small seeded agency
with a few thousand spread events: a full pass, an incremental one after 15
minutes of new events, and the alert queue page with 2,000 alerts. (The
figures with 10,000,000 events are measured on PostgreSQL: docs/benchmarks.md.)"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tiaki.bench.operations import BenchContext
from tiaki.bench.privacy_monitoring_ops import ALERTS, EVENTS_15_MINUTES, monitoring_operations
from tiaki.privacy.models import AccessAlert, MonitoringRun

pytestmark = pytest.mark.django_db


def test_the_passes_and_the_queue_run_on_the_seeded_agency():
    call_command("seed", persons=60, seed=3, stdout=io.StringIO())
    call_command("audit", "seed-events", "20000", "--days", "30", stdout=io.StringIO())
    with override_settings(MFA_REQUIRED=False):
        ctx = BenchContext(seed=1, samples=3)
        by_name = {op.name: op for op in monitoring_operations(ctx)}
        assert set(by_name) == {"privacy.monitor_full", "privacy.monitor_incremental", "privacy.alert_queue_page"}
        assert by_name["privacy.monitor_full"].run(0) >= 20_000
        assert by_name["privacy.monitor_incremental"].run(0) >= EVENTS_15_MINUTES
        assert by_name["privacy.alert_queue_page"].run(0).status_code == 200
    assert AccessAlert.objects.count() >= ALERTS
    assert list(MonitoringRun.objects.order_by("pk").values_list("kind", flat=True)) == ["full", "incremental"]
    # The planted anomalies of tiaki/audit/spread.py that fall in 30 days, by the seeded staff.
    assert AccessAlert.objects.filter(rule="enumeration-distinct", actor_id=1).exists()
