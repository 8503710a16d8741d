"""The database side of matching: candidate ids by blocking key, candidate
records in four batched queries, and (re)writing a person's MatchKey rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from django.db import connection, transaction

from tiaki.people.matching import normalise
from tiaki.people.matching.keys import person_keys
from tiaki.people.matching.records import FoldedName, PersonRecord
from tiaki.people.models import MatchKey, Person, PersonAddress, PersonIdentifier, PersonName

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


def index_persons(person_ids: Iterable[int]) -> None:
    """Rebuild the MatchKey rows of these persons from their current names,
    birth date, identifiers and addresses (a merged record keeps none)."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), 2000):
        _index_chunk(ids[start : start + 2000])


def _index_chunk(ids: list[int]) -> None:
    persons = {
        pid: (dob, precision == Person.BirthDatePrecision.YEAR)
        for pid, dob, precision in Person.objects.filter(pk__in=ids, merged_into__isnull=True).values_list(
            "pk", "date_of_birth", "birth_date_precision"
        )
    }
    names: dict[int, list[tuple[str, str]]] = {pid: [] for pid in persons}
    idents: dict[int, list[str]] = {pid: [] for pid in persons}
    postcodes: dict[int, list[str]] = {pid: [] for pid in persons}
    for pid, given, family in PersonName.objects.filter(person_id__in=persons).values_list(
        "person_id", "given_names", "family_name"
    ):
        names[pid].append((given, family))
    for pid, value in PersonIdentifier.objects.filter(person_id__in=persons).values_list("person_id", "value"):
        idents[pid].append(value)
    for pid, postcode in PersonAddress.objects.filter(person_id__in=persons).values_list(
        "person_id", "address__postcode"
    ):
        postcodes[pid].append(postcode)
    rows = [
        MatchKey(person_id=pid, key=key)
        for pid, (dob, year_only) in persons.items()
        for key in sorted(
            person_keys(
                names=names[pid],
                date_of_birth=dob,
                year_only=year_only,
                identifiers=idents[pid],
                postcodes=postcodes[pid],
            )
        )
    ]
    with transaction.atomic():
        MatchKey.objects.filter(person_id__in=ids).delete()
        MatchKey.objects.bulk_create(rows, batch_size=5000)
