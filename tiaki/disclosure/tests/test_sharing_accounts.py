"""Recipient accounts: an administrator links a caregiver account to one
household and a partner worker to one organisation (user:manage), on a
small page reached from the account's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiaki.access import AccessDenied
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.disclosure.models import RecipientAccount
from tiaki.disclosure.services.accounts import AccountLinkError, link_recipient_account
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(site):
    return inducted(UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site))


def test_an_administrator_links_a_caregiver_to_their_household_and_a_partner_worker_to_theirs(
    admin, household, household_member, organisation
):
    carer = UserFactory(username="mere", role=Role.CAREGIVER, site=None)
    worker = UserFactory(username="hemi", role=Role.PARTNER_WORKER, site=None)
    link_recipient_account(actor=admin, user_id=carer.pk, household_id=household.pk, person_id=household_member.pk)
    link_recipient_account(actor=admin, user_id=worker.pk, organisation_id=organisation.pk)
    assert RecipientAccount.objects.get(user=carer).household == household
    assert RecipientAccount.objects.get(user=worker).organisation == organisation


@pytest.mark.parametrize(
    ("role", "link", "field"),
    [
        (Role.CAREGIVER, "organisation", "household"),
        (Role.PARTNER_WORKER, "household", "organisation"),
        (Role.SOCIAL_WORKER, "household", "user"),
    ],
)
def test_each_account_reads_for_the_kind_its_role_does_only(admin, household, organisation, role, link, field):
    user = UserFactory(username="someone", role=role)
    ids = {"household_id": household.pk} if link == "household" else {"organisation_id": organisation.pk}
    with pytest.raises(AccountLinkError) as raised:
        link_recipient_account(actor=admin, user_id=user.pk, **ids)
    assert raised.value.field == field
    assert not RecipientAccount.objects.exists()


def test_a_caregiver_is_a_member_of_the_household_they_read_for(admin, household, mother):
    carer = UserFactory(username="mere", role=Role.CAREGIVER, site=None)
    with pytest.raises(AccountLinkError):
        link_recipient_account(actor=admin, user_id=carer.pk, household_id=household.pk, person_id=mother.pk)


def test_only_administrators_link_accounts(alice, household):
    carer = UserFactory(username="mere", role=Role.CAREGIVER, site=None)
    with pytest.raises(AccessDenied):
        link_recipient_account(actor=alice, user_id=carer.pk, household_id=household.pk)


def test_the_page_is_reached_from_the_accounts_page_and_links_it(client, admin, household):
    carer = UserFactory(username="mere", role=Role.CAREGIVER, site=None)
    client.force_login(admin)
    url = reverse("web:admin-user-reads-for", args=[carer.pk])
    assert url in client.get(reverse("web:admin-user", args=[carer.pk])).content.decode()
    assert client.get(url).status_code == 200
    answer = client.post(url, {"household": household.pk, "organisation": ""})
    assert answer.status_code == 302
    assert RecipientAccount.objects.get(user=carer).household == household
