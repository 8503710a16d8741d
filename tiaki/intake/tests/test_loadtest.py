"""tiaki intake_loadtest, short: concurrent referrals against the live app
and every acknowledged report found in the database afterwards."""

from __future__ import annotations

import pytest
from django.db import connection
from knox.models import AuthToken

from tiaki.intake.loadtest import AGENCY, LoadTestError, drive, loopback_url, prepare, revoke, run_loadtest
from tiaki.intake.models import ReportOfConcern
from tiaki.people.tests.factories import PersonFactory
from tiaki.staff.models import Site


@pytest.fixture
def register(transactional_db):
    Site.objects.create(name="Whangārei", region="Te Tai Tokerau")
    PersonFactory.create_batch(8)


# Until tiaki/api/urls.py routes /api/v1/reports, the API tests' URLconf does.
def test_every_acknowledged_report_is_in_the_database(register, live_server):
    # The live server shares an in-memory SQLite connection across its
    # threads, so concurrent clients only on PostgreSQL.
    clients = 4 if connection.vendor == "postgresql" else 1
    fixture = prepare()
    try:
        result = drive(live_server.url, fixture, clients=clients, seconds=3, max_reports=40)
    finally:
        revoke(fixture)
    assert result.errors == 0, result.error_samples
    assert result.acknowledged > 0
    assert result.persisted == result.acknowledged
    assert ReportOfConcern.objects.filter(referrer_agency=AGENCY).count() == result.acknowledged
    assert result.p95_ms >= result.p50_ms > 0
    assert not AuthToken.objects.filter(token_key=fixture.token_key).exists()


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8000", "https://tiaki.example.govt.nz", "http://0.0.0.0:8000", "ftp://127.0.0.1/"]
)
def test_it_refuses_anything_but_loopback(url, db):
    with pytest.raises(LoadTestError):
        loopback_url(url)
    with pytest.raises(LoadTestError):
        run_loadtest(clients=1, seconds=1, base_url=url)


def test_loopback_addresses_are_accepted():
    assert loopback_url("http://127.0.0.1:8000").port == 8000
    assert loopback_url("http://[::1]:8000").hostname == "::1"
    assert loopback_url("http://localhost:8000").hostname == "localhost"


def test_it_needs_a_register_to_refer_from(db):
    with pytest.raises(LoadTestError, match="tiaki seed"):
        prepare()
