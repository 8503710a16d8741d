"""An alert names who it protects the person from (PersonAlert.other_person):
recorded through the service, the change page (a relationship, or a person
found on the register), shown on the record and in the API, masked exactly
like the alert."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.casework.models import Case
from tiaki.people import selectors
from tiaki.people import services as ps
from tiaki.people.models import PersonAlert
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def father(child):
    person = PersonNameFactory(given_names="Wiremu", family_name="Tane").person
    RelationshipFactory(from_person=person, to_person=child, kind="parent")
    return person


def review_on() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=90)


def add(actor, child, other_person_id):
    return ps.alert_add(
        actor=actor, person_id=child.pk, kind="protection-order", note="Order", source="Court", review_on=review_on(),
        other_person_id=other_person_id,
    )  # fmt: skip


def test_the_service_records_who_it_protects_from(alice, child, case, father):
    alert = add(alice, child, father.pk)
    assert PersonAlert.objects.get(pk=alert.pk).other_person == father
    [seen] = selectors.person_get(actor=alice, person_id=child.pk).alerts
    assert (seen.protects_from_id, seen.protects_from) == (father.pk, "Wiremu Tane")


@pytest.mark.parametrize("who", ["self", "missing"])
def test_it_must_be_someone_else_on_the_register(alice, child, case, who):
    other = child.pk if who == "self" else child.pk + 9999
    with pytest.raises(ps.PersonInputError) as caught:
        add(alice, child, other)
    assert "other_person_id" in caught.value.errors
    assert not PersonAlert.objects.exists()


def test_a_person_sealed_from_the_worker_answers_as_not_on_the_register(alice, child, case, father, site_manager):
    father.sealed = True
    father.save(update_fields=["sealed"])
    with pytest.raises(ps.PersonInputError) as caught:
        add(alice, child, father.pk)
    assert caught.value.errors["other_person_id"].startswith("Choose a person on the register")


def test_a_name_sealed_from_the_reader_is_not_shown(alice, child, case, father, site_manager):
    add(alice, child, father.pk)
    StaffSubjectLink.objects.create(user=alice, person=father, kind="whanau", recorded_by=site_manager)
    [seen] = selectors.person_get(actor=alice, person_id=child.pk).alerts
    assert (seen.protects_from_id, seen.protects_from) == (None, "")


def test_the_change_page_offers_the_relationships_and_records_one(client, alice, child, case, father):
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/change/").text
    assert f'<option value="{father.pk}">Wiremu Tane (parent)</option>' in page
    form = {"form": "alert", "alert-kind": "protection-order", "alert-note": "", "alert-source": "Court",
            "alert-protects_from": str(father.pk), "alert-protects_from_number": "",
            **date_parts("review_on", review_on(), "alert")}  # fmt: skip
    assert client.post(f"/people/{child.pk}/change/", form).status_code == 302
    assert PersonAlert.objects.get(person=child).other_person == father
    record = client.get(f"/people/{child.pk}/").text
    assert "Protects from: " in record
    assert f'href="/people/{father.pk}/">Wiremu Tane</a>' in record


def test_the_change_page_takes_a_number_and_shows_its_error_by_the_field(client, alice, child, case):
    client.force_login(alice)
    form = {"form": "alert", "alert-kind": "protection-order", "alert-note": "", "alert-source": "Court",
            "alert-protects_from": "", "alert-protects_from_number": str(child.pk),
            **date_parts("review_on", review_on(), "alert")}  # fmt: skip
    response = client.post(f"/people/{child.pk}/change/", form)
    assert response.status_code == 400
    assert 'id="id_alert-protects_from_number-error"' in response.text
    assert "Choose someone other than this person." in response.text


def test_a_trainee_sees_neither_the_alert_nor_whom_it_names(client, alice, child, case, father, site):
    add(alice, child, father.pk)
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    Case.objects.filter(pk=case.pk).update(allocated_worker=trainee)
    [seen] = selectors.person_get(actor=trainee, person_id=child.pk).alerts
    assert (seen.masked, seen.protects_from_id, seen.protects_from) == (True, None, "")
    client.force_login(trainee)
    assert "Protects from" not in client.get(f"/people/{child.pk}/").text


def test_the_api_shows_who_it_protects_from(alice, child, case, father):
    add(alice, child, father.pk)
    _, token = AuthToken.objects.create(alice)
    body = Client(HTTP_AUTHORIZATION=f"Token {token}").get(f"/api/v1/persons/{child.pk}").json()
    assert [(a["protects_from_id"], a["protects_from"]) for a in body["alerts"]] == [(father.pk, "Wiremu Tane")]
