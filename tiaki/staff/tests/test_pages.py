"""Account administration as administrators use it: roles and privacy induction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


def test_an_administrator_records_induction_and_changes_a_role(client, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    worker = UserFactory(username="worker", role=Role.TRAINEE, site=site)
    client.force_login(admin)
    recent = timezone.localdate() - dt.timedelta(days=2)
    assert "worker" in client.get("/admin/users/", {"q": "work"}).content.decode()
    future = client.post(
        f"/admin/users/{worker.pk}/",
        {
            "form": "induction",
            **date_parts("completed_on", dt.date(2099, 1, 1), prefix="induction"),
            "induction-course_version": "2026.1",
            "induction-kind": "induction",
        },
    )
    assert "cannot be in the future" in future.content.decode()
    client.post(
        f"/admin/users/{worker.pk}/",
        {
            "form": "induction",
            **date_parts("completed_on", recent, prefix="induction"),
            "induction-course_version": "2026.1",
            "induction-kind": "induction",
        },
    )
    assert PrivacyInduction.objects.filter(user=worker, completed_on=recent).exists()
    client.post(f"/admin/users/{worker.pk}/", {"form": "role", "role-role": "social-worker"})
    worker.refresh_from_db()
    assert worker.role == Role.SOCIAL_WORKER
    assert AuditEvent.objects.filter(actor_id=admin.pk, action="role.grant").exists()
    client.force_login(worker)
    assert client.get("/admin/users/").status_code == 403
