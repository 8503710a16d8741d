"""Writes of the match-key index (tiaki.people.matching.keys): each
person's MatchKey rows rebuilt from their current names, birth date,
identifiers and addresses. Called by the register's services and the merge
inside their transactions, after the write they index; no actor and no
audit event of its own (the calling service's event covers it). Read by
tiaki.people.selectors.match_keys."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from tiaki.people.matching.keys import person_keys
from tiaki.people.models import MatchKey, Person, PersonAddress, PersonIdentifier, PersonName
from tiaki.people.selectors.variants import load_variants


def index_person(person_id: int) -> None:
    """Rebuild one person's MatchKey rows (services call it after a write)."""
    index_persons([person_id])


def index_persons(person_ids: Iterable[int]) -> None:
    """Rebuild the MatchKey rows of these persons from their current names,
    birth date, identifiers and addresses (a merged record keeps none)."""
    load_variants()
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


__all__ = ["index_person", "index_persons"]
