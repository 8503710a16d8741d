"""The intake API under load: ``tiaki intake_loadtest``.

Concurrent client threads POST reports of concern to /api/v1/reports, each
with a unique Idempotency-Key, as a partner agency's referral system would,
for a bounded time and count. Afterwards every acknowledged report (a 201
with its reference) is looked up in the database: the test fails if any is
missing ("impossible to lose"). Only loopback addresses are accepted, so it
can never be pointed at someone else's service.

Without a base URL it serves the real app itself under gunicorn (gthread
workers) on a free loopback port: Django's runserver is a development server
with one process, and would measure the GIL rather than Tiaki.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.db import transaction
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.intake.selectors.loadtest import referral_person_ids, reports_persisted
from tiaki.staff.models import Site, User

PARTNER_USERNAME = "loadtest-partner"
AGENCY = "Tiaki load test"
MAX_CLIENTS = 200
MAX_SECONDS = 600
REQUEST_TIMEOUT = 30.0


class LoadTestError(RuntimeError):
    """The load test cannot run as asked; the message says why."""


@dataclass
class LoadResult:
    clients: int
    seconds: float
    acknowledged: int
    persisted: int
    errors: int
    reports_per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    error_samples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.persisted == self.acknowledged and self.acknowledged > 0

    def as_json(self) -> str:
        return json.dumps({**asdict(self), "ok": self.ok}, indent=2)

    def __str__(self) -> str:
        return (
            f"{self.clients} clients for {self.seconds:.1f} s: {self.reports_per_second:.1f} reports/s sustained; "
            f"latency p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms; "
            f"acknowledged {self.acknowledged}, persisted {self.persisted}, errors {self.errors}"
            + ("" if self.ok else " — FAILED: acknowledged reports are missing")
        )


def loopback_url(base_url: str) -> urllib.parse.SplitResult:
    """``base_url`` parsed, if it is http(s) on a loopback address; else refused."""
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise LoadTestError(f"{base_url!r} is not an http:// address.")
    host = parts.hostname
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise LoadTestError(f"The load test only runs against this machine (127.0.0.1, ::1), not {host!r}.")
    return parts


@dataclass(frozen=True)
class Fixture:
    token: str
    token_key: str
    site_id: int
    child_ids: list[int]
    adult_ids: list[int]


def prepare(*, persons: int = 200) -> Fixture:
    """The load test's own partner account and token, at an existing site,
    and a sample of existing persons to refer (the register must have some)."""
    site = Site.objects.order_by("pk").first()
    sample = referral_person_ids(limit=persons)
    if site is None or len(sample) < 2:
        raise LoadTestError("The register needs a site and persons: run `tiaki seed --persons N` first.")
    with transaction.atomic():
        partner, _ = User.objects.get_or_create(
            username=PARTNER_USERNAME,
            defaults={"role": Role.PARTNER_WORKER, "first_name": "Load test", "site": site},
        )
        if partner.role != Role.PARTNER_WORKER:
            raise LoadTestError(f"The account {PARTNER_USERNAME!r} exists with another role: refusing to use it.")
        instance, token = AuthToken.objects.create(partner)
    half = len(sample) // 2
    return Fixture(token, instance.token_key, site.pk, sample[:half], sample[half:])


def revoke(fixture: Fixture) -> None:
    AuthToken.objects.filter(token_key=fixture.token_key).delete()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(*, workers: int, threads: int) -> Iterator[str]:
    """The real app under gunicorn on a free loopback port, for the block."""
    port = _free_port()
    # The same path as production: `tiaki serve` (tiaki.web.management.commands.serve).
    command = [
        sys.executable, "-m", "tiaki", "serve",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip
    # One access log line (and one request line) per report posted would flood the terminal.
    env = {**os.environ, "TIAKI_GUNICORN_ACCESS_LOG": os.devnull, "TIAKI_GUNICORN_LOG_LEVEL": "warning",
           "TIAKI_LOG_LEVEL": "WARNING"}  # fmt: skip
    server = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and arguments
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise LoadTestError(f"gunicorn stopped at start-up (exit {server.returncode}).")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise LoadTestError("gunicorn did not start listening within 30 s.") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _body(fixture: Fixture, n: int) -> bytes:
    children = fixture.child_ids
    adults = fixture.adult_ids
    child = children[n % len(children)]
    sibling = children[(n * 7 + 1) % len(children)]
    report = {
        "site": fixture.site_id,
        "children": [child] if sibling == child else [child, sibling],
        "adults": [adults[n % len(adults)]],
        "concerns": [{"category": "family-violence", "detail": "Police attended; the children were present."}],
        "narrative": f"Load test referral {n}: Police attended a family harm incident.",
        "referrer_agency": AGENCY,
        "referrer_reference": f"LT-{n}",
        "notifier": {"name": "Constable Load Test", "relationship": "Attending officer"},
    }
    return json.dumps(report).encode()


@dataclass
class _Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    references: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    sent: int = 0


def _client(
    parts: urllib.parse.SplitResult, fixture: Fixture, run: str, index: int, stop_at: float, budget: int, tally: _Tally
) -> None:
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    host, port = parts.hostname or "127.0.0.1", parts.port
    path = (parts.path.rstrip("/") or "") + "/api/v1/reports"
    conn = connection_class(host, port, timeout=REQUEST_TIMEOUT)
    n = 0
    while time.monotonic() < stop_at:
        with tally.lock:
            if tally.sent >= budget:
                break
            tally.sent += 1
        n += 1
        headers = {
            "Authorization": f"Token {fixture.token}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"lt-{run}-{index}-{n}",
        }
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=_body(fixture, index * 1_000_003 + n), headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = connection_class(host, port, timeout=REQUEST_TIMEOUT)
            status, payload = 0, str(exc).encode()
        elapsed = time.perf_counter() - started
        with tally.lock:
            if status == 201:
                tally.references.append(json.loads(payload)["reference"])
                tally.latencies.append(elapsed)
            else:
                tally.errors += 1
                if len(tally.error_samples) < 5:
                    tally.error_samples.append(f"{status}: {payload[:200].decode(errors='replace')}")
    conn.close()


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def drive(
    base_url: str, fixture: Fixture, *, clients: int, seconds: float, max_reports: int | None = None
) -> LoadResult:
    """Run ``clients`` threads against ``base_url`` for ``seconds`` (or until
    ``max_reports`` are sent), then count the acknowledged reports in the database."""
    if not 1 <= clients <= MAX_CLIENTS:
        raise LoadTestError(f"Use 1 to {MAX_CLIENTS} clients.")
    if not 0 < seconds <= MAX_SECONDS:
        raise LoadTestError(f"Run for more than 0 and at most {MAX_SECONDS} seconds.")
    parts = loopback_url(base_url)
    budget = max_reports if max_reports is not None else int(seconds * 2_000)
    run = secrets.token_hex(4)
    tally = _Tally()
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=_client, args=(parts, fixture, run, i, stop_at, budget, tally), daemon=True)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    with tally.lock:
        references = list(tally.references)
        latencies = list(tally.latencies)
        errors, samples = tally.errors, list(tally.error_samples)
    persisted = reports_persisted(references)
    return LoadResult(
        clients=clients,
        seconds=round(elapsed, 2),
        acknowledged=len(references),
        persisted=persisted,
        errors=errors,
        reports_per_second=round(len(references) / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(_percentile(latencies, 0.5) * 1000, 1),
        p95_ms=round(_percentile(latencies, 0.95) * 1000, 1),
        max_ms=round(max(latencies, default=0.0) * 1000, 1),
        error_samples=samples,
    )


def run_loadtest(
    *,
    clients: int,
    seconds: float,
    base_url: str | None = None,
    workers: int = 4,
    threads: int = 4,
    max_reports: int | None = None,
) -> LoadResult:
    """The whole load test: account and token, server (unless ``base_url``),
    clients, the count; the token is revoked afterwards."""
    if base_url is not None:
        loopback_url(base_url)
    fixture = prepare()
    try:
        if base_url is not None:
            return drive(base_url, fixture, clients=clients, seconds=seconds, max_reports=max_reports)
        with served(workers=workers, threads=threads) as url:
            return drive(url, fixture, clients=clients, seconds=seconds, max_reports=max_reports)
    finally:
        revoke(fixture)
