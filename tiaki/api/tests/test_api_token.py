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
