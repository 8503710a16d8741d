"""The demo's caregiver and partner worker sign-ins read what is shared with them."""

from __future__ import annotations

import pytest

from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import ensure_demo_work
from tiaki.disclosure.models import RecipientAccount
from tiaki.disclosure.selectors.sharing import shares_for_me
from tiaki.disclosure.services.sharing import read_share
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_caregiver_reads_the_childs_routines_and_the_partner_worker_is_linked():
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()
    ensure_demo_work()  # a second run adds nothing
    caregiver = User.objects.get(username="demo-caregiver", is_active=True)
    mine = shares_for_me(actor=caregiver)
    (share,) = mine.current
    assert mine.reads_for == "Rāwiri and Moana Tane"
    assert any(item.kind == "about_me" for item in read_share(actor=caregiver, share_id=share.id).items)
    partner = RecipientAccount.objects.get(user__username="demo-partner-worker")
    assert partner.organisation is not None
    assert partner.organisation.name == "Te Whare Tiaki Trust"
