"""The home page as users see it: their role's panels, and their messages
linked to what each is about."""

from __future__ import annotations

import pytest
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_trainee_before_induction_gets_a_plain_refusal_on_every_surface(client, site, child):
    trainee = UserFactory(username="trainee", role=Role.TRAINEE, site=site)
    client.force_login(trainee)
    page = client.get(f"/people/{child.pk}/")
    assert page.status_code == 403
    assert "privacy induction" in page.content.decode()
    home = client.get("/").content.decode()
    assert "Privacy induction needed" in home
    _, token = AuthToken.objects.create(trainee)
    api = client.get(f"/api/v1/persons/{child.pk}", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 403
    assert api.json()["code"] == "induction_incomplete"
    reasons = set(AuditEvent.objects.filter(actor_id=trainee.pk).values_list("reason", flat=True))
    assert reasons == {"induction_incomplete"}


@pytest.mark.parametrize(
    ("about", "link"),
    [
        ("case", lambda record: f"/cases/{record.pk}/"),
        ("report", lambda record: f"/intake/reports/{record.pk}/"),
        ("break-glass-queue", lambda record: "/privacy/break-glass/"),
    ],
)
def test_a_notice_links_to_what_it_is_about(client, supervisor, case, about, link):
    about_id = None if about == "break-glass-queue" else case.pk
    notification_send(users=[supervisor], kind=Notification.Kind.CASE_ALLOCATED, text="Something needs you.",
                      email_text="Something needs you.", about=about, about_id=about_id)  # fmt: skip
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    assert "Messages for you" in page
    assert f'href="{link(case)}">Something needs you.</a>' in page
