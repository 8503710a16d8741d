"""The register pages as a contact-centre kaimahi or social worker uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.people.models import Person, PersonAlert, PersonName
from tiaki.people.services.match_keys import index_person
from tiaki.web.tests.dates import date_parts, typed_parts

pytestmark = pytest.mark.django_db


def test_search_then_create_then_change(client, alice, child, case):
    index_person(child.pk)
    client.force_login(alice)
    first_visit = client.get("/people/search/").content.decode()
    assert "Enter something to search for" not in first_visit
    nothing = client.post("/people/search/", {"given_names": "", "family_name": ""})
    assert nothing.status_code == 400
    assert "Enter something to search for" in nothing.content.decode()
    searched = client.post("/people/search/", {"q": "Tui Tewhare 14/3/2015"})
    assert searched.status_code == 303
    assert searched["Location"].startswith("/people/search/")
    found = client.get(searched["Location"]).content.decode()
    assert "Tūī Te Whare" in found
    assert "Strong match" in found
    partial = client.post("/people/search/", {"q": "Tui Tewhare"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert partial["HX-Push-Url"].startswith("/people/search/")
    # Adding the same child again is stopped until the worker confirms.
    form = {
        "given_names": "Tui",
        "family_name": "Te Whare",
        **date_parts("birth_date", dt.date(2015, 3, 14)),
        "gender": "female",
        "source": "Caller",
    }
    stopped = client.post("/people/new/", form).content.decode()
    assert "Check these first" in stopped
    assert 'name="confirmed_new" value="True"' in stopped
    assert Person.objects.count() == 1
    created = client.post(
        "/people/new/",
        {**form, **date_parts("birth_date", dt.date(2016, 5, 2)), "given_names": "Aroha", "nhi": "ZAA 1004"},
    )
    assert created.status_code == 302
    person = Person.objects.exclude(pk=child.pk).get()
    page = client.get(created["Location"]).content.decode()
    assert "Aroha Te Whare" in page
    assert "ZAA1004" in page
    change = f"/people/{person.pk}/change/"
    bad = client.post(
        change,
        {
            "form": "alert",
            "alert-kind": "risk-to-staff",
            "alert-source": "",
            **date_parts("review_on", dt.date(2020, 1, 1), prefix="alert"),
        },
    )
    assert bad.status_code == 400
    assert "Say where this information came from" in bad.content.decode()
    client.post(
        change,
        {
            "form": "alert",
            "alert-kind": "risk-to-staff",
            "alert-note": "Aggressive dog",
            "alert-source": "Police",
            **date_parts("review_on", dt.date(2030, 1, 1), prefix="alert"),
        },
    )
    assert PersonAlert.objects.filter(person=person).count() == 1
    stale = client.post(change, {"form": "details", "details-version": "0", "details-gender": "male"})
    assert stale.status_code == 409
    assert "Nothing was saved" in stale.content.decode()
    bad_phone = client.post(change, {"form": "contact", "contact-kind": "phone", "contact-value": "call me"})
    assert "Enter a phone number" in bad_phone.content.decode()
    client.post(
        change,
        {"form": "contact", "contact-kind": "phone", "contact-value": "021 123 4567", "contact-note": "evenings"},
    )
    assert "Phone: 021 123 4567 (evenings)" in client.get(f"/people/{person.pk}/").content.decode()
    client.post(
        change, {"form": "name", "name-kind": "alias", "name-given_names": "Ro", "name-family_name": "Te Whare"}
    )
    assert PersonName.objects.filter(person=person, kind="alias", given_names="Ro").exists()


def test_create_refuses_bad_input_with_specific_errors(client, alice):
    client.force_login(alice)
    page = client.post(
        "/people/new/",
        {
            "given_names": "",
            "family_name": "",
            **typed_parts("birth_date", "31", "2", "2015"),
            "gender": "female",
            "source": "",
            "nhi": "ABC1234",
        },
    ).content.decode()
    assert "The date of birth must be a real date." in page
    assert 'href="#id_birth_date_0"' in page
    assert "Say where this information came from" in page
    assert not Person.objects.exists()
    page = client.post(
        "/people/new/", {"given_names": "A", "family_name": "B", "gender": "female", "source": "x", "nhi": "ABC1234"}
    ).content.decode()
    assert "This is not a valid NHI number" in page
    assert not Person.objects.exists()


def test_a_birth_date_after_today_is_refused_and_a_search_keeps_a_date_that_cannot_be(client, alice, child, case):
    client.force_login(alice)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(
        "/people/new/",
        {"given_names": "Aroha", "family_name": "Ngata", "gender": "female", "source": "Caller",
         **date_parts("birth_date", tomorrow)},
    ).content.decode()  # fmt: skip
    assert "The date of birth must be in the past." in page
    assert Person.objects.count() == 1
    index_person(child.pk)
    kept = client.post("/people/search/", {"family_name": "Te Whare", **typed_parts("birth_date", "31", "2", "2015")})
    assert kept.status_code == 303
    again = client.get(kept["Location"]).content.decode()
    assert 'name="birth_date_day" type="text" inputmode="numeric" spellcheck="false" value="31"' in again
    assert 'name="birth_date_month" type="text" inputmode="numeric" spellcheck="false" value="2"' in again


def test_a_colleague_without_reach_sees_only_that_a_match_exists(client, bob, child, case):
    index_person(child.pk)
    client.force_login(bob)
    page = client.get(client.post("/people/search/", {"q": "Tūī Te Whare"})["Location"]).content.decode()
    assert "Tūī" not in page.split("<main", 1)[1].split("</form>", 1)[1]
    assert "you do not have access to it" in page
    assert client.get(f"/people/{child.pk}/change/").status_code == 404


def test_the_name_variant_list_page(client, alice):
    client.force_login(alice)
    client.post("/people/name-variants/", {"name": "Hēmi", "variant": "Jimmy", "kind": "nickname"})
    page = client.get("/people/name-variants/").content.decode()
    assert "hemi" in page
    assert "jimmy" in page
