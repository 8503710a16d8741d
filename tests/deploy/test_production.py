"""Tiaki in production mode on PostgreSQL, as an operator runs it
(docs/deployment.md): a fresh database migrated and static files collected
into a fresh var directory, then `tiaki serve` with two workers: readiness,
the sign-in page with its security headers, a static file from WhiteNoise
with a long cache, the metrics to their token; then `tiaki worker` beside it
runs a job asked for with `tiaki jobs run --queue`, /healthz stops warning
that no worker is seen, and both exit cleanly on SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="production mode runs on PostgreSQL only (set DATABASE_URL)"
)
HOST = "tiaki.agency.example"
TOKEN = secrets.token_urlsafe(32)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(sql: str) -> None:
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], password=params["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute(sql)  # type: ignore[arg-type]


@pytest.fixture
def production(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A full production environment on its own fresh database."""
    params = connection.settings_dict
    name = f"{params['NAME']}_prod_{secrets.token_hex(3)}"
    assert re.fullmatch(r"[a-z0-9_]+", name)
    _admin(f"CREATE DATABASE {name}")
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIAKI_", "DJANGO_", "PROMETHEUS_"))}
    # libfaketime (the suite's early-morning run) would hang gunicorn's timed waits.
    for variable in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC"):
        env.pop(variable, None)
    env |= {
        "TIAKI_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{name}",
        "TIAKI_VAR_DIR": str(tmp_path / "var"),
        "TIAKI_MFA_REQUIRED": "1",
        "TIAKI_BEHIND_PROXY": "1",
        "TIAKI_METRICS_TOKEN": TOKEN,
        "TIAKI_GUNICORN_ACCESS_LOG": os.devnull,
        "TIAKI_BASE_URL": f"https://{HOST}",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": f"tiaki@{HOST}",
    }
    try:
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "-m", "tiaki", *command], env=env, check=True, timeout=300)  # noqa: S603
        yield env
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def _stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def _escalation_run(env: dict[str, str]) -> dict | None:
    """intake.escalate's last run, as `tiaki jobs --json` tells it."""
    out = subprocess.run(
        [sys.executable, "-m", "tiaki", "jobs", "--json"], env=env, check=True, capture_output=True, timeout=60
    ).stdout
    (job,) = [j for j in json.loads(out)["jobs"] if j["name"] == "intake.escalate"]
    return job["last_run"]


def _worker_runs_a_job(env: dict[str, str], port: int, tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tiaki", "worker", "--interval", "0.2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            subprocess.run(
                [sys.executable, "-m", "tiaki", "jobs", "run", "intake.escalate", "--queue"],
                env=env, check=True, timeout=60,
            )  # fmt: skip
            deadline = time.monotonic() + 90
            while (run := _escalation_run(env)) is None or run["status"] != "succeeded":
                assert worker.poll() is None, log.read_text()
                assert time.monotonic() < deadline, f"the queued job did not run within 90 s: {run}\n{log.read_text()}"
                time.sleep(0.5)
            assert run["reason"] == "soon"
            assert run["outcome"].startswith("Highlighted 0 report(s)")
            jobs = json.loads(_get(port, "/healthz").body)["checks"]["jobs"]  # type: ignore[attr-defined]
            assert not any("No worker" in problem for problem in jobs["problems"]), jobs
        finally:
            code = _stop(worker)
    assert code == 0, log.read_text()


def test_tiaki_serves_in_production_mode(production, tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "tiaki", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        server = subprocess.Popen(command, env=production, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    if _get(port, "/readyz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "not ready within 90 s: " + log.read_text()
                time.sleep(0.2)

            page = _get(port, "/sign-in/")
            assert page.status == 200, page.body  # type: ignore[attr-defined]
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
            assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
            assert page.headers["X-Frame-Options"] == "DENY"
            assert page.headers["Cache-Control"] == "no-store"
            # Hashed static file names in the page, served by WhiteNoise for a year.
            stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.body)  # type: ignore[attr-defined]
            assert stylesheet, page.body  # type: ignore[attr-defined]
            static = _get(port, stylesheet.group(1).decode())
            assert static.status == 200
            assert "max-age=315360000" in static.headers["Cache-Control"]

            assert _get(port, "/metrics").status == 404
            scraped = _get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
            assert scraped.status == 200
            assert b'view="web:sign-in"' in scraped.body  # type: ignore[attr-defined]
            assert b"tiaki_audit_events_total" in scraped.body  # type: ignore[attr-defined]
            # Polled on loopback over plain http, as systemd and a scraper do: no redirect.
            plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            plain.request("GET", "/livez")
            assert plain.getresponse().status == 200
            plain.close()

            _worker_runs_a_job(production, port, tmp_path)
        finally:
            code = _stop(server)
    assert code == 0, log.read_text()
    text = log.read_text()
    assert '"logger": "tiaki.request"' in text or '"logger":"tiaki.request"' in text, text
