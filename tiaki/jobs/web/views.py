"""The jobs page (/admin/jobs/): each scheduled job, its last and next run
and recent runs, with late and failed jobs said in words at the top. For
administrators (jobs:view); it shows no personal data (tiaki.jobs.status)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.jobs import status


@requires(Permission.JOBS_VIEW)
@require_GET
def jobs_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "jobs": status.job_statuses(now),
        "problems": status.problems(now),
        "worker_seen_at": status.worker_seen_at(),
        "now": now,
    }
    return render(request, "jobs/jobs.html", context)
