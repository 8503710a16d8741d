"""What the one matching path (tiaki.people.selectors.match_keys:
find_candidates, score_pair) needs besides the database: how many persons
it scores, and a person's own details as a query."""

from __future__ import annotations

from tiaki.people.matching.records import FoldedName, MatchQuery, PersonRecord

#: Persons scored per search, those sharing most keys with the query first.
MAX_SCORED = 150


def query_from_record(person: PersonRecord) -> MatchQuery:
    """A query as if someone typed this person's primary details."""
    legal: FoldedName | None = next((n for n in person.names if n.kind == "legal"), None)
    name = legal or (person.names[0] if person.names else None)
    dob = person.date_of_birth
    return MatchQuery(
        given_names=name.given_shown if name else "",
        family_name=name.family_shown if name else "",
        birth_date=(str(dob.year) if person.year_only else dob.isoformat()) if dob else "",
        identifier=person.identifiers[0][1] if person.identifiers else "",
    )


def first_address(person: PersonRecord) -> tuple[frozenset[str], str] | None:
    return person.addresses[0] if person.addresses else None
