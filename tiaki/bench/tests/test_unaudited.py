"""The benchmark's switch that turns auditing off: it works from the bench
package, in this context only, and never in production mode (from any
other module it refuses: tiaki/audit/tests/test_services.py)."""

from __future__ import annotations

import pytest

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.audit.tests.chain_fixtures import head_seq
from tiaki.bench.unaudited import suspended_for_benchmark

pytestmark = pytest.mark.django_db


def test_it_writes_nothing_while_suspended_for_the_benchmark():
    before = head_seq()

    with suspended_for_benchmark():
        event = audit.record(actor=None, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[1])
    after = audit.record(actor=None, action=AuditAction.PERSON_READ)

    assert event.seq is None
    assert after.seq == before + 1
    assert head_seq() == before + 1


def test_it_refuses_in_production_mode(settings):
    settings.PRODUCTION = True
    before = head_seq()

    with pytest.raises(RuntimeError, match="production mode"), suspended_for_benchmark():
        pass
    audit.record(actor=None, action=AuditAction.PERSON_READ)

    assert head_seq() == before + 1


def test_a_suspension_left_over_into_production_mode_fails_closed(settings):
    """Should the variable be set somehow and the settings then say
    production, record() refuses rather than skip the write."""
    with suspended_for_benchmark():
        settings.PRODUCTION = True
        with pytest.raises(RuntimeError, match="production mode"):
            audit.record(actor=None, action=AuditAction.PERSON_READ)
