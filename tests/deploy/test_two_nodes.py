"""Scale-out, shown: two `tiaki serve` nodes behind HAProxy round-robin (no
stickiness), one PostgreSQL, one media directory. A signed-in user keeps
their session on both nodes, a form rendered by one node is accepted by the
other, a document uploaded through one downloads through the other, and
audited reads and writes through both at once leave one gapless chain
(docs/scaling.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from tests.deploy.servers import balanced, haproxy_or_skip

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two nodes share one PostgreSQL: SQLite is one file on one machine (run with DATABASE_URL=postgres://...)",
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
USERNAME, PASSWORD = "demo-social-worker", "tiaki-demo"  # the demo sign-in (tiaki.demo.accounts)
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def cluster_db() -> Iterator[dict[str, str]]:
    """A fresh database of its own on the test's PostgreSQL server."""
    settings = connection.settings_dict
    name = f"tiaki_{settings['NAME'].removeprefix('test_').removeprefix('tiaki_')[:20]}_nodes_{os.getpid()}"
    params = {"host": settings["HOST"] or "127.0.0.1", "port": str(settings["PORT"] or 5432),
              "user": settings["USER"] or "postgres", "password": settings["PASSWORD"] or ""}  # fmt: skip
    admin = {**{k: v for k, v in params.items() if v}, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**params, "dbname": name}
    finally:
        with psycopg.connect(**admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(db: dict[str, str], var_dir: Path) -> dict[str, str]:
    auth = db["user"] + (f":{db['password']}" if db["password"] else "")
    env = {**os.environ, "DATABASE_URL": f"postgres://{auth}@{db['host']}:{db['port']}/{db['dbname']}"}
    # One TIAKI_MEDIA_DIR for both nodes: the shared document store (each
    # node has its own TIAKI_VAR_DIR, tests/deploy/servers.py).
    env.update({"TIAKI_VAR_DIR": str(var_dir), "TIAKI_MEDIA_DIR": str(var_dir / "media"),
                "DJANGO_SETTINGS_MODULE": "tiaki.config.settings"})  # fmt: skip
    for name in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC"):
        env.pop(name, None)  # the nodes and HAProxy run on the machine's clock
    return env


def _tiaki(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "tiaki", *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, (args, result.stderr[-2000:])
    return result.stdout


class Browser:
    """One user's cookies; every request notes which node answered."""

    def __init__(self, base: str, cookies: requests.cookies.RequestsCookieJar | None = None) -> None:
        self.base, self.http, self.served = base, requests.Session(), []
        if cookies is not None:
            self.http.cookies.update(cookies)

    def get(self, path: str) -> requests.Response:
        return self._note(self.http.get(self.base + path, allow_redirects=False, timeout=30))

    def post(self, path: str, data: dict[str, str], files: dict | None = None) -> requests.Response:
        return self._note(self.http.post(self.base + path, data=data, files=files, allow_redirects=False, timeout=30))

    def form(self, path: str) -> tuple[str, str]:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        match = _TOKEN.search(page.text)
        assert match, path
        return match.group(1), self.served[-1]

    def _note(self, response: requests.Response) -> requests.Response:
        self.served.append(response.headers["X-Tiaki-Node"])
        return response


def test_two_nodes_share_sessions_forms_documents_and_one_audit_chain(cluster_db, tmp_path):
    haproxy_or_skip()
    env = _env(cluster_db, tmp_path / "var")
    _tiaki(env, "demo", "--no-serve", "--persons", "200")
    with psycopg.connect(**{k: v for k, v in cluster_db.items() if v}) as db:
        row = db.execute(
            "SELECT c.id FROM casework_case c JOIN staff_user u ON u.id = c.allocated_worker_id "
            "WHERE u.username = %s ORDER BY c.id LIMIT 1", [USERNAME],
        ).fetchone()  # fmt: skip
    assert row, "the demo's social worker has a case"
    case = f"/cases/{row[0]}/"

    with balanced(env, nodes=2, workdir=tmp_path) as base:
        me = Browser(base)
        # Sign in: the form from one node, the password posted to the other.
        token, rendered_by = me.form("/sign-in/")
        signed_in = me.post("/sign-in/", {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD})
        assert signed_in.status_code == 302, signed_in.text[:500]
        assert me.served[-1] != rendered_by

        # Still signed in on whichever node answers (the session is in the database).
        for _ in range(4):
            assert me.get(case).status_code == 200
        assert set(me.served) == {"node1", "node2"}

        # An upload through one node, downloaded through the other (one media directory).
        token, rendered_by = me.form(f"{case}documents/add/")
        files = {"file": ("report.pdf", PDF, "application/pdf")}
        fields = {"csrfmiddlewaretoken": token, "title": "School report", "classification": "in_confidence"}
        uploaded = me.post(f"{case}documents/add/", fields, files)
        assert uploaded.status_code == 302, uploaded.text[:500]
        uploaded_by = me.served[-1]
        assert uploaded_by != rendered_by
        with psycopg.connect(**{k: v for k, v in cluster_db.items() if v}) as db:
            (document_id,) = db.execute("SELECT max(id) FROM casework_document").fetchone() or (None,)
        downloads = [me.get(f"/cases/documents/{document_id}/") for _ in range(2)]
        by_node = dict(zip(me.served[-2:], downloads, strict=True))
        assert set(by_node) == {"node1", "node2"}
        assert by_node[next(n for n in by_node if n != uploaded_by)].content == PDF

        # Audited reads and writes through both nodes at once.
        head_before = json.loads(_tiaki(env, "audit", "verify", "--json"))["head_seq"]
        failures: list[str] = []

        def reader() -> None:
            other = Browser(base, me.http.cookies)
            failures.extend(
                f"read {r.status_code}" for r in (other.get(case) for _ in range(6)) if r.status_code != 200
            )

        def writer() -> None:
            other = Browser(base, me.http.cookies)
            for n in range(3):
                token, _ = other.form(f"{case}documents/add/")
                sent = other.post(f"{case}documents/add/", {**fields, "csrfmiddlewaretoken": token,
                                  "title": f"Report {n}"}, {"file": (f"r{n}.pdf", PDF, "application/pdf")})  # fmt: skip
                if sent.status_code != 302:
                    failures.append(f"write {sent.status_code}")

        threads = [threading.Thread(target=t) for t in (reader, reader, writer, writer)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []

    verdict = json.loads(_tiaki(env, "audit", "verify", "--json"))
    assert verdict["ok"], verdict
    assert verdict["events"] == verdict["head_seq"]  # gapless: every seq from 1 to the head
    # 12 case reads, 6 uploads and the 6 forms' reads at least.
    assert verdict["head_seq"] - head_before >= 24
