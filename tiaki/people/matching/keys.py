"""Blocking keys: the MatchKey rows written for a person, and the same keys
computed for a query.

Search looks the query's keys up in MatchKey (indexed on key, person) and
scores only the persons found, so a key must be selective at a million
persons yet survive the usual mistakes. Each family of keys survives a
different one; a person is found if any one key agrees:

- ``i:<identifier>``                   an NHI, NSN or other number, exactly
- ``n:<family>:<given>``               names by sound; survives a wrong or missing birth date
- ``y:<family>:<year>:<given>``        the same within a birth year (a common name's ``n:``
                                       key is capped, this one is not crowded)
- ``d:<yyyymmdd>:<family>``            birth date and family name; survives a wrong given name
- ``e:<yyyymmdd>:<given>``             birth date and given name; survives a changed family name
- ``a:<postcode>:<given>``             given name at a postcode; survives both a new family
                                       name and a wrong birth date
- ``p:<postcode>:<family>``            family name at a postcode; survives a wrong given name
                                       and birth date
- ``b:<yyyymmdd>:<postcode>``          birth date at a postcode; survives misspelt names

``<family>`` and ``<given>`` are metaphone codes of folded names
(normalise.phonetic); family names are keyed under every form
(normalise.family_forms) so "Te Whare", "Tewhare" and "Smith-Ngata" /
"Ngata" meet. The query side adds what the stored side leaves out: known
variants of the given name, the names the other way round, the birth date
with day and month swapped, and nearby years. Changing these rules needs
every person re-indexed (``index_persons``; the demo generator writes the
same keys through ``person_keys``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tiaki.people.matching import normalise, variants
from tiaki.people.matching.dates import key_dates, key_years
from tiaki.people.matching.records import PreparedQuery

MAX_KEY = 80


def _given_code(given: str) -> str:
    first = normalise.first_given(given)
    return normalise.phonetic(first) if len(first) > 1 else ""


def person_keys(
    *,
    names: Iterable[tuple[str, str]],
    date_of_birth: date | None,
    year_only: bool,
    identifiers: Iterable[str] = (),
    postcodes: Iterable[str] = (),
) -> set[str]:
    """Every key for one person: ``names`` are (given, family) as stored,
    ``identifiers`` raw values, ``postcodes`` of their addresses."""
    keys = {f"i:{normalise.identifier(v)}" for v in identifiers if v.strip()}
    day = date_of_birth.strftime("%Y%m%d") if date_of_birth is not None and not year_only else ""
    year = date_of_birth.year if date_of_birth is not None else None
    givens: set[str] = set()
    for given, family in names:
        g = _given_code(given)
        if g:
            givens.add(g)
        for form in normalise.family_forms(family):
            f = normalise.phonetic(form)
            if g:
                keys.add(f"n:{f}:{g}")
                if year is not None:
                    keys.add(f"y:{f}:{year}:{g}")
            if day:
                keys.add(f"d:{day}:{f}")
            keys.update(f"p:{p}:{f}" for p in postcodes if p)
    for g in givens:
        if day:
            keys.add(f"e:{day}:{g}")
        keys.update(f"a:{p}:{g}" for p in postcodes if p)
    if day:
        keys.update(f"b:{day}:{p}" for p in postcodes if p)
    return {k[:MAX_KEY] for k in keys}


def query_keys(query: PreparedQuery) -> list[str]:
    """The keys a query looks up (module docstring)."""
    q = query.name
    keys: list[str] = []
    if query.identifier:
        keys.append(f"i:{query.identifier}")
    orders = [(q.given, q.family_shown)]
    if q.family and q.first:
        orders.append((q.family_shown, q.given))  # typed the other way round
    days = key_dates(query.date)
    years = key_years(query.date)
    for given, family in orders:
        first = normalise.first_given(given)
        firsts = [first, *variants.variants_of(first)] if len(first) > 1 else []
        gcodes = list(dict.fromkeys(normalise.phonetic(g) for g in firsts))
        fcodes = list(dict.fromkeys(normalise.phonetic(f) for f in normalise.family_forms(family)))
        for f in fcodes:
            keys.extend(f"n:{f}:{g}" for g in gcodes)
            keys.extend(f"y:{f}:{y}:{g}" for y in years for g in gcodes)
            keys.extend(f"d:{d}:{f}" for d in days)
            if query.postcode:
                keys.append(f"p:{query.postcode}:{f}")
        for g in gcodes:
            keys.extend(f"e:{d}:{g}" for d in days)
            if query.postcode:
                keys.append(f"a:{query.postcode}:{g}")
    if query.postcode:
        keys.extend(f"b:{d}:{query.postcode}" for d in days)
    return list(dict.fromkeys(k[:MAX_KEY] for k in keys))
