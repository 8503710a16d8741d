"""The disclosure operations of tiaki bench: a 20-page case summary and a
2,000-entry chronology, each released through the pipeline as the bench
actor, with a few timed runs only (each takes seconds)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tiaki.bench.disclosure_ops import disclosure_operations
from tiaki.bench.operations import BenchContext
from tiaki.disclosure.models import Disclosure

pytestmark = pytest.mark.django_db


def test_the_case_summary_is_twenty_pages_released_through_the_pipeline():
    call_command("seed", persons=200, seed=3, stdout=io.StringIO())
    with override_settings(MFA_REQUIRED=False):
        ctx = BenchContext(seed=1, samples=5)
        by_name = {op.name: op for op in disclosure_operations(ctx)}
    assert set(by_name) == {"disclosure.case_summary_pdf", "disclosure.chronology_pdf_2000"}
    assert "20-page case summary" in by_name["disclosure.case_summary_pdf"].description
    assert by_name["disclosure.chronology_pdf_2000"].repeat == 3
    assert by_name["disclosure.case_summary_pdf"].run(0) == 20
    made = Disclosure.objects.filter(sender=ctx.actor, kind="case_summary", outcome="released")
    assert made.count() == 2
    assert all(d.pages == 20 and d.file_sha256 for d in made)
