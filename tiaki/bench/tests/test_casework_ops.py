"""The chronology and note operations of tiaki bench run on a small seed,
and their raw-SQL twins return the same rows the selectors do."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.bench.casework_ops import MASKED_SUMMARY, casework_operations, chronology_raw
from tiaki.bench.operations import BenchContext
from tiaki.casework.models import CaseNote
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import _entry, chronology_page
from tiaki.demo.generator.casework import LONG_HISTORY_ENTRIES, showcase_children

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops():
    call_command("seed", persons=300, seed=3, stdout=io.StringIO())
    with override_settings(MFA_REQUIRED=False):
        ctx = BenchContext(seed=1, samples=20)
        yield ctx, {op.name: op for op in casework_operations(ctx)}


def test_it_times_the_chronology_and_note_operations_on_the_showcase_children(ops):
    _ctx, by_name = ops
    assert set(by_name) == {"chronology_first_page", "chronology_page_full", "whanau_chronology", "note_add"}
    long_histories, whanau = showcase_children()
    assert len(long_histories) == 10
    for person_id in long_histories:
        assert ChronologyEntry.objects.filter(person_id=person_id).count() > LONG_HISTORY_ENTRIES * 0.9
    assert len(whanau) >= 2
    with override_settings(MFA_REQUIRED=False):
        for name in ("chronology_first_page", "whanau_chronology", "chronology_page_full"):
            assert by_name[name].run(0)
            assert by_name[name].raw is not None
            assert by_name[name].raw(0)
        notes_before = CaseNote.objects.count()
        last_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        by_name["note_add"].run(0)
    assert CaseNote.objects.count() == notes_before + 1
    assert AuditEvent.objects.filter(pk__gt=last_audit, action=AuditAction.NOTE_ADD).count() == 1


def test_the_raw_first_page_is_the_selectors_first_page_masked_the_same_way(ops):
    ctx, by_name = ops
    person_id = showcase_children()[0][0]
    page = chronology_page(actor=ctx.actor, person_id=person_id)
    raw = by_name["chronology_first_page"].raw
    assert raw is not None
    rows = raw(0)
    assert [(e.id, e.title, e.summary) for e in page.entries] == [(r[0], r[6], r[7]) for r in rows]
    # Masked as the selector masks for a reader without the SENSITIVE permission.
    ChronologyEntry.objects.filter(pk__in=[r[0] for r in rows[:5]]).update(sensitive=True)
    masked = chronology_raw([person_id], mask=True)
    fields = ("pk", "person_id", "occurred_at", "kind", "significant", "sensitive", "title", "summary", "case_id",
              "report_id", "source_id")  # fmt: skip
    expected = [
        _entry(row, may_see_sensitive=False)
        for row in ChronologyEntry.objects.filter(pk__in=[r[0] for r in masked]).values_list(*fields)
    ]
    by_id = {e.id: e for e in expected}
    assert sum(1 for e in expected if e.masked) >= 5
    assert any(r[7] == MASKED_SUMMARY for r in masked)
    assert [(by_id[r[0]].title, by_id[r[0]].summary) for r in masked] == [(r[6], r[7]) for r in masked]
