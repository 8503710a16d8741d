"""Folding, birth-date parsing and the search box (tiaki.people.matching)."""

from __future__ import annotations

from datetime import date

import pytest

from tiaki.people.matching import parse_search_text
from tiaki.people.matching.dates import DateParts, compare, parse_birth_date
from tiaki.people.matching.normalise import family_forms, fold, identifier

TODAY = date(2026, 3, 1)


def test_it_folds_case_macrons_and_punctuation() -> None:
    assert fold("Hēmi") == fold("HEMI") == "hemi"
    assert fold("Tūī") == "tui"
    assert fold("Smith-Ngata") == "smith ngata"


def test_it_indexes_compound_and_hyphenated_surnames_under_each_form() -> None:
    assert family_forms("Te Whare") == ("tewhare", "whare")
    assert family_forms("Tewhare") == ("tewhare",)
    assert family_forms("Smith-Ngata") == ("smithngata", "smith", "ngata")


def test_it_normalises_identifier_spacing_and_case() -> None:
    assert identifier(" zab 1234 ") == "ZAB1234"


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("31/02/2015", DateParts(2015, 2, 31)),
        ("2015-02-31", DateParts(2015, 2, 31)),
        ("15 Feb 2015", DateParts(2015, 2, 15)),
        ("20150215", DateParts(2015, 2, 15)),
        ("2015", DateParts(2015)),
        ("age 10", DateParts(2015, approximate=True)),
        ("", DateParts()),
    ],
)
def test_it_keeps_the_typed_parts_of_a_birth_date_even_when_impossible(typed: str, parts: DateParts) -> None:
    assert parse_birth_date(typed, today=TODAY) == parts


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("14/03/2015", "same birth date"),
        ("03/14/2015", "birth date with day and month swapped"),
        ("14/03/2016", "birth date with the year one out"),
        ("14/03/2025", "birth date with the year ten out"),
        ("24/03/2015", "birth date one digit different"),
        ("14/03/2009", "same day and month of birth, different year"),
        ("02/07/1990", "different birth date"),
    ],
)
def test_it_names_the_birth_date_mistake(typed: str, reason: str) -> None:
    assert compare(parse_birth_date(typed, today=TODAY), date(2015, 3, 14)).reason == reason


def test_it_compares_an_impossible_date_with_the_real_one_a_digit_away() -> None:
    result = compare(parse_birth_date("31/02/2015", today=TODAY), date(2015, 2, 21))
    assert result.agrees
    assert result.reason == "birth date one digit different"


def test_it_splits_the_search_box() -> None:
    query = parse_search_text("Mere Ngata 31/02/2015")
    assert (query.given_names, query.family_name, query.birth_date) == ("Mere", "Ngata", "31/02/2015")
    assert parse_search_text("ZAB1234").identifier == "ZAB1234"
    query = parse_search_text("Hemi Te Whare 7 Kowhai St")
    assert (query.given_names, query.family_name, query.address) == ("Hemi", "Te Whare", "7 Kowhai St")
