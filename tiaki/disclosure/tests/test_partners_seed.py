"""The seeded agency's partner register (tiaki.demo.generator.partners):
about 60 organisations at full scale, fewer for small seeds, each with a
valid agreement, most with disposal confirmations; the same seed gives the
same register, and deleting the seed removes only its own organisations."""

from __future__ import annotations

import pytest

from tiaki.demo.generator import delete_seeded_rows, seed_agency
from tiaki.demo.generator.partners import MIN_PARTNERS, SEED_REFERENCE, partners_for
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation
from tiaki.disclosure.tests.partners_fixtures import organisation_row

pytestmark = pytest.mark.django_db


def test_it_scales_with_the_agency():
    assert partners_for(1_000_000) == 60
    assert partners_for(300) == MIN_PARTNERS
    assert partners_for(200_000) == 12


def test_a_seed_writes_valid_agreements_and_disposals_and_its_reset_removes_only_them():
    own = organisation_row("Te Whare Tiaki Trust")
    summary = seed_agency(persons=300, seed=3, reports=0)
    seeded = list(PartnerOrganisation.objects.filter(agreement_reference__startswith=SEED_REFERENCE))
    assert summary.partners == len(seeded) == MIN_PARTNERS
    for organisation in seeded:
        assert organisation.may_receive
        assert set(organisation.may_receive) <= set(PartnerOrganisation.RECEIVABLE)
        assert organisation.retention_days >= 1
        assert organisation.agreement_end is None or organisation.agreement_end >= organisation.agreement_start
    for confirmation in DisposalConfirmation.objects.all():
        assert confirmation.covers_up_to <= confirmation.confirmed_on
    names = sorted(o.name for o in seeded)
    delete_seeded_rows()
    assert list(PartnerOrganisation.objects.all()) == [own]
    seed_agency(persons=300, seed=3, reports=0)
    again = PartnerOrganisation.objects.filter(agreement_reference__startswith=SEED_REFERENCE)
    assert sorted(o.name for o in again) == names
