"""Reads of the match-key index (tiaki.people.matching.keys): candidate ids
by blocking key, candidate records in four batched queries, and the one
matching path built on them (``find_candidates``, ``score_pair``).

No access control here and no actor: these are the database side of
matching, which the people selectors (person_search, the duplicate queue),
the duplicate scan and ``tiaki match-eval`` filter or use as they must. The
index is written by tiaki.people.services.match_keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from django.db import connection

from tiaki.people.matching import normalise
from tiaki.people.matching.keys import query_keys
from tiaki.people.matching.records import Candidate, FoldedName, MatchQuery, PersonRecord, PreparedQuery
from tiaki.people.matching.score import score
from tiaki.people.matching.search import MAX_SCORED, first_address, query_from_record
from tiaki.people.models import Person, PersonAddress, PersonIdentifier, PersonName
from tiaki.people.selectors.variants import refresh_variants

#: Persons read per key: a very common key ("n:" for John Smith) is cut off
#: here; a more selective key of the same person (``y:``, ``d:``) finds them.
PER_KEY = 100

_LATERAL = (
    "SELECT k.key, m.person_id FROM unnest(%s::text[]) AS k(key) "
    "CROSS JOIN LATERAL (SELECT person_id FROM people_matchkey WHERE key = k.key LIMIT %s) AS m"
)

_WINDOW_HEAD = (
    "SELECT key, person_id FROM (SELECT key, person_id, ROW_NUMBER() OVER (PARTITION BY key) AS n "
    "FROM people_matchkey WHERE key IN "
)


def candidate_hits(keys: list[str], *, per_key: int = PER_KEY) -> Counter[int]:
    """How many of ``keys`` each person has, reading at most ``per_key``
    persons per key; identifier keys count ten times."""
    hits: Counter[int] = Counter()
    if not keys:
        return hits
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_LATERAL, [keys, per_key])
            rows = cursor.fetchall()
        else:
            rows = []
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                # Only placeholders are formatted into the text; keys are parameters.
                sql = f"{_WINDOW_HEAD}({marks})) WHERE n <= %s"
                cursor.execute(sql, [*chunk, per_key])
                rows.extend(cursor.fetchall())
    for key, person_id in rows:
        hits[person_id] += 10 if key.startswith("i:") else 1
    return hits


def load_records(person_ids: Iterable[int], *, without_protected: Collection[int] = ()) -> dict[int, PersonRecord]:
    """Persons not merged into another, with everything scoring compares.
    The protected addresses of ``without_protected`` are left out, so that
    an address the searcher may not see adds nothing to what they are shown
    (tiaki.people.selectors.search)."""
    ids = list(person_ids)
    hide = set(without_protected)
    if not ids:
        return {}
    records = {
        pid: PersonRecord(pid, dob, precision == Person.BirthDatePrecision.YEAR)
        for pid, dob, precision in Person.objects.filter(pk__in=ids, merged_into__isnull=True).values_list(
            "pk", "date_of_birth", "birth_date_precision"
        )
    }
    live = list(records)
    for pid, kind, given, family in PersonName.objects.filter(person_id__in=live).values_list(
        "person_id", "kind", "given_names", "family_name"
    ):
        records[pid].names.append(FoldedName.of(kind, given, family))
    for pid, kind, value in PersonIdentifier.objects.filter(person_id__in=live).values_list(
        "person_id", "kind", "value"
    ):
        records[pid].identifiers.append((kind, normalise.identifier(value)))
    for pid, street, suburb, city, postcode, protected in PersonAddress.objects.filter(person_id__in=live).values_list(
        "person_id", "address__street", "address__suburb", "address__city", "address__postcode", "protected"
    ):
        if protected and pid in hide:
            continue
        text = f"{street} {suburb} {city} {postcode}"
        records[pid].addresses.append((normalise.address_tokens(text), postcode or normalise.postcode(text)))
    return records


def register_is_empty() -> bool:
    """No person record at all (``tiaki match-eval`` loads its own)."""
    return not Person.objects.exists()


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
                prepared.name, prepared.date, prepared.identifier, *first_address(a) or (frozenset(), "")
            )
            result = score(prepared, b)
            if best is None or result.score > best.score:
                best = result
    assert best is not None  # the loops run at least once
    return best


__all__ = ["PER_KEY", "candidate_hits", "find_candidates", "load_records", "register_is_empty", "score_pair"]
