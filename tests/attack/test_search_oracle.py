"""Search as an oracle: bob (a colleague with no relationship to the child)
and charlie (another site, holding break-glass) try to learn what they may
not see by typing guesses and watching what search answers.

The child (Tūī Te Whare, born 14 March 2015, NHI ZAA0067) lives at a
protected address, 12 Kōwhai Street, Onerahi 0110. The disclosure rule is
tiaki.people.selectors.search's (docs/people.md, "What search shows").
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.access.services import breakglass_open
from tiaki.audit.models import AuditEvent
from tiaki.people.matching import MatchQuery
from tiaki.people.models import PersonIdentifier
from tiaki.people.selectors.record import MASKED, person_get
from tiaki.people.selectors.search import HOW_TO_ASK, person_search
from tiaki.people.services.match_keys import index_person

pytestmark = pytest.mark.django_db

NAME = {"given_names": "Tūī", "family_name": "Te Whare"}
TRUE_DOB = "14/03/2015"
PROTECTED = "12 Kōwhai Street Onerahi Whangārei 0110"
NHI = "ZAA0067"

#: What an attacker might add to the name, each a guess at a field they may not see.
GUESSES = [
    {},
    {"birth_date": TRUE_DOB},
    {"birth_date": "01/01/2001"},
    {"address": PROTECTED},
    {"address": "99 Other Road, Ōtautahi 8011"},
    {"identifier": NHI},
    {"identifier": "ZZZ9996"},
    {"birth_date": TRUE_DOB, "address": PROTECTED, "identifier": NHI},
]


@pytest.fixture
def indexed(child):
    PersonIdentifier.objects.create(person=child, kind="nhi", value=NHI, source="test", recorded_at=timezone.now())
    index_person(child.pk)
    return child


def api(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def api_search(user, **body) -> dict:
    response = api(user).post("/api/v1/persons/search", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def page_results(client: Client, **form) -> str:
    """The results region of the search page, as the browser gets it after
    POST and redirect, with the opaque search id taken out (it differs on
    every search by design)."""
    redirect = client.post("/people/search/", form)
    assert redirect.status_code == 303
    page = client.get(redirect["Location"]).content.decode()
    region = page.split('<div id="search-results"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"search=[\w-]+", "search=TOKEN", region)


# --- Break-glass never unmasks -----------------------------------------------


def test_it_masks_a_protected_address_in_search_under_break_glass_as_the_person_page_does(client, charlie, indexed):
    breakglass_open(actor=charlie, person_id=indexed.pk, reason="Police are at the door now, urgent.")
    record = person_get(actor=charlie, person_id=indexed.pk)
    assert record.addresses[0].masked  # the person page masks it ...
    found = api_search(charlie, **NAME, birth_date=TRUE_DOB)
    assert found["results"][0]["person_id"] == indexed.pk
    assert found["results"][0]["address_text"] == MASKED  # ... and so does search, in the API
    assert "Kōwhai" not in str(found)
    client.force_login(charlie)
    page = page_results(client, **NAME, birth_date=TRUE_DOB)
    assert "Tūī Te Whare" in page
    assert MASKED in page
    assert "Kōwhai" not in page  # ... and on the page


def test_the_allocated_worker_still_sees_the_address_search_masks_from_break_glass(alice, indexed, case):
    # The control for the test above: the address is there to be shown.
    found = api_search(alice, **NAME)
    assert "Kōwhai" in found["results"][0]["address_text"]


# --- A protected address adds nothing to a visible record -------------------------


def test_a_typed_protected_address_does_not_raise_the_score_of_a_record_whose_address_is_masked(charlie, indexed):
    breakglass_open(actor=charlie, person_id=indexed.pk, reason="Police are at the door now, urgent.")
    without = api_search(charlie, **NAME)["results"][0]
    guessed = api_search(charlie, **NAME, address=PROTECTED)["results"][0]
    assert guessed == without
    assert "same address" not in guessed["reasons"]


def test_a_protected_postcode_alone_does_not_find_a_record_whose_address_is_masked(charlie, indexed):
    breakglass_open(actor=charlie, person_id=indexed.pk, reason="Police are at the door now, urgent.")
    # The family name misspelt beyond its keys and no birth date: only the
    # protected address's postcode (the p: key) could find the record.
    found = api_search(charlie, given_names="Zzyzx", family_name="Te Whare", address="Onerahi 0110")
    assert indexed.pk not in [hit["person_id"] for hit in found["results"]]


def test_the_allocated_worker_gets_the_address_in_the_score(alice, indexed, case):
    # The control: with the address visible, it counts.
    guessed = api_search(alice, **NAME, address=PROTECTED)["results"][0]
    assert "same address" in guessed["reasons"]


# --- A record the searcher may not open: existence only, one fixed form ------------


def test_guesses_at_a_restricted_record_change_nothing_in_the_api_answer(bob, indexed, case):
    answers = [api_search(bob, **NAME, **guess) for guess in GUESSES]
    assert answers[0] == {"results": [], "restricted": True, "notice": HOW_TO_ASK}
    assert all(answer == answers[0] for answer in answers)


def test_guesses_at_a_restricted_record_change_nothing_on_the_page(client, bob, indexed, case):
    client.force_login(bob)
    pages = [page_results(client, **NAME, **guess) for guess in GUESSES]
    assert HOW_TO_ASK in pages[0]
    assert all(page == pages[0] for page in pages)
    for word in ("Strong match", "Possible match", "same birth", "same NHI", "0."):
        assert word not in pages[0]


def test_guesses_typed_into_one_search_box_change_nothing_either(bob, indexed, case):
    texts = ["Tui Te Whare", f"Tui Te Whare {TRUE_DOB}", "Tui Te Whare 01/01/2001", f"Tui Te Whare {NHI}"]
    answers = [api_search(bob, q=text) for text in texts]
    assert answers[0]["restricted"] is True
    assert all(answer == answers[0] for answer in answers)


def test_a_birth_date_address_or_number_alone_says_nothing_about_a_restricted_record(bob, indexed, case):
    # Without a name there is nothing to say; a true guess must look like a false one.
    for true, false in [
        ({"birth_date": TRUE_DOB}, {"birth_date": "02/02/2002"}),
        ({"identifier": NHI}, {"identifier": "ZZZ9996"}),
        ({"address": PROTECTED}, {"address": "99 Other Road, Ōtautahi 8011"}),
    ]:
        assert api_search(bob, **true) == api_search(bob, **false) == {"results": [], "restricted": False, "notice": ""}


def test_the_add_a_person_check_is_no_oracle_for_a_restricted_birth_date(client, bob, indexed, case):
    client.force_login(bob)
    form = {**NAME, "gender": "female", "source": "Caller"}
    pages = []
    for dob in (TRUE_DOB, "01/01/2001"):
        page = client.post("/people/new/", dict(form, birth_date=dob)).content.decode()
        pages.append(page.split('id="duplicates-title"', 1)[1].split("</div>\n</div>", 1)[0])
    assert HOW_TO_ASK in pages[0]
    assert pages[0] == pages[1]


def test_the_api_add_a_person_check_says_the_same_whatever_birth_date_is_typed(bob, indexed, case):
    answers = []
    for dob in ("2015-03-14", "2001-01-01"):
        response = api(bob).post(
            "/api/v1/persons",
            {"names": [NAME], "date_of_birth": dob, "gender": "female", "source": "Caller"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=f"key-{dob}-0001",
        )
        assert response.status_code == 409
        answers.append({k: v for k, v in response.json().items() if k != "instance"})
    assert answers[0] == answers[1]
    assert answers[0]["candidates"] == 0
    assert answers[0]["restricted"] is True


# --- Sealed and own records are absent ------------------------------------------


def _nothing(user) -> bool:
    return api_search(user, **NAME, birth_date=TRUE_DOB, identifier=NHI) == {
        "results": [],
        "restricted": False,
        "notice": "",
    }


def test_a_sealed_record_is_absent_from_search_without_a_grant(bob, alice, privacy_officer, indexed, case):
    indexed.sealed = True
    indexed.save(update_fields=["sealed"])
    assert _nothing(bob)  # no restricted notice: nothing at all
    assert _nothing(alice)  # allocated, but sealed needs a grant
    SealedGrant.objects.create(
        user=alice,
        person=indexed,
        reason="Allocated by the manager",
        granted_by=privacy_officer,
        granted_at=timezone.now(),
    )
    assert api_search(alice, **NAME)["results"][0]["person_id"] == indexed.pk


def test_a_staff_member_does_not_find_their_own_record_or_their_whanau(bob, supervisor, indexed, case):
    StaffSubjectLink.objects.create(user=bob, person=indexed, kind=StaffSubjectLink.Kind.SELF, recorded_by=supervisor)
    assert _nothing(bob)
    StaffSubjectLink.objects.filter(user=bob).update(kind=StaffSubjectLink.Kind.WHANAU)
    assert _nothing(bob)


def test_the_add_a_person_check_does_not_stop_on_a_sealed_record(client, bob, indexed, case):
    indexed.sealed = True
    indexed.save(update_fields=["sealed"])
    client.force_login(bob)
    created = client.post("/people/new/", {**NAME, "birth_date": TRUE_DOB, "gender": "female", "source": "Caller"})
    assert created.status_code == 302  # no "check these first": nothing said it exists


# --- Each search is one audit event; the old GET is gone -------------------------


def test_each_search_is_one_audit_event(bob, indexed, case):
    before = AuditEvent.objects.filter(actor_id=bob.pk, action="person.search").count()
    person_search(actor=bob, query=MatchQuery(given_names="Tūī", family_name="Te Whare", birth_date=TRUE_DOB))
    assert AuditEvent.objects.filter(actor_id=bob.pk, action="person.search").count() == before + 1


def test_the_api_search_by_get_is_refused_and_points_to_post(bob, indexed):
    response = api(bob).get("/api/v1/persons/search", {"given_names": "Tūī"})
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/problem+json")
    assert "POST" in response["Allow"]
    assert "GET" not in response["Allow"]
    assert "POST" in response.json()["detail"]
    assert not AuditEvent.objects.filter(actor_id=bob.pk, action="person.search").exists()


def test_an_expired_search_id_shows_nothing(client, bob, indexed, case, settings):
    client.force_login(bob)
    location = client.post("/people/search/", {**NAME})["Location"]
    session = client.session
    kept = session["tiaki_searches"]
    for entry in kept.values():
        entry["at"] = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    session["tiaki_searches"] = kept
    session.save()
    page = client.get(location, follow=True).content.decode()
    assert "That search has expired" in page
    assert HOW_TO_ASK not in page


def test_a_search_id_from_another_session_finds_nothing(client, bob, alice, indexed, case):
    client.force_login(alice)
    location = client.post("/people/search/", {**NAME, "birth_date": TRUE_DOB})["Location"]
    other = Client()
    other.force_login(bob)
    page = other.get(location, follow=True).content.decode()
    assert "That search has expired" in page
    assert "Tūī" not in page.split("<main", 1)[1]
