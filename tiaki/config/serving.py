"""The gunicorn settings `tiaki serve` derives from the machine (and
tiaki.config.gunicorn uses, so a bare gunicorn run gets the same).

- workers: 2 x CPUs + 1, capped so the workers fit in half the memory
  (about 256 MB each), at least 1; TIAKI_GUNICORN_WORKERS overrides.
- gthread workers with 4 threads: a request waiting on the database frees
  its thread, not its process.
- timeout 60 s: a worker that stops answering its master for that long is
  killed and replaced; graceful_timeout 30 s: on SIGTERM or HUP, requests
  in flight get that long to finish.
- max_requests 1000 with jitter 100: each worker is recycled after about a
  thousand requests, not all at once, so slow leaks never add up.
- preload off: HUP (systemctl reload) then starts workers on the new code
  with no dropped request, and no database connection is opened in the
  master and shared by the forked workers. The price is a second or two of
  start-up per worker and no copy-on-write sharing, small at these counts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

MB = 1024 * 1024
WORKER_MEMORY_MB = 256
DEFAULT_BIND = "127.0.0.1:8000"


@dataclass(frozen=True)
class ServeConfig:
    bind: str
    workers: int
    threads: int
    timeout: int
    graceful_timeout: int
    keepalive: int
    max_requests: int
    max_requests_jitter: int
    preload_app: bool

    def lines(self) -> list[str]:
        return [f"{name} = {value}" for name, value in asdict(self).items()]


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, which a container or
    systemd's CPUAffinity narrows), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def memory_bytes() -> int | None:
    """The memory this process may use: the cgroup's limit if one is set
    (systemd's MemoryMax, a container), else the machine's."""
    limit = Path("/sys/fs/cgroup/memory.max")
    try:
        text = limit.read_text().strip()
        if text != "max":
            return int(text)
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number; it is {raw!r}.") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; it is {value}.")
    return value


def workers_for(cpus: int, memory: int | None) -> int:
    by_cpu = 2 * cpus + 1
    if memory is None:
        return by_cpu
    by_memory = max(1, (memory // 2) // (WORKER_MEMORY_MB * MB))
    return max(1, min(by_cpu, by_memory))


def derive(env: Mapping[str, str] | None = None, *, cpus: int | None = None, memory: int | None = -1) -> ServeConfig:
    """The settings for this machine and environment (TIAKI_GUNICORN_*);
    ``cpus`` and ``memory`` stand in for the machine's in tests."""
    env = os.environ if env is None else env
    cpus = cpu_count() if cpus is None else cpus
    memory = memory_bytes() if memory == -1 else memory
    return ServeConfig(
        bind=env.get("TIAKI_GUNICORN_BIND", "").strip() or DEFAULT_BIND,
        workers=_int(env, "TIAKI_GUNICORN_WORKERS", workers_for(cpus, memory)),
        threads=_int(env, "TIAKI_GUNICORN_THREADS", 4),
        timeout=_int(env, "TIAKI_GUNICORN_TIMEOUT", 60),
        graceful_timeout=_int(env, "TIAKI_GUNICORN_GRACEFUL_TIMEOUT", 30),
        keepalive=30,
        max_requests=_int(env, "TIAKI_GUNICORN_MAX_REQUESTS", 1000, minimum=0),
        max_requests_jitter=100,
        preload_app=False,
    )
