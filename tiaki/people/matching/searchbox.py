"""The one search box: "Mere Ngata 31/02/2015", "ZAB1234", "Hemi Te Whare 7 Kowhai St"."""

from __future__ import annotations

import re

from tiaki.people.matching.normalise import PARTICLES
from tiaki.people.matching.records import MatchQuery

_NHI = re.compile(r"^[A-Za-z]{3}\d{2}[A-Za-z0-9]{2}$")
_DATE = re.compile(
    r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b"
    r"|\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b"
    r"|\b[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{8}\b"
)
_AGE = re.compile(r"\b(?:age|aged)\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:yo|y/o|yrs?|years?(?: old)?)\b", re.IGNORECASE)
_STREET = re.compile(r"\b\d+[A-Za-z]?(?:/\d+[A-Za-z]?)?\s+\S.*$")
_MONTH_WORDS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def parse_search_text(text: str) -> MatchQuery:
    """Split free text into identifier, birth date or age, address and name.

    An NHI-shaped word or a long number is an identifier; a date-shaped part
    a birth date; a number followed by words ("7 Kowhai St") starts an
    address; what is left is the name, given names first, with a particle
    ("Te", "Van") starting the family name.
    """
    rest = " ".join(text.split())
    identifier = ""
    for word in rest.split():
        bare = word.strip(",;")
        shaped = _NHI.match(bare) or re.fullmatch(r"[A-Za-z]{0,3}\d{6,10}", bare)
        # A YYYYMMDD string is a birth date, not a number.
        if shaped and not re.fullmatch(r"(19|20)\d{6}", bare):
            identifier = bare
            rest = rest.replace(word, " ", 1)
            break
    birth = ""
    if match := _DATE.search(rest):
        birth = match.group(0)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    age: int | None = None
    if not birth and (match := _AGE.search(rest)):
        age = int(match.group(1) or match.group(2))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    address = ""
    if match := _STREET.search(rest):
        address = match.group(0).strip(" ,")
        rest = rest[: match.start()]
    if not birth and age is None and (match := re.search(r"\b(19|20)\d{2}\b", rest)):
        birth = match.group(0)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    words = [w for w in re.split(r"[\s,]+", rest) if w and not _MONTH_WORDS.fullmatch(w)]
    given, family = _split_name(words)
    return MatchQuery(
        given_names=given, family_name=family, birth_date=birth, age=age, address=address, identifier=identifier
    )


def _split_name(words: list[str]) -> tuple[str, str]:
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    if "," in " ".join(words):
        family, _, given = " ".join(words).partition(",")
        return given.strip(), family.strip()
    # "Hemi Te Whare": the family name starts at the first particle after the first word.
    for i in range(1, len(words) - 1):
        if words[i].casefold() in PARTICLES:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]
