"""Rows for the person register, built as plain tuples with ids assigned here.

The generator assigns every id itself (starting after the table's current
maximum) so that relationships can point at persons before anything is
written, and so that one seed gives the same ids on every run. Column order
is the order of the ``*_FIELDS`` tuples; tiaki.demo.generator.writer maps
field names to database columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any

from tiaki.demo.generator import names
from tiaki.demo.generator.pools import Culture
from tiaki.people.models import Person, PersonName, Relationship

PERSON_FIELDS = (
    "id", "date_of_birth", "birth_date_precision", "gender", "deceased_on", "sealed",
    "created_at", "updated_at", "version",
)  # fmt: skip
NAME_FIELDS = ("id", "person", "kind", "given_names", "family_name", "is_primary", "valid_from", "valid_to")
ADDRESS_FIELDS = ("id", "street", "suburb", "city", "postcode")
PERSON_ADDRESS_FIELDS = ("id", "person", "address", "protected", "valid_from", "valid_to")
RELATIONSHIP_FIELDS = ("id", "from_person", "to_person", "kind", "started_on", "ended_on")
IDENTIFIER_FIELDS = ("id", "person", "kind", "value")
MATCH_KEY_FIELDS = ("id", "person", "key")

# Any, not object: the values (int, str, bool, None, a timestamp) go straight
# to the database driver, whose parameter types are a long union.
Row = tuple[Any, ...]

EXACT = Person.BirthDatePrecision.EXACT.value
YEAR = Person.BirthDatePrecision.YEAR.value
UNKNOWN = Person.BirthDatePrecision.UNKNOWN.value
FEMALE = Person.Gender.FEMALE.value
MALE = Person.Gender.MALE.value
ANOTHER = Person.Gender.ANOTHER.value
GENDER_UNKNOWN = Person.Gender.UNKNOWN.value

LEGAL = PersonName.Kind.LEGAL.value
PREFERRED = PersonName.Kind.PREFERRED.value
PREVIOUS = PersonName.Kind.PREVIOUS.value
ALIAS = PersonName.Kind.ALIAS.value

PARENT = Relationship.Kind.PARENT.value
SIBLING = Relationship.Kind.SIBLING.value
HALF_SIBLING = Relationship.Kind.HALF_SIBLING.value
GRANDPARENT = Relationship.Kind.GRANDPARENT.value
PARTNER = Relationship.Kind.PARTNER.value


@dataclass(slots=True)
class Rows:
    """One chunk of rows, written table by table in foreign-key order."""

    addresses: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    names: list[Row] = field(default_factory=list)
    person_addresses: list[Row] = field(default_factory=list)
    relationships: list[Row] = field(default_factory=list)
    identifiers: list[Row] = field(default_factory=list)  # tiaki.demo.generator.identity
    match_keys: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class NextIds:
    person: int
    name: int
    address: int
    person_address: int
    relationship: int
    identifier: int = 1
    match_key: int = 1


class RowMaker:
    """Appends rows for one person, name, address or relationship at a time.

    Dates are ISO strings (both COPY and SQLite take them as text), cached by
    ordinal because a million persons share a few tens of thousands of days.
    """

    def __init__(self, *, rng: Random, ids: NextIds, as_of: date, stamp: object, pools_streets: tuple[str, ...]):
        self.rng = rng
        self.ids = ids
        self.as_of = as_of.toordinal()
        self.as_of_year = as_of.year
        self.stamp = stamp
        self.streets = pools_streets
        self.rows = Rows()
        self._iso: dict[int, str] = {}

    def iso(self, ordinal: int) -> str:
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def person(self, age_days: int, gender: str, *, may_be_unknown: bool = False, deceased: int | None = None) -> int:
        """Add a person ``age_days`` old; a few get only a birth year, and a
        few adults (``may_be_unknown``) no birth date at all."""
        roll = self.rng.random()
        if may_be_unknown and roll < 0.012:
            dob, precision = None, UNKNOWN
        elif roll < 0.04 and (year := date.fromordinal(self.as_of - age_days).year) < self.as_of_year:
            # Year-only dates are kept as 1 July so they are never more than
            # half a year out; whanau.GAP_MIN/GAP_MAX leave room for that. A
            # baby born this year keeps an exact date, never one in the future.
            dob, precision = f"{year}-07-01", YEAR
        else:
            dob, precision = self.iso(self.as_of - age_days), EXACT
        pid = self.ids.person
        self.ids.person = pid + 1
        died = None if deceased is None else self.iso(deceased)
        self.rows.persons.append((pid, dob, precision, gender, died, False, self.stamp, self.stamp, 1))
        return pid

    def name(self, pid: int, kind: str, given: str, family: str, *, valid_to: int | None = None) -> None:
        nid = self.ids.name
        self.ids.name = nid + 1
        until = None if valid_to is None else self.iso(valid_to)
        self.rows.names.append((nid, pid, kind, given, family, kind == LEGAL, None, until))

    def legal_name(self, pid: int, first: str, middle: str, family: str) -> str:
        """The legal name, and sometimes the other names the person is known by."""
        given = f"{first} {middle}" if middle else first
        self.name(pid, LEGAL, given, family)
        roll = self.rng.random()
        english = names.TRANSLITERATIONS.get(first)
        if english is not None and roll < 0.25:
            self.name(pid, ALIAS, english, family)
        elif roll < 0.06 and first != (plain := names.without_macrons(first)):
            self.name(pid, ALIAS, plain, names.without_macrons(family))
        nickname = names.NICKNAMES.get(first)
        if nickname is not None and self.rng.random() < 0.3:
            self.name(pid, PREFERRED, nickname, family)
        return given

    def address(self, city: str, suburb: str, postcode_prefix: str) -> int:
        aid = self.ids.address
        self.ids.address = aid + 1
        r = self.rng.random
        streets = self.streets
        number = int(r() * 240) + 1
        street = f"{number} {streets[int(r() * len(streets))]}"
        if r() < 0.12:
            street = f"{int(r() * 6) + 1}/{street}"  # a flat: "2/14 Kauri Street"
        postcode = f"{postcode_prefix}{int(r() * 100):02d}"
        self.rows.addresses.append((aid, street, suburb, city, postcode))
        return aid

    def lives_at(
        self, pid: int, aid: int, *, since: int | None, until: int | None = None, protected: bool = False
    ) -> None:
        paid = self.ids.person_address
        self.ids.person_address = paid + 1
        start = None if since is None else self.iso(since)
        end = None if until is None else self.iso(until)
        self.rows.person_addresses.append((paid, pid, aid, protected, start, end))

    def relate(
        self, from_pid: int, to_pid: int, kind: str, *, started: int | None = None, ended: int | None = None
    ) -> None:
        rid = self.ids.relationship
        self.ids.relationship = rid + 1
        start = None if started is None else self.iso(started)
        end = None if ended is None else self.iso(ended)
        self.rows.relationships.append((rid, from_pid, to_pid, kind, start, end))

    def given_name(self, culture: Culture, gender: str) -> str:
        r = self.rng.random
        # Another or unknown gender draws from either list.
        female = gender == FEMALE or (gender != MALE and r() < 0.5)
        pool = culture.given_female if female else culture.given_male
        return pool[int(r() * len(pool))]

    def surname(self, culture: Culture) -> str:
        pool = culture.surnames
        return pool[int(self.rng.random() * len(pool))]
