"""The cast of the access tests (healthchecks' alice/bob/charlie):

- alice: the social worker allocated to the child's open case;
- bob: a colleague at the same site with no relationship to the child;
- charlie: an outsider, a social worker at another site;
plus alice's supervisor, the site manager, and a privacy officer.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.casework.models import Case, CaseParticipant
from tiaki.people.tests.factories import PersonAddressFactory, PersonNameFactory
from tiaki.staff.models import Site, User
from tiaki.staff.tests.factories import UserFactory


def inducted(user: User, *, days_ago: int = 30) -> User:
    """``user`` with a privacy induction completed ``days_ago`` days before
    today (NZ date): current for INDUCTION_VALID_DAYS, so on any date the
    suite runs."""
    PrivacyInduction.objects.create(
        user=user,
        completed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        course_version="2026.1",
        recorded_by=user,
    )
    return user


@pytest.fixture
def site(db) -> Site:
    return Site.objects.create(name="Whangārei", region="Te Tai Tokerau")


@pytest.fixture
def other_site(db) -> Site:
    return Site.objects.create(name="Ōtautahi", region="Waitaha")


@pytest.fixture
def site_manager(site) -> User:
    return inducted(UserFactory(username="manager", role=Role.SITE_MANAGER, site=site))


@pytest.fixture
def supervisor(site, site_manager) -> User:
    return inducted(UserFactory(username="supervisor", role=Role.SUPERVISOR, site=site, supervisor=site_manager))


@pytest.fixture
def alice(site, supervisor) -> User:
    return inducted(UserFactory(username="alice", role=Role.SOCIAL_WORKER, site=site, supervisor=supervisor))


@pytest.fixture
def bob(site, supervisor) -> User:
    # bob shares alice's supervisor but not her case: he still has no reach.
    return inducted(UserFactory(username="bob", role=Role.SOCIAL_WORKER, site=site))


@pytest.fixture
def charlie(other_site) -> User:
    return inducted(UserFactory(username="charlie", role=Role.SOCIAL_WORKER, site=other_site))


@pytest.fixture
def privacy_officer(site) -> User:
    return inducted(UserFactory(username="privacy", role=Role.PRIVACY_OFFICER, site=site))


@pytest.fixture
def child(db):
    name = PersonNameFactory(given_names="Tūī", family_name="Te Whare")
    PersonAddressFactory(person=name.person, protected=True)
    return name.person


@pytest.fixture
def case(site, alice, child) -> Case:
    case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=alice, opened_at=timezone.now())
    CaseParticipant.objects.create(case=case, person=child)
    return case
