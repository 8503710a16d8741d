"""The jobs page: administrators see every job and what is wrong; no one else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.jobs import scheduler
from tiaki.jobs.models import JobRun, WorkerBeat
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ok() -> str:
    return "Escalated 0 reports."


def test_an_administrator_sees_every_job_and_its_runs(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    JobRun.objects.create(
        job_name="intake.escalate", due_at=timezone.now(), reason="hand", status="succeeded", attempts=1,
        finished_at=timezone.now(), duration_ms=12,
        outcome="Highlighted 3 report(s); told supervisors about 1 report(s).",
    )  # fmt: skip
    page = client.get("/admin/jobs/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("intake.escalate", "access.breakglass_escalate", "people.scan_duplicates", "jobs.prune"):
        assert name in html
    assert "Highlighted 3 report(s)" in html
    assert "every 15 minutes" in html
    assert 'data-label="Next run"' in html


def test_a_social_worker_is_refused_and_the_refusal_audited(client):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    client.force_login(worker)
    assert client.get("/admin/jobs/").status_code == 403
    assert AuditEvent.objects.filter(actor_id=worker.pk, action="jobs.view", outcome="refused").exists()


def test_a_late_job_is_an_alert_at_the_top_in_words(client, only_jobs):
    only_jobs("test.every15", _ok, late_after=dt.timedelta(minutes=20))
    now = timezone.now()
    scheduler.tick(now - dt.timedelta(hours=2))
    WorkerBeat.objects.create(worker_id="w1", host="node-1", pid=1, started_at=now, seen_at=now)
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    html = client.get("/admin/jobs/").content.decode()
    banner = html.split('govuk-notification-banner"', 1)[1].split("</ul>", 1)[0]
    assert "One job problem needs attention" in banner
    assert "test.every15 has not run yet: it was due at" in banner
    assert "Late</strong>" in html
