"""What scoring compares: a query and a candidate person, folded once.

``search.py`` fetches candidates from the database in a few batched queries
and builds ``PersonRecord`` values; ``eval.py`` and the tests build them the
same way, so every path scores through one ``score.score``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tiaki.people.matching import normalise
from tiaki.people.matching.dates import DateParts, parse_age, parse_birth_date


@dataclass(frozen=True)
class MatchQuery:
    """What a user typed into search-before-create; every field optional."""

    given_names: str = ""
    family_name: str = ""
    birth_date: str = ""  # raw text as typed
    age: int | None = None
    address: str = ""  # free text
    identifier: str = ""  # NHI / NSN / MSD number / other


@dataclass(frozen=True)
class Candidate:
    person_id: int
    score: float  # 0..1
    reasons: tuple[str, ...]
    is_match: bool


@dataclass(frozen=True)
class FoldedName:
    kind: str  # PersonName.Kind value, or "legal" for a query
    given_shown: str  # as stored, for reasons
    family_shown: str
    given: str  # folded
    given_tokens: tuple[str, ...]
    family: str  # folded, spaces removed
    family_forms: tuple[str, ...]

    @classmethod
    def of(cls, kind: str, given: str, family: str) -> FoldedName:
        folded = normalise.fold(given)
        return cls(
            kind=kind,
            given_shown=given.strip(),
            family_shown=family.strip(),
            given=folded,
            given_tokens=tuple(folded.split()),
            family=normalise.compact(family),
            family_forms=normalise.family_forms(family),
        )

    @property
    def first(self) -> str:
        return self.given_tokens[0] if self.given_tokens else ""


@dataclass
class PersonRecord:
    person_id: int
    date_of_birth: dt.date | None
    year_only: bool
    names: list[FoldedName] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # (kind, normalised value)
    addresses: list[tuple[frozenset[str], str]] = field(default_factory=list)  # (tokens, postcode)


@dataclass(frozen=True)
class PreparedQuery:
    name: FoldedName
    date: DateParts
    identifier: str
    address_tokens: frozenset[str]
    postcode: str

    @classmethod
    def of(cls, query: MatchQuery, *, today: dt.date | None = None) -> PreparedQuery:
        parts = parse_birth_date(query.birth_date, today=today)
        if parts.is_empty and query.age is not None:
            parts = parse_age(query.age, today=today)
        return cls(
            name=FoldedName.of("legal", query.given_names, query.family_name),
            date=parts,
            identifier=normalise.identifier(query.identifier),
            address_tokens=normalise.address_tokens(query.address),
            postcode=normalise.postcode(query.address),
        )
