"""Fixtures of the disclosure sharing part: the shared whānau's child with
an About me (routines marked shareable, one item not), a plan and a task;
the caregiver household's account; a partner organisation with an active
agreement for About me only, and its worker's account."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.care.models import AboutMe, AboutMeVersion
from tiaki.casework.models import Plan, PlanVersion, Task
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount
from tiaki.staff.tests.factories import UserFactory

__all__ = ["NOT_SHAREABLE", "ROUTINE", "caregiver_user", "expire", "organisation", "partner_user", "sharing"]

ROUTINE = "Bed at 8, with a story. Weet-Bix for breakfast."
NOT_SHAREABLE = "Her dad's new partner frightens her."


@pytest.fixture
def caregiver_user(whanau):
    user = UserFactory(username="rangi", first_name="Rangi", last_name="Kingi", role=Role.CAREGIVER, site=None)
    RecipientAccount.objects.create(user=user, household=whanau.household, person=whanau.caregiver)
    return user


@pytest.fixture
def organisation(db):
    now = timezone.now()
    return PartnerOrganisation.objects.create(
        name="Te Whare Tiaki Trust", kind=PartnerOrganisation.Kind.NGO, agreement_reference="AG-2026-07",
        agreement_start=dt.date(2026, 1, 1), may_receive=["about_me"], postal_address="PO Box 12, Whangārei",
        created_at=now, updated_at=now,
    )  # fmt: skip


@pytest.fixture
def partner_user(organisation):
    user = UserFactory(username="grace", first_name="Grace", last_name="Liu", role=Role.PARTNER_WORKER, site=None)
    RecipientAccount.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def sharing(whanau, alice):
    """The whānau, with the child's About me, plan and an upcoming task."""
    now = timezone.now()
    about = AboutMe.objects.create(child=whanau.child, created_at=now, created_by=alice, current_version=1)
    AboutMeVersion.objects.create(
        about=about, number=1, written_by=alice, written_at=now,
        items=[
            {"topic": "sleep", "text": ROUTINE, "own_words": False, "shareable": True},
            {"topic": "likes", "text": "Kapa haka and her cat Pōtae.", "own_words": True, "shareable": True},
            {"topic": "important_people", "text": NOT_SHAREABLE, "own_words": True, "shareable": False},
        ],
    )  # fmt: skip
    plan = Plan.objects.create(case=whanau.case, child=whanau.child, created_at=now, created_by=alice)
    PlanVersion.objects.create(
        plan=plan, number=1, goals=[{"goal": "Settled at kura", "action": "Walk her to school", "who": "Rangi",
                                     "by": "March"}],
        child_voice="I like my new school.", review_on=timezone.localdate() + dt.timedelta(days=60),
        written_by=alice, written_at=now,
    )  # fmt: skip
    task = Task.objects.create(case=whanau.case, title="Dentist with Rangi", due_on=timezone.localdate()
                               + dt.timedelta(days=7), assigned_to=alice, created_by=alice, created_at=now)  # fmt: skip
    return SimpleNamespace(**vars(whanau), plan=plan, task=task)


def expire(share_id: int, *, ago: dt.timedelta = dt.timedelta(minutes=1)) -> dt.datetime:
    """Move a share into the past (it was made a month before it ended), as
    the clock would: it ended ``ago``. Returns when it ended."""
    from tiaki.disclosure.models import Share

    ended = timezone.now() - ago
    Share.objects.filter(pk=share_id).update(shared_at=ended - dt.timedelta(days=30), expires_at=ended)
    return ended
