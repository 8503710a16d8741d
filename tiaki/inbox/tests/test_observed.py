"""The outbox on /healthz and /metrics (tiaki.inbox.observed): counts only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.inbox.models import Notification
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "e" * 40


def _pending(user, *, age: dt.timedelta) -> None:
    notice = Notification.objects.create(user=user, text="x", email_text="A case has been allocated to you.",
                                         email_status=Notification.EmailStatus.PENDING)  # fmt: skip
    Notification.objects.filter(pk=notice.pk).update(created_at=timezone.now() - age)


def test_an_email_waiting_long_is_a_warning_without_saying_for_whom(client):
    user = UserFactory(username="tui.pending", email="tui@example.org")
    _pending(user, age=dt.timedelta(minutes=5))
    assert client.get("/healthz").json()["checks"]["email"]["problems"] == []
    _pending(user, age=dt.timedelta(hours=2))
    (problem,) = client.get("/healthz").json()["checks"]["email"]["problems"]
    assert problem.startswith("1 email(s) have waited more than 30 minutes for the mail server")
    assert "tui" not in problem
    assert client.get("/readyz").status_code == 200


def test_the_outbox_gauge_counts_waiting_emails(client, settings):
    settings.TIAKI_METRICS_TOKEN = TOKEN
    user = UserFactory(email="someone@example.org")
    _pending(user, age=dt.timedelta(minutes=1))
    _pending(user, age=dt.timedelta(minutes=2))
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert "tiaki_email_outbox_waiting 2.0" in text
