"""The access pages as users use them: the person page, who has seen it,
break-glass, the privacy officer's pages and account administration."""

from __future__ import annotations

import datetime as dt

import pytest
from knox.models import AuthToken

from tiaki.access.models import BreakGlassGrant, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Police called: the child may be at the address tonight and at risk."


def test_the_allocated_worker_sees_the_person_page_and_who_has_seen_it(client, alice, bob, child, case):
    client.force_login(bob)
    assert client.get(f"/people/{child.pk}/").status_code == 404
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/")
    assert page.status_code == 200
    assert "Tūī Te Whare" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    seen = client.get(f"/people/{child.pk}/seen-by/").content.decode()
    assert "Refused" in seen
    assert "no_relationship" in seen
    assert f"Allocated case {case.pk}" in seen


def test_only_the_allocated_line_may_see_who_has_seen(client, bob, child, case):
    client.force_login(bob)
    assert client.get(f"/people/{child.pk}/seen-by/").status_code == 404
    client.post("/break-glass/", {"person_id": child.pk, "reason": REASON})
    assert client.get(f"/people/{child.pk}/").status_code == 200
    assert client.get(f"/people/{child.pk}/seen-by/").status_code == 403


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


def test_break_glass_through_the_page(client, bob, child, privacy_officer):
    client.force_login(bob)
    short = client.post("/break-glass/", {"person_id": child.pk, "reason": "urgent"})
    assert "at least 20 characters" in short.content.decode()
    unknown = client.post("/break-glass/", {"person_id": 987654321, "reason": REASON})
    assert "not available for that person number" in unknown.content.decode()
    response = client.post("/break-glass/", {"person_id": child.pk, "reason": REASON}, follow=True)
    page = response.content.decode()
    assert "You are using emergency access" in page
    assert "Emergency access granted until" in page
    assert "Kōwhai Street" not in page  # protected address stays masked
    client.force_login(privacy_officer)
    queue = client.get("/privacy/break-glass/").content.decode()
    grant = BreakGlassGrant.objects.get()
    assert f"Emergency access {grant.pk}" in queue
    assert REASON in queue
    bad = client.post(f"/privacy/break-glass/{grant.pk}/review/", {"justified": "no"})
    assert bad.status_code == 400
    assert "what was wrong" in bad.content.decode()
    done = client.post(f"/privacy/break-glass/{grant.pk}/review/", {"justified": "yes", "notes": ""})
    assert done.status_code == 302
    assert "Nothing is waiting for review" in client.get("/privacy/break-glass/").content.decode()


def test_audit_search_finds_events_by_staff_and_person(client, alice, bob, child, case, privacy_officer):
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    client.force_login(bob)
    client.get(f"/people/{child.pk}/")
    client.force_login(privacy_officer)
    by_person = client.get("/privacy/audit/", {"person": child.pk}).content.decode()
    assert "alice" in by_person.lower() or "Tūī Herewini" in by_person
    assert "no_relationship" in by_person
    refused_only = client.get("/privacy/audit/", {"staff": "bob", "outcome": "refused"}).content.decode()
    assert "no_relationship" in refused_only
    assert f"Allocated case {case.pk}" not in refused_only
    partial = client.get("/privacy/audit/", {"staff": "bob"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Matching events" in partial
    bad = client.get("/privacy/audit/", {"date_from": "31/02/2026"}).content.decode()
    assert "Enter a date like" in bad
    assert AuditEvent.objects.filter(actor_id=privacy_officer.pk, action="audit.search").exists()
    client.force_login(alice)
    assert client.get("/privacy/audit/").status_code == 403


def test_an_administrator_records_induction_and_changes_a_role(client, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    worker = UserFactory(username="worker", role=Role.TRAINEE, site=site)
    client.force_login(admin)
    assert "worker" in client.get("/admin/users/", {"q": "work"}).content.decode()
    future = client.post(
        f"/admin/users/{worker.pk}/",
        {"form": "induction", "induction-completed_on": "01/01/2099", "induction-course_version": "2026.1"},
    )
    assert "cannot be in the future" in future.content.decode()
    client.post(
        f"/admin/users/{worker.pk}/",
        {"form": "induction", "induction-completed_on": "02/11/2026", "induction-course_version": "2026.1"},
    )
    assert PrivacyInduction.objects.filter(user=worker, completed_on=dt.date(2026, 11, 2)).exists()
    client.post(f"/admin/users/{worker.pk}/", {"form": "role", "role-role": "social-worker"})
    worker.refresh_from_db()
    assert worker.role == Role.SOCIAL_WORKER
    assert AuditEvent.objects.filter(actor_id=admin.pk, action="role.grant").exists()
    client.force_login(worker)
    assert client.get("/admin/users/").status_code == 403
