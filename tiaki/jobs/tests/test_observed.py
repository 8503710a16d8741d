"""The jobs on /healthz and /metrics (tiaki.jobs.observed): a late or failed
job is a warning in words, never a readiness failure; the gauges by job name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tiaki.jobs import scheduler
from tiaki.jobs.models import JobRun, WorkerBeat

pytestmark = pytest.mark.django_db
TOKEN = "j" * 40


def _ok() -> str:
    return "Done 0."


def _beat(at: dt.datetime) -> None:
    WorkerBeat.objects.create(worker_id="w1", host="node", pid=1, started_at=at, seen_at=at)


def test_a_worker_never_seen_makes_healthz_degraded_but_the_node_ready(client, only_jobs):
    only_jobs("test.every15", _ok)
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded"
    assert any("No worker has been seen" in p for p in body["checks"]["jobs"]["problems"])
    assert client.get("/readyz").status_code == 200


def test_a_late_job_is_named_on_healthz_in_words(client, only_jobs):
    only_jobs("test.every15", _ok, late_after=dt.timedelta(minutes=20))
    now = timezone.now()
    scheduler.tick(now - dt.timedelta(hours=2))
    _beat(now)
    problems = client.get("/healthz").json()["checks"]["jobs"]["problems"]
    assert len(problems) == 1
    assert problems[0].startswith("test.every15 has not run yet: it was due at ")


def test_all_well_when_the_worker_keeps_up(client, only_jobs):
    only_jobs("test.every15", _ok)
    _beat(timezone.now())
    assert client.get("/healthz").json()["checks"]["jobs"]["problems"] == []


def test_the_gauges_name_each_job(client, settings, only_jobs):
    settings.TIAKI_METRICS_TOKEN = TOKEN
    # Label values are words without digits (tiaki.web.metrics), as the real job names are.
    only_jobs("test.quarterly", _ok, late_after=dt.timedelta(minutes=20))
    now = timezone.now()
    scheduler.tick(now - dt.timedelta(hours=2))
    JobRun.objects.create(job_name="test.quarterly", due_at=now, reason="hand", status="failed", finished_at=now)
    JobRun.objects.create(job_name="test.quarterly", due_at=now + dt.timedelta(seconds=1), reason="soon")
    _beat(now - dt.timedelta(seconds=30))
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'tiaki_job_failures{job="test.quarterly"} 1.0' in text
    assert 'tiaki_job_runs_waiting{state="queued"} 1.0' in text
    assert float(re.search(r"^tiaki_worker_silence_seconds (\S+)$", text, re.M)[1]) >= 30
    assert re.search(r'^tiaki_job_lag_seconds\{job="test.quarterly"\} \S+$', text, re.M)
