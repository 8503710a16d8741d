"""/livez, /readyz and /healthz (tiaki.web.health): what each says when all
is well, when the database is down, and with a registered check failing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from tiaki.jobs.models import WorkerBeat
from tiaki.web import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def plant() -> Iterator[Callable[[bool, list[str]], None]]:
    """Register a check finding ``problems``; removed afterwards."""

    def register(ready: bool, problems: list[str]) -> None:
        health.register_check("planted", lambda: problems, ready=ready)

    try:
        yield register
    finally:
        health.unregister_check("planted")


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, sql, params=None):
        raise OSError("connection refused to db.internal:5432")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(health, "_migrated", False)


def test_all_is_well(client):
    # A worker seen just now: without one, the jobs check warns (tiaki.jobs.observed).
    WorkerBeat.objects.create(worker_id="w", host="h", pid=1, started_at=timezone.now(), seen_at=timezone.now())
    assert client.get("/livez").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "problems": []})
    healthz = client.get("/healthz").json()
    assert healthz["status"] == "ok"
    assert set(healthz["checks"]) >= {"database", "migrations", "static files"}


def test_the_database_down(client, database_down):
    assert client.get("/livez").status_code == 200  # the process still answers
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unready"
    assert "The database does not answer." in ready.json()["problems"]
    healthz = client.get("/healthz")
    assert healthz.status_code == 503
    assert healthz.json()["status"] == "unhealthy"
    assert healthz.json()["checks"]["database"] == {"status": "failing", "problems": ["The database does not answer."]}
    # No host, port or exception text.
    assert b"db.internal" not in healthz.content + ready.content
    assert b"5432" not in healthz.content + ready.content


def test_a_failing_warning_check_degrades_but_does_not_unready(client, plant):
    plant(False, ["2 scheduled jobs are late: intake.escalate, people.scan."])
    healthz = client.get("/healthz")
    assert (healthz.status_code, healthz.json()["status"]) == (200, "degraded")
    assert healthz.json()["checks"]["planted"]["problems"] == [
        "2 scheduled jobs are late: intake.escalate, people.scan."
    ]
    assert client.get("/readyz").status_code == 200


def test_a_failing_readiness_check_unreadies(client, plant):
    plant(True, ["The worker has not been seen."])
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()["problems"]) == (503, ["The worker has not been seen."])
    assert client.get("/healthz").status_code == 503


def test_a_check_that_raises_is_named_without_its_message(client):
    def broken() -> list[str]:
        raise ValueError("Mereana Tawhirimātea")

    health.register_check("broken", broken, ready=False)
    try:
        healthz = client.get("/healthz")
    finally:
        health.unregister_check("broken")
    assert healthz.json()["checks"]["broken"]["problems"] == ["The broken check could not run (ValueError)."]
    assert "Mereana" not in healthz.content.decode()


def test_unapplied_migrations_are_counted(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("a", False), ("b", False)])
    assert health.migrations() == ["2 database migrations are not applied: run tiaki migrate."]


def test_in_production_the_static_manifest_is_needed(settings, tmp_path):
    settings.PRODUCTION = True
    settings.STATIC_ROOT = tmp_path
    assert health.static_manifest() == ["The static files have not been collected: run tiaki collectstatic."]
    (tmp_path / "staticfiles.json").write_text("{}")
    assert health.static_manifest() == []
