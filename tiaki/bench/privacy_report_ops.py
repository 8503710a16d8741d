"""Benchmark operations for the quarterly privacy report (issue 17):
``privacy.quarterly_report_pdf`` makes the current quarter's report as a
privacy officer would (the figures read, then released through
``pipeline.release`` as a watermarked PDF with a chart beside each table);
``privacy.quarterly_report_page`` is GET /privacy/reports/.

The setup adds, once, 500 incidents spread over the last four quarters and
200 monitoring alerts (found again by their description and dedupe key on
later runs), so every table has rows to draw."""

from __future__ import annotations

import datetime as dt
import random

from django.test import Client
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.bench.operations import BenchContext, Operation
from tiaki.privacy.models import AccessAlert, MonitoringRule, PrivacyIncident
from tiaki.privacy.quarters import quarter_of
from tiaki.privacy.references import new_incident_reference
from tiaki.privacy.services.report import privacy_report_release
from tiaki.staff.models import Site, User

INCIDENTS = 500
ALERTS = 200
DESCRIPTION = "Benchmark incident for the quarterly report."
ALERT_KEY = "bench-report-"
PDF_REPEAT = 10


def _officer(site: Site | None) -> User:
    user, _ = User.objects.get_or_create(
        username="bench-privacy-report",
        defaults={"role": Role.PRIVACY_OFFICER, "first_name": "Bench", "last_name": "Reporter", "site": site},
    )
    if not has_induction(user):
        PrivacyInduction.objects.create(
            user=user, completed_on=timezone.localdate(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=user
        )
    return user


def prepare(ctx: BenchContext) -> User:
    site = ctx.actor.site
    officer = _officer(site)
    rng = random.Random(17)
    now = timezone.now()
    have = PrivacyIncident.objects.filter(description=DESCRIPTION).count()
    categories = PrivacyIncident.Category.values
    causes = PrivacyIncident.Cause.values
    sources = PrivacyIncident.Source.values
    rows = []
    for _ in range(have, INCIDENTS):
        aware = now - dt.timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
        kind = rng.choice(PrivacyIncident.Kind.values)
        notifiable = kind == PrivacyIncident.Kind.BREACH and rng.random() < 0.3
        rows.append(PrivacyIncident(
            reference=new_incident_reference(), kind=kind, source=rng.choice(sources), status="assessed",
            category=rng.choice(categories), cause=rng.choice(causes), occurred_on=timezone.localdate(aware),
            became_aware_at=aware, description=DESCRIPTION, site=site, reported_at=aware, created_at=aware,
            updated_at=aware, notifiable=notifiable, serious_harm_likely=notifiable,
            commissioner_due_at=aware + dt.timedelta(hours=72) if notifiable else None,
            commissioner_notified_at=aware + dt.timedelta(hours=rng.randint(4, 100)) if notifiable else None,
        ))  # fmt: skip
    PrivacyIncident.objects.bulk_create(rows, batch_size=500)
    have_alerts = AccessAlert.objects.filter(dedupe_key__startswith=ALERT_KEY).count()
    alerts = []
    for n in range(have_alerts, ALERTS):
        raised = now - dt.timedelta(days=rng.randint(0, 360))
        outcome = rng.choice(["", *AccessAlert.Outcome.values])
        alerts.append(AccessAlert(
            rule=rng.choice(MonitoringRule.Code.values), actor=ctx.actor, window_start=raised, window_end=raised,
            count=rng.randint(20, 600), threshold=20, first_seq=1, last_seq=1, dedupe_key=f"{ALERT_KEY}{n}",
            raised_at=raised, status="triaged" if outcome else "open", outcome=outcome,
        ))  # fmt: skip
    AccessAlert.objects.bulk_create(alerts, batch_size=500)
    return officer


def privacy_report_operations(ctx: BenchContext) -> list[Operation]:
    officer = prepare(ctx)
    quarter = quarter_of(timezone.localdate()).code
    client = Client(HTTP_HOST=ctx.client.defaults.get("HTTP_HOST", "testserver"))
    client.force_login(officer)

    def report_pdf(i: int) -> object:
        made = privacy_report_release(actor=officer, quarter=quarter, file_format="pdf")
        assert made.data.startswith(b"%PDF"), made.filename
        return len(made.data)

    def report_page(i: int) -> object:
        response = client.get("/privacy/reports/", {"quarter": quarter})
        assert response.status_code == 200, response.status_code
        return response

    return [
        Operation("privacy.quarterly_report_pdf",
                  f"the quarterly privacy report for {quarter} as a PDF with charts through pipeline.release "
                  f"({INCIDENTS} incidents and {ALERTS} alerts over four quarters)", report_pdf,
                  repeat=PDF_REPEAT),
        Operation("privacy.quarterly_report_page", f"GET /privacy/reports/?quarter={quarter} as a privacy officer",
                  report_page),
    ]  # fmt: skip
