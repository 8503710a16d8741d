"""The demo's disclosure set-up (tiaki.demo.work_disclosure): the long case's
child's mother is protected from the child's father, two partners are on the
register with agreements and confirmations, one with its disposal overdue,
and setting the demo up again adds nothing."""

from __future__ import annotations

import pytest

from tiaki.access.roles import Role
from tiaki.casework.models import Case, CourtOrder
from tiaki.demo.accounts import demo_username, ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import ensure_demo_work
from tiaki.demo.work_disclosure import HEALTH, TRUST, _parents
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation
from tiaki.disclosure.selectors.partners import overdue_disposals
from tiaki.people.models import PersonAddress, PersonAlert
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()


def test_the_mother_is_protected_from_the_father(demo):
    worker = User.objects.get(username=demo_username(Role.SOCIAL_WORKER))
    case = Case.objects.filter(allocated_worker=worker).order_by("pk").first()
    child = CourtOrder.objects.filter(case=case, kind=CourtOrder.Kind.S78).order_by("pk").first().child_id
    mother, father = _parents(child)
    if mother is None or father is None:
        pytest.skip("the seeded whānau has no mother and father")
    alert = PersonAlert.objects.get(person_id=mother, kind=PersonAlert.Kind.PROTECTION_ORDER)
    assert alert.other_person_id == father
    assert PersonAddress.objects.filter(person_id=mother, protected=True).exists()


def test_two_partners_one_with_its_disposal_overdue(demo):
    trust, health = PartnerOrganisation.objects.get(name=TRUST), PartnerOrganisation.objects.get(name=HEALTH)
    assert trust.may_receive
    assert health.may_receive
    assert DisposalConfirmation.objects.filter(organisation=trust).exists()
    assert DisposalConfirmation.objects.filter(organisation=health).exists()
    officer = User.objects.get(username=demo_username(Role.PRIVACY_OFFICER))
    assert [row.name for row in overdue_disposals(actor=officer)] == [HEALTH]


def test_setting_it_up_again_adds_nothing(demo):
    counts = (PartnerOrganisation.objects.count(), DisposalConfirmation.objects.count(), PersonAlert.objects.count())
    ensure_demo_work()
    from tiaki.demo.work_disclosure import demo_disclosure_work

    worker = User.objects.get(username=demo_username(Role.SOCIAL_WORKER))
    demo_disclosure_work(worker=worker, privacy_officer=None,
                         long_case=Case.objects.filter(allocated_worker=worker).order_by("pk").first())  # fmt: skip
    assert (PartnerOrganisation.objects.count(), DisposalConfirmation.objects.count(),
            PersonAlert.objects.count()) == counts  # fmt: skip
