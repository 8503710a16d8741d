"""The register's services: validation, search-before-create, identifiers,
concurrency, masking of alerts, audit."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.people import selectors
from tiaki.people import services as ps
from tiaki.people.models import PersonIdentifier, PersonName
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEST_NHI = "ZAA1004"  # reserved test range (starts with Z), valid check digit
TEST_NHI_NEW = "ZAA10AX"


def new_person(actor, given="Tūī", family="Te Whare", **extra):
    data = ps.PersonInput(
        names=[ps.NameInput(given, family)],
        birth_date=extra.pop("birth_date", ps.BirthDateInput(date=dt.date(2015, 3, 14))),
        source="test",
        **extra,
    )
    return ps.person_create(actor=actor, data=data, confirmed_new=True)


def test_it_stores_names_exactly_as_given_in_nfc(alice):
    decomposed = unicodedata.normalize("NFD", "Tūī")
    person = new_person(alice, given=decomposed)
    name = PersonName.objects.get(person=person)
    assert name.given_names == "Tūī"
    assert unicodedata.is_normalized("NFC", name.given_names)


def test_the_creator_can_read_the_new_record_and_it_is_audited(alice, bob):
    person = new_person(alice)
    assert selectors.person_get(actor=alice, person_id=person.pk).display_name == "Tūī Te Whare"
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="person.create", subject_ids=f"[{person.pk}]").exists()
    with pytest.raises(Http404):
        selectors.person_get(actor=bob, person_id=person.pk)


@pytest.mark.parametrize(
    ("birth", "precision", "year"),
    [
        (ps.BirthDateInput(year=2012), "year", 2012),
        (ps.BirthDateInput(age=7), "year", timezone.localdate().year - 7),
        (ps.BirthDateInput(), "unknown", None),
    ],
)
def test_it_takes_an_approximate_or_unknown_birth_date(alice, birth, precision, year):
    person = new_person(alice, birth_date=birth)
    assert person.birth_date_precision == precision
    assert (person.date_of_birth.year if person.date_of_birth else None) == year


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("nhi", "ABC1234", "not a valid NHI"),
        ("nhi", "ZAA100", "3 letters then 4 characters"),
        ("nsn", "12345", "9 or 10 digits"),
        ("msd", "12345678X", "9 digits"),
    ],
)
def test_it_refuses_an_invalid_identifier_and_saves_nothing(alice, kind, value, message):
    with pytest.raises(ps.PersonInputError, match=message):
        new_person(alice, identifiers=[(kind, value)])
    assert not PersonName.objects.exists()


def test_it_accepts_both_nhi_formats_and_refuses_a_second_record_with_the_same_one(alice):
    new_person(alice, identifiers=[("nhi", TEST_NHI.lower()), ("nhi", TEST_NHI_NEW)])
    assert set(PersonIdentifier.objects.values_list("value", flat=True)) == {TEST_NHI, TEST_NHI_NEW}
    with pytest.raises(ps.PersonInputError, match="already exists"):
        new_person(alice, given="Someone", family="Else", identifiers=[("nhi", TEST_NHI)])


def test_test_nhis_are_refused_in_production(alice, settings):
    settings.ALLOW_TEST_NHI = False
    with pytest.raises(ps.PersonInputError, match="test numbers"):
        new_person(alice, identifiers=[("nhi", TEST_NHI)])


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        (ps.BirthDateInput(date=timezone.localdate() + dt.timedelta(days=1)), "future"),
        (ps.BirthDateInput(year=1800), "year of birth"),
        (ps.BirthDateInput(year=2010, age=3), "only one"),
    ],
)
def test_it_refuses_an_impossible_birth_date(alice, birth, message):
    with pytest.raises(ps.PersonInputError, match=message):
        new_person(alice, birth_date=birth)


def test_search_before_create_stops_a_likely_duplicate_until_confirmed(alice):
    new_person(alice, identifiers=[("nhi", TEST_NHI)])
    data = ps.PersonInput(
        names=[ps.NameInput("Tui", "Tewhare")], birth_date=ps.BirthDateInput(date=dt.date(2015, 3, 14)), source="call"
    )
    with pytest.raises(ps.PossibleDuplicates) as found:
        ps.person_create(actor=alice, data=data)
    assert found.value.candidates
    assert PersonName.objects.count() == 1
    ps.person_create(actor=alice, data=data, confirmed_new=True)
    assert PersonName.objects.count() == 2


def test_a_trainee_before_induction_cannot_add_a_person(site):
    worker = UserFactory(username="new-worker", role=Role.SOCIAL_WORKER, site=site)
    with pytest.raises(AccessDenied):
        new_person(worker)


def test_a_stale_version_saves_nothing(alice):
    person = new_person(alice)
    ps.person_details_update(
        actor=alice,
        person_id=person.pk,
        version=1,
        birth_date=ps.BirthDateInput(year=2014),
        gender="female",
        deceased_on=None,
    )
    with pytest.raises(ps.StaleVersion):
        ps.person_details_update(
            actor=alice,
            person_id=person.pk,
            version=1,
            birth_date=ps.BirthDateInput(year=2013),
            gender="male",
            deceased_on=None,
        )
    person.refresh_from_db()
    assert (person.date_of_birth.year, person.gender, person.version) == (2014, "female", 2)


def test_an_alert_is_masked_for_staff_without_the_sensitive_permission(alice, site, child, case):
    ps.alert_add(
        actor=alice, person_id=child.pk, kind="risk-to-staff", note="Dog on the property", source="Police",
        review_on=timezone.localdate() + dt.timedelta(days=90),
    )  # fmt: skip
    seen = selectors.person_get(actor=alice, person_id=child.pk).alerts
    assert [(a.kind, a.note, a.masked) for a in seen] == [("Risk to staff", "Dog on the property", False)]
    trainee = inducted(UserFactory(username="t", role=Role.TRAINEE, site=site))
    case.participants.model.objects.filter(case=case).update()
    type(case).objects.filter(pk=case.pk).update(allocated_worker=trainee)
    masked = selectors.person_get(actor=trainee, person_id=child.pk).alerts
    assert len(masked) == 1
    assert masked[0].masked
    assert "Dog" not in masked[0].note


def test_only_staff_who_may_see_protected_addresses_can_record_one(site, child):
    from django.utils import timezone

    from tiaki.casework.models import Case

    trainee = inducted(UserFactory(username="t2", role=Role.TRAINEE, site=site))
    Case.objects.create(
        kind="assessment", site=site, allocated_worker=trainee, opened_at=timezone.now()
    ).participants.create(person=child)
    with pytest.raises(AccessDenied):
        ps.address_add(
            actor=trainee, person_id=child.pk, address=ps.AddressInput("1 Safe St", "Whangārei", protected=True)
        )


def test_relationships_need_reach_to_the_person_being_changed(alice, bob, child, case):
    other = new_person(alice, given="Hēmi", family="Te Whare", birth_date=ps.BirthDateInput(year=1988))
    ps.relationship_add(actor=alice, person_id=child.pk, other_person_id=other.pk, kind="parent", other_is=True)
    labels = {(r.name, r.label) for r in selectors.person_get(actor=alice, person_id=child.pk).relationships}
    assert ("Hēmi Te Whare", "Parent") in labels
    with pytest.raises(ps.PersonInputError, match="already recorded"):
        ps.relationship_add(actor=alice, person_id=child.pk, other_person_id=other.pk, kind="parent", other_is=True)
    with pytest.raises(Http404):
        ps.relationship_add(actor=bob, person_id=child.pk, other_person_id=other.pk, kind="whanau", other_is=True)


def test_staff_extend_the_name_variants_and_search_uses_them(alice, child, case):
    from tiaki.people.matching import MatchQuery
    from tiaki.people.selectors.match_keys import find_candidates
    from tiaki.people.services.match_keys import index_person

    index_person(child.pk)  # the fixture is made by a factory, not the service
    query = MatchQuery(given_names="Sweetpea", family_name="Te Whare", birth_date="14/03/2015")
    assert child.pk not in [c.person_id for c in find_candidates(query) if c.is_match]
    ps.name_variant_add(actor=alice, name="Tūī", variant="Sweetpea", kind="nickname")
    assert child.pk in [c.person_id for c in find_candidates(query) if c.is_match]
    with pytest.raises(ps.PersonInputError, match="already on the list"):
        ps.name_variant_add(actor=alice, name="tui", variant="sweetpea", kind="nickname")
