"""The disclosure guard's bench operation on a small seed: a 50-item share
pack for a child in care with a relative at a protected address, checked by
the guard, finding the placement street it carries."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tiaki.bench.disclosure_guard_ops import guard_operations as disclosure_operations
from tiaki.bench.operations import BenchContext

pytestmark = pytest.mark.django_db


def test_the_guard_op_checks_a_fifty_item_pack_and_finds_what_it_carries():
    call_command("seed", persons=1500, seed=3, stdout=io.StringIO())
    ctx = BenchContext(seed=1, samples=5)
    [op] = disclosure_operations(ctx)
    assert op.name == "disclosure.guard_pack_50"
    findings = op.run(0)
    assert isinstance(findings, list)
    assert any(f.rule == "placement_location" for f in findings)
