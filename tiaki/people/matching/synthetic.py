"""A synthetic New Zealand evaluation set for ``tiaki match-eval --synthetic``.

Whānau at shared addresses, with Māori names (macrons kept), English names,
hyphenated and compound surnames, and test NHIs. Each known person may be
typed again as a query with the mistakes notifiers make: an English form or
nickname, macrons dropped, a typo, "Tewhare" for "Te Whare", names the other
way round, day and month swapped, an impossible date, a year out. New
siblings and twins of known tamariki (same surname, same address, twins
with the same birth date, a different given name) are queries that must
match nothing. Rows use the FEBRL layout, so ``eval.evaluate`` scores them
exactly like the FEBRL files.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from random import Random

from rapidfuzz.distance import DamerauLevenshtein

from tiaki.demo.generator import names as curated
from tiaki.demo.generator.identity import testing_nhi
from tiaki.people.matching.eval import FEBRL_FIELDS, FebrlRow
from tiaki.people.matching.normalise import fold
from tiaki.people.matching.variants import NICKNAMES, TRANSLITERATIONS

_ENGLISH_GIVEN = (
    "William", "James", "Mary", "Elizabeth", "Katherine", "Thomas", "Olivia", "Charlotte", "Jack", "Oliver",
    "Amelia", "Isla", "Noah", "Leo", "George", "Lucy", "Sophie", "Ruby", "Harper", "Ella", "Mason", "Hunter",
    "Lachlan", "Cooper", "Zoe", "Grace", "Chloe", "Emily", "Hannah", "Jessica", "Daniel", "Samuel", "Joshua",
    "Benjamin", "Matthew", "Michael", "Robert", "Joseph", "Anthony", "Rebecca", "Victoria", "Peter", "David",
)  # fmt: skip
_ENGLISH_FAMILY = (
    "Smith", "Wilson", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Harris", "Martin", "Clarke",
    "Robinson", "Campbell", "Stewart", "Scott", "Young", "Mitchell", "Hughes", "Edwards", "Turner", "Cooper",
)  # fmt: skip
_STREETS = ("Kōwhai Street", "Rātā Road", "Tōtara Avenue", "Kauri Place", "Pōhutukawa Drive", "Rimu Crescent")
_SUBURBS = (("Ōtara", "2023"), ("Māngere", "2022"), ("Aranui", "8061"), ("Naenae", "5011"), ("Kaiti", "4010"))

_VARIANTS: dict[str, list[str]] = {}
for _a, _b in (*TRANSLITERATIONS, *NICKNAMES):
    _VARIANTS.setdefault(_a, []).append(_b)
    _VARIANTS.setdefault(_b, []).append(_a)


def _given_pool(rng: Random, maori: bool, female: bool) -> tuple[str, ...]:
    if maori and rng.random() < 0.7:
        return curated.MAORI_GIVEN_FEMALE if female else curated.MAORI_GIVEN_MALE
    return _ENGLISH_GIVEN


def _distinct(name: str, others: list[str]) -> bool:
    """A sibling's name is not a variant, not a close spelling, of another's."""
    a = fold(name).replace(" ", "")
    for other in others:
        b = fold(other).replace(" ", "")
        if a == b or b in _VARIANTS.get(a, ()) or DamerauLevenshtein.distance(a, b) <= 2:
            return False
    return True


def _new_given(rng: Random, maori: bool, used: list[str]) -> str:
    while True:
        given = rng.choice(_given_pool(rng, maori, rng.random() < 0.5))
        if _distinct(given, used):
            return given


def _typo(word: str, rng: Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _iso(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _row(rec_id: str, given: str, family: str, number: str, street: str, suburb: str, postcode: str, dob: str,
         ident: str) -> FebrlRow:  # fmt: skip
    values = (rec_id, given, family, number, street, "", suburb, postcode, "", dob, ident)
    return dict(zip(FEBRL_FIELDS, values, strict=True))


def _corrupt(row: FebrlRow, born: date, rng: Random) -> FebrlRow:
    out = dict(row)
    for _ in range(rng.choice((1, 1, 2))):
        roll = rng.randrange(11)
        given, family = out["given_name"], out["surname"]
        first = given.split(" ")[0] if given else ""
        if roll == 0 and (options := _VARIANTS.get(fold(first))):
            out["given_name"] = rng.choice(options).title()
        elif roll == 1:
            out["given_name"], out["surname"] = fold(given).title(), fold(family).title()  # macrons dropped
        elif roll == 2 and first:
            out["given_name"] = _typo(first, rng)
        elif roll == 3 and family:
            out["surname"] = _typo(family, rng)
        elif roll == 4 and (" " in family or "-" in family):
            out["surname"] = family.replace(" ", "") if " " in family else rng.choice(family.split("-"))
        elif roll == 5:
            out["given_name"], out["surname"] = family, given
        elif roll == 6 and born.day <= 12:
            out["date_of_birth"] = f"{born.year:04d}{born.day:02d}{born.month:02d}"
        elif roll == 7:
            out["date_of_birth"] = f"{born.year:04d}{born.month:02d}31" if born.month in (2, 4, 6, 9, 11) else (
                f"{born.year:04d}{born.month:02d}{min(born.day + 10, 29):02d}"
            )  # fmt: skip
        elif roll == 8:
            year = born.year + rng.choice((-1, 1))
            out["date_of_birth"] = f"{year:04d}{born.month:02d}{born.day:02d}"  # 29 February may become impossible
        elif roll == 9:
            out["date_of_birth"] = ""
        else:
            out["soc_sec_id"] = ""
    return out


def synthetic_set(*, size: int, seed: int) -> tuple[list[FebrlRow], list[FebrlRow]]:
    """``size`` known persons in whānau; queries for about 70% of them, plus
    new siblings, twins and strangers (about a fifth) that match nobody."""
    rng = Random(seed)  # noqa: S311 - reproducible evaluation data, not secrets
    known: list[FebrlRow] = []
    queries: list[FebrlRow] = []
    entity = 0
    new_entity = 10 * size + 1
    today = date(2026, 1, 1)
    while entity < size:
        maori = rng.random() < 0.4
        family = rng.choice(curated.MAORI_SURNAMES if maori else _ENGLISH_FAMILY)
        if rng.random() < 0.12:
            family = f"{family}-{rng.choice(_ENGLISH_FAMILY if maori else curated.MAORI_SURNAMES)}"
        number, street = str(rng.randrange(1, 300)), rng.choice(_STREETS)
        suburb, postcode = rng.choice(_SUBURBS)
        first_born = today - timedelta(days=rng.randrange(6 * 365, 18 * 365))
        used: list[str] = []
        born = first_born
        for child in range(rng.randrange(1, 5)):
            if entity >= size:
                break
            twin = child > 0 and rng.random() < 0.1
            born = born if twin else born + timedelta(days=rng.randrange(300, 1500))
            if born > today - timedelta(days=30):
                break
            given = _new_given(rng, maori, used)
            used.append(given)
            ident = testing_nhi(rng.randrange(1_000_000)) if rng.random() < 0.5 else ""
            row = _row(f"rec-{entity}-org", given, family, number, street, suburb, postcode, _iso(born), ident)
            known.append(row)
            if rng.random() < 0.7:
                queries.append(_corrupt(row | {"rec_id": f"rec-{entity}-dup-0"}, born, rng))
            entity += 1
        if rng.random() < 0.25:
            # A new brother, sister or twin: same whānau and address, not on the register.
            twin = rng.random() < 0.4
            sibling_born = born if twin else born + timedelta(days=rng.randrange(300, 900))
            given = _new_given(rng, maori, used)
            queries.append(
                _row(f"rec-{new_entity}-dup-0", given, family, number, street, suburb, postcode, _iso(sibling_born), "")
            )
            new_entity += 1
    return known, queries


def write_febrl(path: Path, rows: list[FebrlRow]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FEBRL_FIELDS)
        writer.writerows([row.get(f, "") for f in FEBRL_FIELDS] for row in rows)
