"""Synthetic identifiers and the matching keys for each generated person.

Identifiers are derived from the person id, not drawn from the generator's
random stream, so adding them changed none of the names, dates or addresses
an existing seed gives (tiaki/demo/tests check the same seed gives the same
rows). Every NHI starts with "Z", the range reserved for testing, and has a
valid check character (python-nhi's algorithm), so ``nhi.is_nhi(v,
allow_test_values=True)`` holds and none can be a real person's.

MatchKey rows are computed here with the same ``person_keys`` that
``tiaki.people.services.match_keys.index_persons`` uses, so a seeded
register is searchable at once without a re-index.
"""

from __future__ import annotations

from datetime import date

from tiaki.demo.generator.records import Rows
from tiaki.people.matching.keys import person_keys

_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # the NHI alphabet: no I or O
_NHI_SPACE = 24 * 24 * 100 * 24  # Z, two letters, two digits, a letter
# Multipliers coprime with each space, so id -> value is one-to-one (NHIs
# repeat only past 1,382,400 persons; NSNs never within 9,000,000,000).
_NHI_STEP = 7919
_NSN_STEP = 104_729
NHI_SHARE = 60  # per cent of persons with an NHI
NSN_SHARE = 50  # per cent of school-age children with an NSN
SCHOOL_AGE = (5, 18)


def _char_code(c: str) -> int:
    return int(c) if c.isdigit() else _LETTERS.index(c) + 1


def testing_nhi(n: int) -> str:
    """The ``n``-th test NHI in the new format (ZAA00A + check letter)."""
    n %= _NHI_SPACE
    n, last = divmod(n, 24)
    n, digits = divmod(n, 100)
    first, second = divmod(n, 24)
    stem = f"Z{_LETTERS[first]}{_LETTERS[second]}{digits:02d}{_LETTERS[last]}"
    checksum = sum(_char_code(c) * w for c, w in zip(stem, range(7, 1, -1), strict=True)) % 23
    return stem + _LETTERS[23 - checksum - 1]


def _spread(pid: int, salt: int) -> int:
    """A per-person number 0..99, evenly spread and repeatable."""
    return ((pid * 2_654_435_761 + salt) >> 8) % 100


def add_identity_rows(rows: Rows, *, next_identifier: int, next_key: int, as_of: date) -> tuple[int, int]:
    """Append identifier and MatchKey rows for the persons in ``rows``;
    return the next free identifier and key ids."""
    names: dict[int, list[tuple[str, str]]] = {}
    for _nid, pid, _kind, given, family, *_ in rows.names:
        names.setdefault(pid, []).append((given, family))
    postcode_of = {aid: postcode for aid, _street, _suburb, _city, postcode in rows.addresses}
    postcodes: dict[int, list[str]] = {}
    for _paid, pid, aid, *_ in rows.person_addresses:
        postcodes.setdefault(pid, []).append(postcode_of.get(aid, ""))
    school_from = date(as_of.year - SCHOOL_AGE[1], as_of.month, as_of.day)
    school_to = date(as_of.year - SCHOOL_AGE[0], as_of.month, as_of.day)
    dates: dict[str, date] = {}
    identifiers, keys = rows.identifiers, rows.match_keys
    for pid, dob_text, precision, *_ in rows.persons:
        dob = None
        if dob_text is not None:
            dob = dates.get(dob_text) or dates.setdefault(dob_text, date.fromisoformat(dob_text))
        values = []
        if _spread(pid, 1) < NHI_SHARE:
            values.append(("nhi", testing_nhi(pid * _NHI_STEP)))
        if dob is not None and school_from < dob <= school_to and _spread(pid, 2) < NSN_SHARE:
            values.append(("nsn", str(1_000_000_000 + (pid * _NSN_STEP) % 9_000_000_000)))
        for kind, value in values:
            identifiers.append((next_identifier, pid, kind, value))
            next_identifier += 1
        for key in person_keys(
            names=names.get(pid, ()),
            date_of_birth=dob,
            year_only=precision == "year",
            identifiers=[v for _, v in values],
            postcodes=postcodes.get(pid, ()),
        ):
            keys.append((next_key, pid, key))
            next_key += 1
    return next_identifier, next_key
