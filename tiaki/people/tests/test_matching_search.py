"""find_candidates, score_pair and index_person on a small register."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaki.people.matching import MATCH_THRESHOLD, MatchQuery
from tiaki.people.matching.variants import forget_cached_variants
from tiaki.people.models import NameVariant, PersonIdentifier, PersonName
from tiaki.people.selectors.match_keys import find_candidates, score_pair
from tiaki.people.services.match_keys import index_person
from tiaki.people.tests.factories import AddressFactory, PersonAddressFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db


def make(given: str, family: str, born: dt.date | None, *, address=None, nhi: str = "", kind: str = "legal") -> int:
    person = PersonFactory(date_of_birth=born, birth_date_precision="exact" if born else "unknown")
    PersonNameFactory(person=person, given_names=given, family_name=family, kind=kind)
    if address is not None:
        PersonAddressFactory(person=person, address=address)
    if nhi:
        PersonIdentifier.objects.create(person=person, kind="nhi", value=nhi)
    index_person(person.pk)
    return person.pk


def top(query: MatchQuery):
    found = find_candidates(query)
    assert found, "no candidate found"
    return found[0]


@pytest.fixture(autouse=True)
def _fresh_variants():
    forget_cached_variants()
    yield
    forget_cached_variants()


def test_it_finds_through_case_macrons_and_a_transliteration() -> None:
    pid = make("Hēmi", "Te Whare", dt.date(2015, 3, 14))
    best = top(MatchQuery(given_names="james", family_name="TEWHARE", birth_date="14/03/2015"))
    assert best.person_id == pid
    assert best.is_match
    assert "known alias james / Hēmi" in best.reasons


def test_it_finds_a_nickname_and_a_hyphenated_surname() -> None:
    pid = make("William", "Smith-Ngata", dt.date(2012, 6, 1))
    best = top(MatchQuery(given_names="Bill", family_name="Ngata", birth_date="2012-06-01"))
    assert (best.person_id, best.is_match) == (pid, True)
    assert "nickname Bill / William" in best.reasons
    assert "shares part of the family name Smith-Ngata" in best.reasons


def test_it_finds_swapped_names_a_typo_and_a_swapped_birth_date() -> None:
    pid = make("Mere", "Ngata", dt.date(2015, 3, 4))
    best = top(MatchQuery(given_names="Ngatta", family_name="Mere", birth_date="03/04/2015"))
    assert (best.person_id, best.is_match) == (pid, True)
    assert "given and family names swapped" in best.reasons
    assert "birth date with day and month swapped" in best.reasons


def test_it_finds_an_impossible_birth_date() -> None:
    pid = make("Aroha", "Parata", dt.date(2015, 2, 21))
    best = top(MatchQuery(given_names="Aroha", family_name="Parata", birth_date="31/02/2015"))
    assert (best.person_id, best.is_match) == (pid, True)
    assert "birth date one digit different" in best.reasons


def test_it_finds_a_previous_name() -> None:
    pid = make("Huia", "Tipene", dt.date(1990, 1, 5))
    PersonName.objects.create(person_id=pid, kind="previous", given_names="Huia", family_name="Waititi")
    index_person(pid)
    best = top(MatchQuery(given_names="Huia", family_name="Waititi", birth_date="05/01/1990"))
    assert (best.person_id, best.is_match) == (pid, True)
    assert "same family name (previous name)" in best.reasons


def test_it_treats_the_same_nhi_as_near_decisive_with_spacing_and_case() -> None:
    pid = make("Tama", "Horomona", dt.date(2010, 5, 5), nhi="ZAA00FR")
    best = top(MatchQuery(given_names="Tom", family_name="Horomona", identifier="zaa 00fr"))
    assert (best.person_id, best.is_match) == (pid, True)
    assert best.reasons[0] == "same NHI"


def test_it_never_matches_twins_or_siblings_with_different_given_names() -> None:
    home = AddressFactory()
    born = dt.date(2016, 8, 9)
    aroha = make("Aroha", "Ngata", born, address=home, nhi="ZAA00FR")
    make("Kahurangi", "Ngata", born, address=home)
    make("Nikau", "Ngata", dt.date(2013, 2, 2), address=home)
    query = MatchQuery(given_names="Kahurangi", family_name="Ngata", birth_date="09/08/2016", address=str(home))
    found = {c.person_id: c for c in find_candidates(query)}
    assert found[aroha].score < MATCH_THRESHOLD
    assert not found[aroha].is_match
    assert score_pair(aroha, next(p for p in found if p != aroha)).is_match is False


def test_it_picks_up_variants_added_to_the_name_variant_table() -> None:
    pid = make("Kiriwai", "Paewai", dt.date(2011, 11, 11))
    query = MatchQuery(given_names="Kiwi", family_name="Paewai", birth_date="11/11/2011")
    assert not top(query).is_match
    NameVariant.objects.create(name="kiwi", variant="kiriwai", kind=NameVariant.Kind.NICKNAME)
    forget_cached_variants()
    best = top(query)
    assert (best.person_id, best.is_match) == (pid, True)
    assert "nickname Kiwi / Kiriwai" in best.reasons


def test_it_finds_a_person_by_a_new_name_after_index_person() -> None:
    pid = make("Ripeka", "Mita", dt.date(2001, 4, 4))
    query = MatchQuery(given_names="Ripeka", family_name="Rangihuna")
    assert pid not in [c.person_id for c in find_candidates(query)]
    PersonName.objects.filter(person_id=pid).update(family_name="Rangihuna")
    index_person(pid)
    assert top(query).person_id == pid


def test_it_skips_merged_records_and_excluded_ids() -> None:
    pid = make("Mere", "Ngata", dt.date(2015, 3, 14))
    other = make("Mere", "Ngata", dt.date(2015, 3, 14))
    query = MatchQuery(given_names="Mere", family_name="Ngata", birth_date="14/03/2015")
    assert {c.person_id for c in find_candidates(query)} == {pid, other}
    assert [c.person_id for c in find_candidates(query, exclude=[other])] == [pid]
    PersonFactory._meta.model.objects.filter(pk=other).update(merged_into_id=pid)
    assert [c.person_id for c in find_candidates(query)] == [pid]


def _with_other_number(pid: int, value: str) -> None:
    PersonIdentifier.objects.create(person_id=pid, kind="other", value=value)
    index_person(pid)


def test_the_same_identifier_and_the_same_postcode_is_a_match_even_with_both_names_changed() -> None:
    home = AddressFactory(postcode="0110")
    pid = make("Madeline", "Herbert", dt.date(1980, 1, 2), address=home)
    _with_other_number(pid, "5304218")
    best = top(
        MatchQuery(given_names="Naomi", family_name="Harbottle", identifier="5304218", address="99 Other Rd 0110")
    )
    assert (best.person_id, best.is_match) == (pid, True)


def test_a_mistyped_number_with_the_same_birth_date_and_address_is_a_match() -> None:
    home = AddressFactory()
    pid = make("Mere", "Parata", dt.date(1990, 4, 4), address=home)
    _with_other_number(pid, "4066625")
    best = top(MatchQuery(family_name="Walker", birth_date="04/04/1990", identifier="4066626", address=str(home)))
    assert (best.person_id, best.is_match) == (pid, True)
    best = top(
        MatchQuery(
            given_names="Mere", family_name="Parata", birth_date="05/05/1991", identifier="4066626", address=str(home)
        )
    )
    assert (best.person_id, best.is_match) == (pid, True)


def test_a_twin_with_a_near_number_and_a_different_given_name_is_still_not_a_match() -> None:
    home = AddressFactory()
    born = dt.date(2016, 8, 9)
    aroha = make("Aroha", "Ngata", born, address=home)
    _with_other_number(aroha, "7000001")
    query = MatchQuery(
        given_names="Kahurangi", family_name="Walker", birth_date="09/08/2016", identifier="7000002", address=str(home)
    )
    found = {c.person_id: c for c in find_candidates(query)}
    assert not found[aroha].is_match
