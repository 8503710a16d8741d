"""Benchmark operations for access monitoring (issue 17 figures), on a
database seeded with `tiaki seed` and `tiaki audit seed-events 10000000
--days 90` (docs/benchmarks.md):

- ``privacy.monitor_full``: a full pass over the whole trail, rebuilding
  the daily counts (target <= 5 minutes with 10,000,000 events);
- ``privacy.monitor_incremental``: 15 minutes of new events at a working
  hour's rate (3,900, appended through tiaki.audit.bulk, timed with the
  pass), then an incremental pass (target <= 10 s);
- ``privacy.alert_queue_page``: GET /privacy/alerts/ as a privacy officer,
  with at least 2,000 alerts (the setup tops up with synthetic ones whose
  dedupe keys start "bench:"), full middleware (target p95 <= 200 ms).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.audit.bulk import seed_events
from tiaki.bench.operations import BenchContext, Operation
from tiaki.privacy.models import AccessAlert, MonitoringRule
from tiaki.privacy.monitoring import monitoring_run
from tiaki.staff.models import Site, User

#: Events in 15 minutes of a working hour: 10,000,000 over 90 days, 99% of them in weekday working hours.
EVENTS_15_MINUTES = 3_900
ALERTS = 2_000
FULL_REPEAT = 2
INCREMENTAL_REPEAT = 20


def _officer(site: Site) -> User:
    user, _ = User.objects.get_or_create(
        username="bench-privacy-monitor",
        defaults={"role": Role.PRIVACY_OFFICER, "first_name": "Bench", "last_name": "Monitor", "site": site},
    )
    if not PrivacyInduction.objects.filter(user=user).exists():
        PrivacyInduction.objects.create(user=user, completed_on=timezone.localdate() - dt.timedelta(days=30),
                                        course_version=CURRENT_INDUCTION_COURSE, recorded_by=user)  # fmt: skip
    return user


def _top_up_alerts(officer: User) -> None:
    have = AccessAlert.objects.count()
    if have >= ALERTS:
        return
    staff = list(User.objects.exclude(pk=officer.pk).order_by("pk").values_list("pk", flat=True)[:30])
    codes = MonitoringRule.Code.values
    start = timezone.now() - dt.timedelta(days=90)
    AccessAlert.objects.bulk_create(
        [
            AccessAlert(
                rule=codes[n % len(codes)],
                actor_id=staff[n % len(staff)],
                window_start=start + dt.timedelta(minutes=60 * n),
                window_end=start + dt.timedelta(minutes=60 * n + 15),
                count=120 + n % 50,
                threshold=100,
                detail={"person_ids": [n + 1, n + 2]},
                first_seq=1,
                last_seq=2,
                dedupe_key=f"bench:{n}",
                raised_at=start + dt.timedelta(minutes=60 * n + 20),
                status=AccessAlert.Status.OPEN if n % 3 else AccessAlert.Status.TRIAGED,
                outcome="" if n % 3 else AccessAlert.Outcome.NO_CONCERN,
                triage_note="" if n % 3 else "Benchmark: checked, a work reason.",
            )
            for n in range(ALERTS - have)
        ],
        batch_size=1000,
    )


def monitoring_operations(ctx: BenchContext) -> list[Operation]:
    site = ctx.actor.site or Site.objects.order_by("pk").first()
    officer = _officer(site)  # type: ignore[arg-type]
    _top_up_alerts(officer)
    host = "testserver" if "testserver" in settings.ALLOWED_HOSTS else settings.ALLOWED_HOSTS[0]
    client = Client(HTTP_HOST=host)
    client.force_login(officer)

    def monitor_full(i: int) -> object:
        return monitoring_run(kind="full").events_scanned

    def monitor_incremental(i: int) -> object:
        seed_events(EVENTS_15_MINUTES, batch=EVENTS_15_MINUTES, seed=1000 + i)
        run = monitoring_run(kind="incremental")
        assert run.kind == "incremental", run
        assert run.events_scanned >= EVENTS_15_MINUTES, run
        return run.events_scanned

    def alert_queue_page(i: int) -> object:
        response = client.get("/privacy/alerts/" if i % 2 == 0 else "/privacy/alerts/?status=all")
        assert response.status_code == 200, response.status_code
        return response

    return [
        Operation("privacy.monitor_full", "a full access monitoring pass over the whole audit trail, rebuilding the "
                  "daily counts (target <= 5 minutes with 10,000,000 events)", monitor_full, repeat=FULL_REPEAT),
        Operation("privacy.monitor_incremental", f"{EVENTS_15_MINUTES:,} new events (15 minutes of a working hour) "
                  "appended, then an incremental pass (target <= 10 s)", monitor_incremental,
                  repeat=INCREMENTAL_REPEAT),
        Operation("privacy.alert_queue_page", f"GET /privacy/alerts/ as a privacy officer with {ALERTS:,}+ alerts, "
                  "full middleware (target p95 <= 200 ms)", alert_queue_page),
    ]  # fmt: skip
