"""The privacy pages in plain words: sentences without codes, names only
where the reader may see them, listing told apart from opening, finding a
person by name, and a pointer instead of a bare 403."""

from __future__ import annotations

import re

import pytest

from tiaki import audit
from tiaki.access.models import PrivacyInduction
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.models import AuditEvent
from tiaki.people.models import Person
from tiaki.people.services.match_keys import index_persons

pytestmark = pytest.mark.django_db

#: What must never show on a page that reads the trail: stored codes.
CODES = re.compile(r"permission_missing|no_relationship|plan\.save|person\.read|case:\d|allocated-case|social-worker")


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _newest(user, n: int = 5) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.relationship, e.subject_ids)
        for e in AuditEvent.objects.filter(actor_id=user.pk).order_by("-seq")[:n]
    ]


@pytest.fixture
def hemi(bob):
    bob.first_name, bob.last_name = "Hēmi", "Walker"
    bob.save(update_fields=["first_name", "last_name"])
    return bob


def test_the_home_page_lists_people_and_the_record_page_opens_them(client, alice, child, case):
    client.force_login(alice)
    assert client.get("/").status_code == 200
    assert _newest(alice, 1) == [("person.list", "list:allocated", f"[{child.pk}]")]
    client.get(f"/people/{child.pk}/")
    assert ("person.read", f"allocated-case:{case.pk}", f"[{child.pk}]") in _newest(alice)

    seen = _main(client.get(f"/people/{child.pk}/seen-by/"))
    opened, listed = seen.split("Saw in a list</h2>")
    assert "Tūī Herewini opened this record: allocated to case C-" in opened
    assert "listed this record" not in opened
    assert "Tūī Herewini listed this record on the home page." in listed
    assert "opened this record" not in listed
    assert not CODES.search(seen)


def test_the_audit_search_says_each_event_in_words_without_codes(client, alice, hemi, child, case, privacy_officer):
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    audit.record(actor=alice, action=AuditAction.PLAN_SAVE, subject_type="case", subject_ids=[case.pk],
                 relationship=f"case:{case.pk}:plan:302:v1")  # fmt: skip
    audit.record(actor=hemi, action=AuditAction.CASE_READ, outcome=Outcome.REFUSED, reason="permission_missing")
    client.force_login(hemi)
    client.get(f"/people/{child.pk}/")

    client.force_login(privacy_officer)
    page = _main(client.get("/privacy/audit/", {"outcome": ""}))
    ref = f"C-{case.pk:06d}"
    assert f"Tūī Herewini opened the record of Tūī Te Whare: allocated to case {ref}." in page
    assert f"Tūī Herewini saved a plan on case {ref}: case {ref}, plan 302, version 1." in page
    assert "Hēmi Walker was refused: no permission to read cases." in page
    assert "Hēmi Walker tried to open the record of Tūī Te Whare and was refused: they have no work" in page
    assert "Social worker" in page
    assert not CODES.search(page), CODES.search(page)
    # The names came from the register's own selector, audited as the privacy officer's.
    assert ("person.list", "audit-trail", f"[{child.pk}]") in _newest(privacy_officer)


def test_a_sealed_person_stays_unnamed_in_the_trail_and_unfound_by_name(client, alice, child, case, privacy_officer):
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    client.force_login(privacy_officer)
    index_persons([child.pk])
    found = client.post("/privacy/audit/people/", {"given_names": "Tūī", "family_name": "Te Whare"}, follow=True)
    assert "Tūī Te Whare</a>" in _main(found)  # found until sealed
    Person.objects.filter(pk=child.pk).update(sealed=True)

    page = _main(client.get("/privacy/audit/", {"person": child.pk}))
    assert "Tūī Herewini opened the record of a sealed record" in page
    assert "Te Whare" not in page
    found = client.post("/privacy/audit/people/", {"given_names": "Tūī", "family_name": "Te Whare"}, follow=True)
    assert "Nobody on the register has a name like that" in _main(found)
    assert "Te Whare</a>" not in _main(found)
    assert _newest(privacy_officer, 1) == [("person.search", "audit-trail", "[]")]


def test_the_privacy_officer_finds_a_person_by_name_without_it_in_a_url(client, alice, child, privacy_officer):
    index_persons([child.pk])
    client.force_login(privacy_officer)
    posted = client.post("/privacy/audit/people/", {"given_names": "Tūī", "family_name": "Te Whare"})
    assert posted.status_code == 303
    location = posted["Location"]
    assert re.fullmatch(r"/privacy/audit/people/[\w-]+/", location)
    assert "Whare" not in location
    assert "T%C5%AB%C4%AB" not in location

    page = _main(client.get(location))
    assert "Tūī Te Whare</a>" in page
    assert f'href="/privacy/audit/?person={child.pk}"' in page
    assert _newest(privacy_officer, 1) == [("person.search", "audit-trail", f"[{child.pk}]")]

    nobody = _main(client.post("/privacy/audit/people/", {"family_name": "Zzyzx"}, follow=True))
    assert "Nobody on the register has a name like that. Check the spelling" in nobody
    missing = client.post("/privacy/audit/people/", {"given_names": "Tūī"})
    assert missing.status_code == 400
    assert "Enter the person&#x27;s family name." in missing.content.decode()

    client.force_login(alice)
    assert client.post("/privacy/audit/people/", {"family_name": "Te Whare"}).status_code == 403
    event = AuditEvent.objects.filter(actor_id=alice.pk).order_by("-seq").first()
    assert (event.action, event.outcome, event.reason) == ("audit.search", "refused", "permission_missing")


def test_who_has_seen_a_record_points_the_way_instead_of_a_bare_403(client, bob, child, case, privacy_officer):
    client.force_login(privacy_officer)
    refused = client.get(f"/people/{child.pk}/seen-by/")
    assert refused.status_code == 403
    page = _main(refused)
    assert "Only the worker allocated to this person, their supervisors and the privacy office" in page
    assert "contact the privacy officer at your site" in page
    assert f'href="/privacy/audit/?person={child.pk}"' in page
    event = AuditEvent.objects.filter(actor_id=privacy_officer.pk).order_by("-seq").first()
    assert (event.action, event.outcome, event.reason) == ("access_log.read", "refused", "permission_missing")

    client.force_login(bob)
    assert client.get(f"/people/{child.pk}/seen-by/").status_code == 404  # out of reach: not even a pointer
    client.post(
        "/break-glass/", {"person_id": child.pk, "reason": "Police called: the child may be at the address tonight."}
    )
    emergency = client.get(f"/people/{child.pk}/seen-by/")
    assert emergency.status_code == 403
    assert "contact the privacy officer at your site" in _main(emergency)
    assert "/privacy/audit/" not in _main(emergency)


def test_an_empty_search_says_what_to_try_next(client, privacy_officer):
    client.force_login(privacy_officer)
    page = _main(client.get("/privacy/audit/", {"staff": "nobody-by-that-name"}))
    assert "No staff member has that username.</strong> Check the spelling" in page
    assert "No events match this search. Try a wider date range" in page


def test_without_induction_the_trail_shows_people_by_number(client, alice, child, case, privacy_officer):
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    PrivacyInduction.objects.filter(user=privacy_officer).delete()
    client.force_login(privacy_officer)
    page = _main(client.get("/privacy/audit/", {"person": child.pk}))
    assert f"Tūī Herewini opened the record of person {child.pk}" in page
    assert "Te Whare" not in page
    assert "until your privacy induction is recorded" in page
    event = AuditEvent.objects.filter(actor_id=privacy_officer.pk, action="person.list").get()
    assert (event.outcome, event.reason) == ("refused", "induction_incomplete")
