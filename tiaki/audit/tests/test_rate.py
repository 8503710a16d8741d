"""The trail's append rate for the metrics (tiaki.audit.rate): counts only."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaki import audit
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.audit.rate import events_recent, events_total
from tiaki.audit.tests.chain_fixtures import head_seq

pytestmark = pytest.mark.django_db


def test_it_counts_the_chain_and_the_last_five_minutes():
    before = head_seq()
    for _ in range(3):
        audit.record(actor=None, action=AuditAction.PERSON_READ)
    assert events_total() == before + 3
    newest = AuditEvent.objects.order_by("-seq").values_list("occurred_at", flat=True).first()
    assert newest is not None
    assert events_recent(newest + dt.timedelta(minutes=1)) >= 3
    assert events_recent(newest + dt.timedelta(minutes=6)) == 0
