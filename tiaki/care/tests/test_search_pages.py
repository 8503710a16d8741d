"""Finding a placement as a page and through the API: the form prefilled
from the child, the results with their reasons and never where a household
is, bad input as form errors or a problem, and who may see it."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.care.models import CaregiverHousehold
from tiaki.care.tests.search_world import NEAR_KAIKOHE, SECRET_STREET, SECRET_SUBURB, adult, household
from tiaki.casework.selectors.cases import age_on
from tiaki.casework.tests.conftest import events_since, head
from tiaki.people.models import PersonIwi, Relationship
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: Where the households are, as the database holds it: none of it may be shown.
WHEREABOUTS = (SECRET_STREET, SECRET_SUBURB, "-35.41", "173.80", "-35.733", "174.289", "latitude", "longitude")


def page_url(child) -> str:
    return f"/care/children/{child.pk}/find-a-placement/"


def api_url(child) -> str:
    return f"/api/v1/care/children/{child.pk}/placement-search"


@pytest.fixture
def homes(site, alice, child, case):
    """Two households: whānau of the child (at Kaikohe) and caregivers who share their iwi."""
    PersonIwi.objects.create(person=child, iwi="Ngāpuhi")
    nan = adult("Nan")
    Relationship.objects.create(from_person=nan, to_person=child, kind=Relationship.Kind.GRANDPARENT)
    household(site, alice, "Kingi whānau", kind=CaregiverHousehold.Kind.KIN, members=[nan], at=NEAR_KAIKOHE)
    household(site, alice, "Parata", iwi=["Ngāpuhi"], needs=["trauma"])
    household(site, alice, "Not approved", status=CaregiverHousehold.Status.ASSESSMENT)


def results_part(response) -> str:
    """The page after the search form (whose datalist names every town)."""
    return response.content.decode().split("Households that fit", 1)[1]


# --- The page ----------------------------------------------------------------------------


def test_the_page_searches_with_the_child_s_defaults_at_once(client, alice, child, homes):
    client.force_login(alice)
    response = client.get(page_url(child))
    assert response.status_code == 200
    html = response.content.decode()
    expected_age = age_on(child.date_of_birth, timezone.localdate())
    assert f'name="age" type="text" inputmode="numeric" spellcheck="false" value="{expected_age}"' in html
    assert 'name="iwi" type="text" value="Ngāpuhi"' in html
    assert 'list="tiaki-localities"' in html
    assert '<option value="Whangārei">' in html
    results = results_part(response)
    assert "2 households match." in results
    assert results.index("Kingi whānau") < results.index("Parata")
    assert "Whānau or kin caregivers" in results
    assert "Shares an iwi connection: Ngāpuhi" in results
    assert "Not approved" not in results
    for secret in WHEREABOUTS:
        assert secret not in html


def test_a_search_with_distances_shows_whole_km_and_nothing_of_where(client, alice, child, homes):
    client.force_login(alice)
    query = {"searched": "1", "age": "11", "siblings": "0", "needs": ["trauma"], "iwi": "Ngāpuhi",
             "whanau_locality": "whangarei", "school_locality": "Kaikohe", "kinds": ["kin", "general"]}  # fmt: skip
    response = client.post(page_url(child), query)
    assert response.status_code == 200
    results = results_part(response)
    assert "59 km from whānau" in results  # the Kingi whānau near Kaikohe
    assert "1 km from school" in results
    assert "3 km from whānau" in results  # Parata, near Whangārei
    assert "Meets needs: trauma-informed care" in results
    assert "Does not meet: trauma-informed care" in results
    assert "Whangārei" not in results
    for secret in WHEREABOUTS:
        assert secret not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"age": "40"}, "Age must be a whole number of years between 0 and 20"),
        ({"age": "nine"}, "Age must be a whole number of years between 0 and 20"),
        ({"needs": ["flying"]}, "Choose needs from the list"),
        ({"siblings": "-1"}, "Brothers and sisters to place together must be a whole number between 0 and 9"),
        ({"whanau_locality": "12 Secret Street"}, "Enter the whānau&#x27;s town or city as the list names it"),
        ({"school_locality": "Atlantis"}, "Enter the school&#x27;s town or city as the list names it"),
        ({"kinds": []}, "Choose at least one kind of caregiver"),
    ],
)
def test_bad_input_is_a_form_error_naming_nothing_typed(client, alice, child, homes, query, message):
    client.force_login(alice)
    response = client.post(page_url(child), {"searched": "1", "kinds": ["general"], **query})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # the summary and the field
    assert "Households that fit" in html
    assert "Parata" not in html


def test_it_is_shown_only_to_those_who_may_place(client, site, bob, charlie, child, homes):
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    for actor, status, reason in ((bob, 404, "no_relationship"), (charlie, 404, "no_relationship"),
                                  (trainee, 403, "permission_missing")):  # fmt: skip
        client.force_login(actor)
        before = head()
        response = client.get(page_url(child))
        assert response.status_code == status
        assert "Parata" not in response.content.decode()
        events = events_since(before, actor)
        assert [(e.action, e.outcome, e.reason) for e in events] == [("placement.search", "refused", reason)]
        # A wrong query changes nothing: out of reach is out of reach.
        assert client.post(page_url(child), {"searched": "1", "age": "40"}).status_code == status


def test_the_allocated_worker_s_search_is_audited(client, alice, child, homes):
    client.force_login(alice)
    before = head()
    client.get(page_url(child))
    assert [(e.action, e.outcome) for e in events_since(before, alice)] == [("placement.search", "allowed")]


# --- The API -----------------------------------------------------------------------------


def api(user):
    from django.test import Client

    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_the_api_answers_with_the_defaults_and_no_whereabouts(alice, child, homes):
    response = api(alice).get(api_url(child))
    assert response.status_code == 200
    body = response.json()
    assert body["matched"] == 2
    assert body["criteria"]["iwi"] == ["Ngāpuhi"]
    assert [r["name"] for r in body["results"]] == ["Kingi whānau", "Parata"]
    first = body["results"][0]
    assert set(first) == {"household_id", "reference", "name", "kind", "kind_label", "free_places", "whanau_km",
                          "school_km", "kin", "score", "reasons", "unmet"}  # fmt: skip
    assert first["kin"] is True
    text = json.dumps(body["results"], ensure_ascii=False)
    for secret in (*WHEREABOUTS, "Whangārei", "address", "suburb", "city"):
        assert secret not in text


def test_the_api_takes_the_criteria_in_the_query(alice, child, homes):
    response = api(alice).get(api_url(child), {"age": "11", "needs": ["trauma"], "whanau_locality": "Whangārei",
                                               "kinds": ["general"]})  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert [r["name"] for r in body["results"]] == ["Parata"]
    assert body["results"][0]["whanau_km"] == 3
    assert "Meets needs: trauma-informed care" in body["results"][0]["reasons"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"age": "40"}, "age"), ({"needs": ["flying"]}, "needs"), ({"whanau_locality": "Atlantis"}, "whanau_locality"),
     ({"kinds": ["robot"]}, "kinds")],
)  # fmt: skip
def test_bad_api_input_is_a_problem_by_parameter(alice, child, homes, query, field):
    response = api(alice).get(api_url(child), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_failed"
    assert list(body["errors"]) == [field]
    assert "Atlantis" not in response.content.decode()


def test_the_api_answers_out_of_reach_as_missing(bob, child, homes):
    before = head()
    response = api(bob).get(api_url(child), {"age": "40"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert [(e.outcome, e.reason) for e in events_since(before, bob)] == [("refused", "no_relationship")]


def test_a_changed_search_is_posted_so_what_was_typed_about_the_child_is_never_in_a_url(client, alice, child, homes):
    client.force_login(alice)
    html = client.get(page_url(child)).content.decode()
    assert '<form method="post"' in html
    assert '<form method="get"' not in html
    # A query string is not read as a search: the defaults are searched instead.
    response = client.get(page_url(child), {"searched": "1", "age": "40"})
    assert response.status_code == 200


def test_the_api_answers_a_bad_item_in_a_list_with_a_problem_not_an_error(alice, child, homes):
    answer = api(alice).get(api_url(child), {"needs": ["trauma", "x" * 300], "age": "9"})
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "needs" in answer.json()["errors"]
