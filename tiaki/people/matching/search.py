"""find_candidates and score_pair: the one matching path that the intake
form, the API, the duplicate scan and ``tiaki match-eval`` all use."""

from __future__ import annotations

from collections.abc import Iterable

from tiaki.people.matching.keys import query_keys
from tiaki.people.matching.records import Candidate, FoldedName, MatchQuery, PersonRecord, PreparedQuery
from tiaki.people.matching.score import score
from tiaki.people.matching.store import candidate_hits, load_records
from tiaki.people.matching.variants import refresh_variants

#: Persons scored per search, those sharing most keys with the query first.
MAX_SCORED = 150


def find_candidates(query: MatchQuery, *, limit: int = 20, exclude: Iterable[int] = ()) -> list[Candidate]:
    """Persons who may be the one ``query`` describes, best first. No access
    control: callers show only what the acting user may see. Records merged
    into another are skipped."""
    refresh_variants()
    prepared = PreparedQuery.of(query)
    hits = candidate_hits(query_keys(prepared))
    for pid in exclude:
        hits.pop(pid, None)
    chosen = [pid for pid, _ in hits.most_common(MAX_SCORED)]
    records = load_records(chosen)
    scored = [score(prepared, records[pid]) for pid in chosen if pid in records]
    scored.sort(key=lambda c: (-c.score, c.person_id))
    return scored[:limit]


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


def score_pair(person_a_id: int, person_b_id: int) -> Candidate:
    """Person b scored against person a, for the duplicate scan: each of a's
    names and identifiers is tried as the query and the best score kept."""
    refresh_variants()
    records = load_records([person_a_id, person_b_id])
    if person_a_id not in records or person_b_id not in records:
        raise LookupError("Both persons must exist and not be merged into another.")
    a, b = records[person_a_id], records[person_b_id]
    best: Candidate | None = None
    base = query_from_record(a)
    idents = [v for _, v in a.identifiers] or [""]
    tried: list[FoldedName | None] = [*a.names] or [None]
    for name in tried:
        for ident in idents:
            query = MatchQuery(
                given_names=name.given_shown if name else "",
                family_name=name.family_shown if name else "",
                birth_date=base.birth_date,
                identifier=ident,
            )
            prepared = PreparedQuery.of(query)
            prepared = PreparedQuery(
                prepared.name, prepared.date, prepared.identifier, *_first_address(a) or (frozenset(), "")
            )
            result = score(prepared, b)
            if best is None or result.score > best.score:
                best = result
    assert best is not None  # the loops run at least once
    return best


def _first_address(person: PersonRecord) -> tuple[frozenset[str], str] | None:
    return person.addresses[0] if person.addresses else None
