"""``tiaki loadtest``: the agency's day (tiaki/bench/load/locustfile.py) against
the real app on this machine, for each number of web workers asked.

For each worker count the app is served under gunicorn on a free loopback
port (``serving``), locust runs headless in a subprocess (gevent patches the
process it runs in, so it never shares one with Django) and writes every
request's time; this side turns them into per-page counts, requests per
second, median and p95, and the failures, which must be none. The accounts
are prepared once before the first run and revoked after the last
(tiaki.bench.load.accounts), whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped] # locust's own dependency; ships no type hints
from django.db import connection

import tiaki
from tiaki.bench.load import accounts
from tiaki.bench.load.mix import DEFAULT_THINK, OUT_ENV, PLAN_ENV, ROLE_WEIGHTS
from tiaki.intake.loadtest import LoadTestError, loopback_url, served

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
MAX_USERS = 2000
MAX_SECONDS = 1800
#: Time allowed beyond the run for locust to start and stop.
LOCUST_GRACE = 60
#: About how long locust takes to start before it spawns anyone.
LOCUST_START = 2.0


@contextmanager
def serving(*, workers: int, threads: int) -> Iterator[str]:
    """The app on a free loopback port with ``workers`` processes, for the block:
    the one place to switch to ``tiaki serve`` (docs/scaling.md)."""
    with served(workers=workers, threads=threads) as url:
        yield url


@dataclass
class PageStats:
    request: str  # method and route, "GET /people/[id]/"
    requests: int
    per_second: float
    median_ms: float
    p95_ms: float
    max_ms: float


@dataclass
class RunResult:
    workers: int | None  # None: a server already running (--base-url)
    users: dict[str, int]
    seconds: float
    requests: int
    per_second: float
    median_ms: float
    p95_ms: float
    pages: list[PageStats]
    sign_in: PageStats | None
    failures: list[dict[str, Any]] = field(default_factory=list)
    #: CPU the gunicorn processes used in the window measured (not the sign-ins before it).
    server_cpu_seconds: float | None = None
    #: CPU the PostgreSQL backends serving this database used in the window (a local server only).
    database_cpu_seconds: float | None = None
    locust_cpu_seconds: float | None = None

    @property
    def server_cpu_ms_per_request(self) -> float | None:
        if not self.server_cpu_seconds or not self.requests:
            return None
        return round(self.server_cpu_seconds * 1000 / self.requests, 1)

    @property
    def database_cpu_ms_per_request(self) -> float | None:
        if not self.database_cpu_seconds or not self.requests:
            return None
        return round(self.database_cpu_seconds * 1000 / self.requests, 1)

    @property
    def errors(self) -> int:
        return sum(int(f["count"]) for f in self.failures)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (the value ``fraction`` of the way up)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _stats(name: str, times: list[float], seconds: float) -> PageStats:
    return PageStats(
        request=name,
        requests=len(times),
        per_second=round(len(times) / seconds, 2) if seconds else 0.0,
        median_ms=round(percentile(times, 0.5), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        max_ms=round(max(times, default=0.0), 1),
    )


def parse(raw: dict[str, Any], *, workers: int | None) -> RunResult:
    """The locustfile's output (samples per request, failures, the window) as figures."""
    seconds = float(raw["window_seconds"])
    samples: dict[str, list[float]] = raw["samples"]
    sign_in = samples.get("sign-in")
    pages = sorted((_stats(k, v, seconds) for k, v in samples.items() if k != "sign-in"), key=lambda p: p.request)
    everything = [t for k, v in samples.items() if k != "sign-in" for t in v]
    return RunResult(
        workers=workers,
        users=dict(raw.get("users", {})),
        seconds=round(seconds, 1),
        requests=len(everything),
        per_second=round(len(everything) / seconds, 1) if seconds else 0.0,
        median_ms=round(percentile(everything, 0.5), 1),
        p95_ms=round(percentile(everything, 0.95), 1),
        pages=pages,
        sign_in=_stats("POST /sign-in/", sign_in, seconds) if sign_in else None,
        failures=list(raw.get("failures", [])),
        server_cpu_seconds=round(raw["server_cpu_seconds"], 1) if raw.get("server_cpu_seconds") else None,
        database_cpu_seconds=round(raw["database_cpu_seconds"], 1) if raw.get("database_cpu_seconds") else None,
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu() -> float:
    """CPU seconds used so far by the gunicorn processes this process started
    (the master and its live workers; 0 against a server started elsewhere)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            if "gunicorn" in " ".join(child.cmdline()):
                times = child.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue  # a worker that exited meanwhile
    return total


def database_cpu() -> dict[int, tuple[float, float]]:
    """CPU seconds so far and start time of each PostgreSQL backend connected
    to this database, by process id; empty unless PostgreSQL runs on this
    machine (a process id on another host would name an unrelated process)."""
    host = connection.settings_dict.get("HOST") or "localhost"
    if connection.vendor != "postgresql" or host not in {"localhost", "127.0.0.1", "::1"}:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    found = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            times = process.cpu_times()
            found[pid] = (times.user + times.system, process.create_time())
        except psutil.Error:
            continue  # gone, or not readable by this user
    return found


class DatabaseCpu:
    """The database's CPU over a window, sampled every second: the app opens
    and closes connections as it goes (CONN_MAX_AGE), so a backend born in
    the window counts from nothing and one that ends loses under a second."""

    def __init__(self) -> None:
        self.started = time.time()
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}

    def sample(self) -> None:
        for pid, (cpu, created) in database_cpu().items():
            self.first.setdefault(pid, 0.0 if created >= self.started else cpu)
            self.last[pid] = cpu

    @property
    def seconds(self) -> float | None:
        if not self.last:
            return None
        return sum(cpu - self.first[pid] for pid, cpu in self.last.items())


def drive(url: str, plan: accounts.Plan, *, users: int, seconds: float, ramp: float, workdir: Path) -> dict[str, Any]:
    """Run locust headless against ``url`` (loopback only) and return what the locustfile wrote."""
    loopback_url(url)
    plan_file, out_file, log_file = workdir / "plan.json", workdir / "out.json", workdir / "locust.log"
    # The plan holds the run's password: readable by this user only.
    plan_file.touch(mode=0o600)
    plan_file.write_text(json.dumps(plan.for_locust()), encoding="utf-8")
    out_file.unlink(missing_ok=True)
    root = str(Path(tiaki.__file__).resolve().parent.parent)
    env = {
        **os.environ,
        PLAN_ENV: str(plan_file),
        OUT_ENV: str(out_file),
        "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", f"{users / ramp:.3f}", "-t", f"{round(ramp + seconds)}s", "--host", url,
        "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    with log_file.open("w", encoding="utf-8") as log:
        locust = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 - our own interpreter and arguments
        started = time.monotonic()
        cpu_at_start: float | None = None
        db = DatabaseCpu()
        try:
            # The server's CPU from about when everyone is signed in (the
            # locustfile's window) to the end.
            try:
                locust.wait(timeout=LOCUST_START + ramp)
            except subprocess.TimeoutExpired:
                cpu_at_start, db = server_cpu(), DatabaseCpu()
                db.sample()
            deadline = started + ramp + seconds + LOCUST_GRACE
            while locust.poll() is None:
                if time.monotonic() > deadline:
                    raise subprocess.TimeoutExpired(command, ramp + seconds + LOCUST_GRACE)
                db.sample()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    locust.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            raise LoadTestError("locust did not finish in time; see its log above.") from None
        finally:
            if locust.poll() is None:
                locust.kill()
                locust.wait()
    # Locust exits 1 when any request failed; the failures are in its output.
    if locust.returncode not in (0, 1) or not out_file.exists():
        tail = log_file.read_text(encoding="utf-8")[-3000:]
        raise LoadTestError(f"locust stopped (exit {locust.returncode}) without results:\n{tail}")
    loaded: dict[str, Any] = json.loads(out_file.read_text(encoding="utf-8"))
    if cpu_at_start is not None:
        loaded["server_cpu_seconds"] = server_cpu() - cpu_at_start
        loaded["database_cpu_seconds"] = db.seconds
    return loaded


def run_loadtest(
    *,
    users: int,
    workers: list[int],
    seconds: float,
    ramp: float | None = None,
    threads: int = 4,
    think: tuple[float, float] = DEFAULT_THINK,
    base_url: str | None = None,
    seed: int = 1,
    tour: bool = False,
) -> list[RunResult]:
    """The whole load test: accounts, then for each worker count a server and
    a locust run, then the accounts revoked."""
    if not len(ROLE_WEIGHTS) <= users <= MAX_USERS:
        raise LoadTestError(f"Use {len(ROLE_WEIGHTS)} to {MAX_USERS} users (at least one of each role).")
    if not 0 < seconds <= MAX_SECONDS:
        raise LoadTestError(f"Run for more than 0 and at most {MAX_SECONDS} seconds.")
    if not workers or any(not 1 <= w <= 64 for w in workers):
        raise LoadTestError("Give worker counts from 1 to 64, for example --workers 1,2,4.")
    if not 0 <= think[0] <= think[1] <= 600:
        raise LoadTestError("Think time is LOW-HIGH seconds, 0 <= LOW <= HIGH <= 600, for example 1-3.")
    if base_url is not None:
        loopback_url(base_url)
    # Sign-ins (PBKDF2) are spread over the ramp: about ten a second at most.
    ramp = ramp if ramp is not None else max(2.0, users / 10)
    try:
        plan = accounts.prepare(users=users, think=think, seed=seed)
        plan.tour = tour
    except accounts.NotSeededError as exc:
        raise LoadTestError(str(exc)) from exc
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="tiaki-loadtest-") as tmp:
            for count in [None] if base_url is not None else workers:
                cpu_before = _children_cpu()
                if base_url is not None:
                    raw = drive(base_url, plan, users=users, seconds=seconds, ramp=ramp, workdir=Path(tmp))
                    result = parse(raw, workers=None)
                    result.locust_cpu_seconds = round(_children_cpu() - cpu_before, 1)
                else:
                    with serving(workers=count or 1, threads=threads) as url:
                        raw = drive(url, plan, users=users, seconds=seconds, ramp=ramp, workdir=Path(tmp))
                        # Only locust has exited (and been reaped) so far.
                        locust_cpu = _children_cpu() - cpu_before
                    result = parse(raw, workers=count)
                    result.locust_cpu_seconds = round(locust_cpu, 1)
                results.append(result)
    finally:
        accounts.revoke(plan)
    return results


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def as_json(results: list[RunResult], context: dict[str, Any]) -> str:
    runs = [
        {
            **asdict(r),
            "errors": r.errors,
            "server_cpu_ms_per_request": r.server_cpu_ms_per_request,
            "database_cpu_ms_per_request": r.database_cpu_ms_per_request,
        }
        for r in results
    ]
    return json.dumps({**context, "runs": runs}, indent=2)


def as_table(results: list[RunResult]) -> str:
    lines = []
    for r in results:
        who = "an external server" if r.workers is None else f"{r.workers} worker{'s' * (r.workers != 1)}"
        users = ", ".join(f"{n} {role}" for role, n in sorted(r.users.items()))
        lines.append(
            f"\n{who}: {sum(r.users.values())} users ({users}), {r.seconds:.0f} s measured: "
            f"{r.per_second:.1f} requests/s, median {r.median_ms:.0f} ms, p95 {r.p95_ms:.0f} ms, errors {r.errors}"
            + (
                f"; server CPU {r.server_cpu_seconds:.1f} s ({r.server_cpu_ms_per_request} ms a request)"
                if r.server_cpu_seconds is not None
                else ""
            )
            + (
                f"; database CPU {r.database_cpu_seconds:.1f} s ({r.database_cpu_ms_per_request} ms a request)"
                if r.database_cpu_seconds is not None
                else ""
            )
            + (f"; locust CPU {r.locust_cpu_seconds:.1f} s" if r.locust_cpu_seconds is not None else "")
        )
        lines.append(f"  {'page':<42} {'requests':>8} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
        for p in [*r.pages, *([r.sign_in] if r.sign_in else [])]:
            label = p.request + (" (while spawning)" if p is r.sign_in else "")
            figures = f"{p.requests:>8} {p.per_second:>7.2f} {p.median_ms:>10.0f} {p.p95_ms:>8.0f} {p.max_ms:>8.0f}"
            lines.append(f"  {label:<42} {figures}")
        for f in r.failures:
            lines.append(f"  FAILED {f['count']}x {f['request']}: {f['error']}")
    return "\n".join(lines)
