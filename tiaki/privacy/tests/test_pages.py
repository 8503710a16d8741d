"""The privacy pages as users use them: who has seen a person's record,
break-glass and its review, the audit search."""

from __future__ import annotations

import pytest

from tiaki.access.models import BreakGlassGrant
from tiaki.audit.models import AuditEvent
from tiaki.web.tests.dates import typed_parts

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
    assert "they have no work with this person" in seen
    assert f"opened this record: allocated to case C-{case.pk:06d}" in seen


def test_only_the_allocated_line_may_see_who_has_seen(client, bob, child, case):
    client.force_login(bob)
    assert client.get(f"/people/{child.pk}/seen-by/").status_code == 404
    client.post("/break-glass/", {"person_id": child.pk, "reason": REASON})
    assert client.get(f"/people/{child.pk}/").status_code == 200
    refused = client.get(f"/people/{child.pk}/seen-by/")
    assert refused.status_code == 403
    assert "Only the worker allocated to this person" in refused.content.decode()


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
    assert "was refused: they have no work with this person" in by_person
    refused_only = client.get("/privacy/audit/", {"staff": "bob", "outcome": "refused"}).content.decode()
    assert "was refused: they have no work with this person" in refused_only
    assert f"allocated to case C-{case.pk:06d}" not in refused_only
    partial = client.get("/privacy/audit/", {"staff": "bob"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Matching events" in partial
    bad = client.get("/privacy/audit/", typed_parts("date_from", "31", "2", "2026")).content.decode()
    assert "The &#x27;from&#x27; date must be a real date." in bad
    assert 'href="#id_date_from_0"' in bad
    assert AuditEvent.objects.filter(actor_id=privacy_officer.pk, action="audit.search").exists()
    client.force_login(alice)
    assert client.get("/privacy/audit/").status_code == 403
