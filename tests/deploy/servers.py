"""Real servers for the deployment tests: `tiaki serve` nodes and HAProxy in
front of them, each on a free loopback port, stopped when the block ends.

Nodes start as an operator starts them (`tiaki serve`); the balancer's
config is written to a temporary file (the shipped sample is
deploy/haproxy/tiaki.cfg)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

START_SECONDS = 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def haproxy_or_skip() -> str:
    """HAProxy's path; without it the test skips, except under
    TIAKI_REQUIRE_HAPROXY=1 (CI, .ci/run), where it fails."""
    path = shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)
    if path is None:
        if os.environ.get("TIAKI_REQUIRE_HAPROXY") == "1":
            pytest.fail("TIAKI_REQUIRE_HAPROXY=1 but haproxy is not installed (apt-get install haproxy).")
        pytest.skip("haproxy is not installed (apt-get install haproxy); CI requires it")
    return path


def wait_listening(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start-up (exit {process.returncode}).")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start listening within {START_SECONDS} s.") from None
            time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def node(env: dict[str, str], *, name: str, log: Path) -> Iterator[int]:
    """One `tiaki serve` node (gunicorn, one worker) on a free port. HAProxy,
    not the app, names the node that answered (its X-Tiaki-Node header)."""
    port = free_port()
    command = [
        sys.executable, "-m", "tiaki", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
    ]  # fmt: skip
    # Each node has its own var directory, as on separate machines (its
    # gunicorn master empties its metrics directory there at start); they
    # share the database and TIAKI_MEDIA_DIR.
    env = env | {"TIAKI_VAR_DIR": str(log.parent / f"var-{name}"), "TIAKI_GUNICORN_LOG_LEVEL": "warning"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)  # noqa: S603 - our own interpreter
    try:
        wait_listening(port, process, f"node {name}")
        yield port
    finally:
        _stop(process)


HAPROXY_CONFIG = """\
global
    maxconn 200
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-server-close
frontend tiaki
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    # Which node answered, for the test: the server's name.
    http-response set-header X-Tiaki-Node %s
{servers}
"""


@contextmanager
def balanced(env: dict[str, str], *, nodes: int, workdir: Path) -> Iterator[str]:
    """``nodes`` gunicorn nodes behind HAProxy round-robin (no stickiness);
    yields the balancer's base URL."""
    haproxy = haproxy_or_skip()
    with ExitStack() as stack:
        ports = [
            stack.enter_context(node(env, name=f"node{n}", log=workdir / f"node{n}.log")) for n in range(1, nodes + 1)
        ]
        port = free_port()
        servers = "\n".join(f"    server node{n} 127.0.0.1:{p}" for n, p in enumerate(ports, start=1))
        config = workdir / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=port, servers=servers), encoding="utf-8")
        with (workdir / "haproxy.log").open("wb") as out:
            process = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=out, stderr=out)  # noqa: S603 - Debian's haproxy
        stack.callback(_stop, process)
        wait_listening(port, process, "haproxy")
        yield f"http://127.0.0.1:{port}"
