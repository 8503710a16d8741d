"""Writers appending at once queue on the head lock: one gapless chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, transaction

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.audit.tests.chain_fixtures import head_seq
from tiaki.audit.verify import verify_chain

WRITERS = 6
EACH = 15


@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite: see the file-database variant below")
@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_gapless_chain_under_concurrent_writers():
    before = head_seq()
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    audit.record(
                        actor=None, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[n * 1000 + i]
                    )
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq").values_list("seq", "prev_hash", "hash"))
    assert [seq for seq, _, _ in events] == list(range(before + 1, before + 1 + WRITERS * EACH))
    assert all(events[i][1] == events[i - 1][2] for i in range(1, len(events)))
    assert head_seq() == before + WRITERS * EACH
    verdict = verify_chain()
    assert verdict.ok, verdict


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file-database variant")
def test_it_keeps_one_chain_under_concurrent_writers_on_an_sqlite_file(tmp_path):
    # The SQLite test database is in memory with a shared cache, where a second
    # writer fails at once ("database table is locked") instead of waiting as
    # it does on a database file with the project's IMMEDIATE transactions.
    # So this runs the bench operation in a fresh process on a file database,
    # configured exactly as a demo install is.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'tiaki.sqlite3'}", "TIAKI_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Under libfaketime (the suite's early-morning run, `make test-at`), a
    # thread's timed wait never returns: the writers' stop.wait() would hang.
    # This test is about locking, not the clock, so its process runs on the
    # machine's own clock.
    for name in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "tiaki", "migrate", "-v0"], env=env, check=True, timeout=120)
    script = (
        "import json, django; django.setup(); "
        "from tiaki.bench.audit_ops import audit_append_concurrent; "
        "print(json.dumps(audit_append_concurrent(writers=6, seconds=1.5)))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "tiaki.config.settings"
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script], env=env, check=True, timeout=120, capture_output=True, text=True
    )

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["events"] > 0
    assert result["verify_passed"], result
    assert result["verify_events"] == result["events"]
