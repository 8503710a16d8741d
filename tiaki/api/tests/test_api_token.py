from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_issues_a_working_token_once_and_audits_it():
    user = UserFactory(username="police-nz", role=Role.PARTNER_WORKER)
    out = io.StringIO()
    call_command("api_token", "police-nz", stdout=out)
    token = out.getvalue().strip()
    response = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me")
    assert response.json()["username"] == "police-nz"
    event = AuditEvent.objects.filter(action="api_token.issue", subject_ids=f"[{user.pk}]").get()
    assert event.actor_role == "system"
    assert token not in event.relationship  # only the token's public prefix is recorded


def test_it_refuses_an_unknown_or_switched_off_account():
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="No account"):
        call_command("api_token", "nobody")
    with pytest.raises(CommandError, match="switched off"):
        call_command("api_token", "gone")


def _issue(username: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, stdout=out)
    return out.getvalue().strip()


def test_it_lists_tokens_by_prefix_only_and_notes_their_last_use():
    UserFactory(username="police-nz", role=Role.PARTNER_WORKER)
    token = _issue("police-nz")
    Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me")
    out = io.StringIO()
    call_command("api_token", "police-nz", "--list", stdout=out)
    listing = out.getvalue()
    assert listing.startswith(token[:15])
    assert token not in listing
    assert "last used -" not in listing  # the request above was recorded


def test_it_revokes_a_token_by_command_so_its_next_request_is_refused():
    user = UserFactory(username="police-nz", role=Role.PARTNER_WORKER)
    token, kept = _issue("police-nz"), _issue("police-nz")
    out = io.StringIO()
    call_command("api_token", "police-nz", "--revoke", token[:15], stdout=out)
    assert "Revoked" in out.getvalue()
    refused = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "authentication_failed"
    assert Client(HTTP_AUTHORIZATION=f"Token {kept}").get("/api/v1/me").status_code == 200
    event = AuditEvent.objects.filter(action="api_token.revoke", subject_ids=f"[{user.pk}]").get()
    assert (event.actor_role, event.relationship) == ("system", f"token:{token[:15]}")
    with pytest.raises(CommandError, match="no token starting"):
        call_command("api_token", "police-nz", "--revoke", token[:15])


def test_it_revokes_every_token_of_an_account_by_command():
    UserFactory(username="police-nz", role=Role.PARTNER_WORKER)
    tokens = [_issue("police-nz") for _ in range(3)]
    out = io.StringIO()
    call_command("api_token", "police-nz", "--revoke-all", stdout=out)
    assert "Revoked 3 tokens" in out.getvalue()
    assert {Client(HTTP_AUTHORIZATION=f"Token {t}").get("/api/v1/me").status_code for t in tokens} == {401}
    assert AuditEvent.objects.filter(action="api_token.revoke", relationship="token:all:3").exists()


def test_it_refuses_revocation_to_anyone_but_an_administrator_and_audits_the_refusal(alice):
    from tiaki.access import AccessDenied
    from tiaki.api.services import api_token_revoke, api_token_revoke_all

    partner = UserFactory(username="police-nz", role=Role.PARTNER_WORKER)
    token = _issue("police-nz")
    with pytest.raises(AccessDenied):
        api_token_revoke(actor=alice, user=partner, token_key=token[:15])
    with pytest.raises(AccessDenied):
        api_token_revoke_all(actor=alice, user=partner)
    assert Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me").status_code == 200
    refusals = AuditEvent.objects.filter(action="api_token.revoke", actor_id=alice.pk, outcome="refused")
    assert refusals.count() == 2
