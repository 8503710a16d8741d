"""The register's bench operation on a small seeded agency: the register is
topped up to 2,000 incidents once, and the page answers as a privacy
officer. (The figure is measured on PostgreSQL: docs/benchmarks.md.)"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tiaki.bench.operations import BenchContext
from tiaki.bench.privacy_register_ops import INCIDENTS, SOURCE, privacy_register_operations
from tiaki.privacy.models import PrivacyIncident

pytestmark = pytest.mark.django_db


def test_the_register_page_runs_with_2000_incidents():
    call_command("seed", persons=30, seed=3, stdout=io.StringIO())
    with override_settings(MFA_REQUIRED=False):
        ctx = BenchContext(seed=1, samples=3)
        (op,) = privacy_register_operations(ctx)
        assert op.name == "privacy.register_page"
        assert "Privacy breaches and near misses" in op.run(0).content.decode()
        privacy_register_operations(ctx)  # a second setup adds none
    assert PrivacyIncident.objects.filter(how_found_detail=SOURCE).count() == INCIDENTS
