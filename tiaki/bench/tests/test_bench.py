"""tiaki bench runs on a seeded register and reports what docs/benchmarks.md records."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tiaki.bench.stats import Timing, measure_interleaved

pytestmark = pytest.mark.django_db


def test_it_times_every_operation_with_its_raw_sql_ratio_and_the_audit_overhead():
    call_command("seed", persons=200, seed=3, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", json=True, repeat=3, warmup=1, audit_seconds=0, stdout=out)
    document = json.loads(out.getvalue())
    operations = document["operations"]
    assert set(operations) >= {
        "home_page",
        "person_get",
        "person_page",
        "person_page_unaudited",
        "person_search",
        "person_search_page",
    }
    for name in ("person_get", "person_page", "person_search"):
        assert operations[name]["median_ms"] > 0
        assert operations[name]["p95_ms"] >= operations[name]["median_ms"]
        assert operations[name]["ratio_median"] > 0
    overhead = document["figures"]["audit_overhead"]
    assert overhead["audited_median_ms"] > 0
    assert "median_pct" in overhead


def test_it_refuses_an_unknown_operation_and_an_empty_register():
    with pytest.raises(CommandError, match=r"register is empty|No sites"):
        call_command("bench", repeat=1, audit_seconds=0, stdout=io.StringIO())
    call_command("seed", persons=50, seed=3, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unknown operation"):
        call_command("bench", only=["nope"], repeat=1, audit_seconds=0, stdout=io.StringIO())


def test_p95_is_the_nearest_rank_and_interleaving_alternates():
    assert Timing.of([i * 1_000_000 for i in range(1, 101)]).p95_ms == 95.0
    calls: list[str] = []
    measure_interleaved(lambda i: calls.append("a"), lambda i: calls.append("b"), repeat=4, warmup=0)
    assert calls == ["a", "b", "b", "a", "a", "b", "b", "a"]
