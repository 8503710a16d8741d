"""Benchmark operations for the allocation queue and the timeliness
dashboard (issue 5 figures: queue page p95 <= 200 ms; dashboard for one
year, all sites, <= 1 s, on about 2.5 million reports on PostgreSQL).

``intake_queue_page`` is the queue as a supervisor at the busiest site sees
it (the site with the most reports waiting), full middleware and audit;
``intake_queue_raw`` fetches the same first page with one hand-written query.
``intake_dashboard_year`` is the dashboard for the last 12 months, all sites.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.bench.operations import BenchContext, Operation
from tiaki.intake import policy as intake_policy
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.queue import QUEUE_STAGES, queue_site_ids
from tiaki.staff.models import Site, User

_QUEUE_SQL = """
SELECT r.id, r.reference, r.stage, r.timeframe, r.escalation_level, r.child_unsafe_now,
       COALESCE(r.response_due_at, r.received_at + make_interval(hours => %s)) AS deadline
FROM intake_reportofconcern r
WHERE r.stage IN ('received', 'awaiting-approval', 'decided') AND r.status = 'open'
  AND r.allocated_to_id IS NULL AND r.site_id = %s
ORDER BY CASE WHEN r.child_unsafe_now THEN 0 ELSE 1 END, deadline, r.received_at, r.id
LIMIT 50
"""


def _busiest_site() -> Site:
    busiest = (
        ReportOfConcern.objects.filter(stage__in=QUEUE_STAGES, status=ReportOfConcern.Status.OPEN)
        .values_list("site_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    site = Site.objects.filter(pk=busiest[0]).first() if busiest else Site.objects.order_by("pk").first()
    if site is None:
        raise RuntimeError("No sites: run `tiaki seed` first.")
    return site


def _supervisor(site: Site) -> User:
    user, _ = User.objects.get_or_create(
        username="bench-supervisor", defaults={"role": Role.SUPERVISOR, "first_name": "Bench", "site": site}
    )
    if user.site_id != site.pk or user.role != Role.SUPERVISOR:
        user.site, user.role = site, Role.SUPERVISOR
        user.save(update_fields=["site", "role"])
    if not has_induction(user):
        PrivacyInduction.objects.create(
            user=user, completed_on=timezone.localdate(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=user
        )
    return user


def queue_operations(ctx: BenchContext) -> list[Operation]:
    site = _busiest_site()
    supervisor = _supervisor(site)
    client = Client(HTTP_HOST=ctx.client.defaults.get("HTTP_HOST", "testserver"))
    client.force_login(supervisor)
    assert queue_site_ids(supervisor) == [site.pk] or site.pk in queue_site_ids(supervisor)
    hours = intake_policy.triage_policy().decision_hours

    def queue_page(i: int) -> object:
        response = client.get("/intake/queue/")
        assert response.status_code == 200, response.status_code
        return response

    def queue_raw(i: int) -> object:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_QUEUE_SQL, [hours, site.pk])
            else:  # SQLite has no make_interval: the same query with its datetime()
                cursor.execute(
                    _QUEUE_SQL.replace("r.received_at + make_interval(hours => %s)", "datetime(r.received_at, %s)"),
                    [f"+{hours} hours", site.pk],
                )
            return cursor.fetchall()

    def dashboard_year(i: int) -> object:
        response = client.get("/intake/dashboard/")
        assert response.status_code == 200, response.status_code
        assert b"There is a problem" not in response.content
        return response

    return [
        Operation(
            "intake_queue_page",
            f"GET /intake/queue/ as a supervisor at the busiest site ({site.name}), full middleware",
            queue_page,
            queue_raw,
        ),
        Operation(
            "intake_dashboard_year",
            "GET /intake/dashboard/: timeliness for the last 12 months, all sites",
            dashboard_year,
        ),
    ]
