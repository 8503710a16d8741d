"""Fixtures of the partner register part: an organisation on the register,
shares to it (current and ended) and a read by one of its workers, written
straight to the tables with dates relative to a pinned "now"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount, Share, ShareRead
from tiaki.disclosure.services.partners import PartnerInput
from tiaki.staff.tests.factories import UserFactory

TRUST = "Te Whare Tiaki Trust"


def details(**changes: object) -> PartnerInput:
    values: dict[str, object] = {
        "name": TRUST, "kind": "ngo", "agreement_reference": "AGR-2026-014",
        "agreement_start": dt.date(2026, 1, 1), "agreement_end": dt.date(2027, 12, 31),
        "may_receive": ["about_me", "appointment"], "retention_days": 90,
        "postal_address": "PO Box 112\nWhangārei 0140", "email": "kaimahi@tewharetiaki.example.nz",
    }  # fmt: skip
    values.update(changes)
    return PartnerInput(**values)  # type: ignore[arg-type]


def organisation_row(name: str = TRUST, **changes: object) -> PartnerOrganisation:
    now = timezone.now()
    values = {**details(name=name).__dict__, "may_receive": ["about_me", "appointment"], **changes}
    return PartnerOrganisation.objects.create(**values, created_at=now, updated_at=now)


def share_to(organisation, *, child, by, shared_at: dt.datetime, expires_at: dt.datetime,
             revoked_at: dt.datetime | None = None) -> Share:  # fmt: skip
    return Share.objects.create(
        child=child, organisation=organisation, purpose="Support at kura", consent=Share.Consent.YOUNG_PERSON,
        consent_on=timezone.localdate(shared_at), shared_by=by, shared_at=shared_at, expires_at=expires_at,
        revoked_at=revoked_at, revoked_by=by if revoked_at else None,
    )  # fmt: skip


@pytest.fixture
def trust(db):
    return organisation_row()


@pytest.fixture
def partner_worker(trust, site):
    user = inducted(UserFactory(username="partner-worker", role=Role.PARTNER_WORKER, site=site,
                                first_name="Hine", last_name="Walker"))  # fmt: skip
    RecipientAccount.objects.create(user=user, organisation=trust)
    return user


@pytest.fixture
def trust_shares(trust, child, alice, partner_worker):
    """One share current, one ended 200 days ago (past its 90 days), one revoked 10 days ago."""
    now = timezone.now()
    day = dt.timedelta(days=1)
    current = share_to(trust, child=child, by=alice, shared_at=now - 5 * day, expires_at=now + 30 * day)
    old = share_to(trust, child=child, by=alice, shared_at=now - 300 * day, expires_at=now - 200 * day)
    revoked = share_to(trust, child=child, by=alice, shared_at=now - 20 * day, expires_at=now + 60 * day,
                       revoked_at=now - 10 * day)  # fmt: skip
    ShareRead.objects.create(share=current, user=partner_worker, read_at=now - day, outcome=ShareRead.Outcome.READ)
    return {"current": current, "old": old, "revoked": revoked}
