"""The administrator's API token page (/admin/users/<id>/tokens/)."""

from __future__ import annotations

import pytest
from django.test import Client
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(site):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)


@pytest.fixture
def partner(site):
    return UserFactory(username="police-nz", role=Role.PARTNER_WORKER, site=site)


def test_it_lists_an_accounts_tokens_without_their_secrets(client, admin, partner):
    _, token = AuthToken.objects.create(partner)
    client.force_login(admin)
    assert f"/admin/users/{partner.pk}/tokens/" in client.get(f"/admin/users/{partner.pk}/").content.decode()
    page = client.get(f"/admin/users/{partner.pk}/tokens/").content.decode()
    assert token[:15] in page
    assert token not in page
    assert "Not used" in page


def test_it_revokes_one_token_effective_on_its_next_request(client, admin, partner):
    _, token = AuthToken.objects.create(partner)
    _, kept = AuthToken.objects.create(partner)
    assert Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me").status_code == 200
    client.force_login(admin)
    response = client.post(f"/admin/users/{partner.pk}/tokens/", {"token_key": token[:15]}, follow=True)
    assert f"Revoked token {token[:15]}" in response.content.decode()
    refused = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me")
    assert (refused.status_code, refused["Content-Type"]) == (401, "application/problem+json")
    assert Client(HTTP_AUTHORIZATION=f"Token {kept}").get("/api/v1/me").status_code == 200
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert (event.actor_id, event.subject_ids) == (admin.pk, f"[{partner.pk}]")
    assert event.relationship == f"token:{token[:15]}"


def test_it_revokes_all_tokens_at_once(client, admin, partner):
    tokens = [AuthToken.objects.create(partner)[1] for _ in range(2)]
    client.force_login(admin)
    response = client.post(f"/admin/users/{partner.pk}/tokens/", {"all": "on"}, follow=True)
    assert "Revoked 2 tokens" in response.content.decode()
    assert not AuthToken.objects.filter(user=partner).exists()
    assert {Client(HTTP_AUTHORIZATION=f"Token {t}").get("/api/v1/me").status_code for t in tokens} == {401}


def test_it_says_so_when_a_token_was_already_revoked(client, admin, partner):
    client.force_login(admin)
    response = client.post(f"/admin/users/{partner.pk}/tokens/", {"token_key": "abcdef"}, follow=True)
    assert "may have been revoked already" in response.content.decode()
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_it_refuses_the_page_to_everyone_but_administrators(client, alice, partner):
    AuthToken.objects.create(partner)
    client.force_login(alice)
    assert client.get(f"/admin/users/{partner.pk}/tokens/").status_code == 403
    assert client.post(f"/admin/users/{partner.pk}/tokens/", {"all": "on"}).status_code == 403
    assert AuthToken.objects.filter(user=partner).exists()


def test_it_answers_404_for_a_missing_account(client, admin):
    client.force_login(admin)
    assert client.get("/admin/users/999999/tokens/").status_code == 404
