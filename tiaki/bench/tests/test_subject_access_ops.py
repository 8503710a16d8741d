"""The subject access operations of tiaki bench, on a small seeded agency:
the person with 2,000 chronology entries and 300 documents is made once,
gathering finds all of them, and the whole pack leaves as a PDF through
release(). (The full-scale figures are measured on PostgreSQL by the lead.)"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tiaki.bench.operations import BenchContext
from tiaki.bench.subject_access_ops import subject_access_operations
from tiaki.disclosure.models import Disclosure, SubjectAccessRequest

pytestmark = pytest.mark.django_db


def test_gathering_and_the_pack_run_on_the_seeded_agency(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed", persons=60, seed=3, stdout=io.StringIO())
    with override_settings(MFA_REQUIRED=False):
        ctx = BenchContext(seed=1, samples=3)
        by_name = {op.name: op for op in subject_access_operations(ctx)}
        assert set(by_name) == {"disclosure.sar_gather_2000", "disclosure.sar_pack_pdf"}
        gather = by_name["disclosure.sar_gather_2000"]
        assert "2,000 chronology entries and 300 documents" in gather.description
        assert gather.run(0) > 2_300
        assert by_name["disclosure.sar_pack_pdf"].run(0) > 50
        # A second setup finds the same person and request again.
        again = {op.name: op for op in subject_access_operations(ctx)}
        assert "2,000 chronology entries and 300 documents" in again["disclosure.sar_gather_2000"].description
    assert SubjectAccessRequest.objects.count() == 1
    pack = Disclosure.objects.get(kind="subject_access", outcome="released")
    assert pack.file_sha256
