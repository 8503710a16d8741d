"""The hash chain: how an event is serialised and hashed, and how a run of
events is checked.

No Django imports: tiaki.audit.verify runs ``walk_postgres_range`` in spawned
worker processes that never set Django up.

An event's hash is SHA-256 over its fields joined by the unit separator
(U+001F), in ``FIELDS`` order, ending with the previous event's hash:

    seq, occurred_at, actor_id, actor_role, action, outcome, reason,
    relationship, subject_type, subject_ids, request_id, client_address,
    prev_hash

as text: integers in decimal; occurred_at in UTC as
``YYYY-MM-DDTHH:MM:SS.ffffffZ``; a missing actor_id or client_address as the
empty string; subject_ids as compact JSON of sorted ints (``[3,17]``);
client_address as ``canonical_address`` gives it. record() refuses control
characters in the fields, so the separator cannot occur inside one and the
joined string reads back one way only. The order and formats are stored
history: changing them breaks verification of every event already written.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

SEPARATOR = "\x1f"
GENESIS_HASH = "0" * 64

FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "action",
    "outcome",
    "reason",
    "relationship",
    "subject_type",
    "subject_ids",
    "request_id",
    "client_address",
    "prev_hash",
)

# The same columns as text in FIELDS order, then the stored hash: what
# walk() reads. Each backend renders the timestamp and the nullable columns
# exactly as record() formats them for event_hash(). ORDER BY names the
# table's seq because the output column called seq is text.
POSTGRES_ROWS_SQL = (
    "SELECT seq::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "coalesce(actor_id::text, ''), actor_role, action, outcome, reason, relationship, subject_type, "
    "subject_ids, request_id, coalesce(host(client_address), ''), prev_hash, hash "
    "FROM audit_auditevent WHERE seq BETWEEN %s AND %s ORDER BY audit_auditevent.seq"
)
# Django stores an SQLite datetime as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]'
# (no fraction when it is zero), so pad the fraction and add the T and Z.
SQLITE_ROWS_SQL = (
    "SELECT CAST(seq AS TEXT), substr(occurred_at, 1, 10) || 'T' || substr(occurred_at, 12, 8) || '.' || "
    "substr(occurred_at || '.000000', 21, 6) || 'Z', coalesce(CAST(actor_id AS TEXT), ''), actor_role, action, "
    "outcome, reason, relationship, subject_type, subject_ids, request_id, coalesce(client_address, ''), "
    "prev_hash, hash FROM audit_auditevent WHERE seq BETWEEN %s AND %s ORDER BY audit_auditevent.seq"
)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def format_subject_ids(ids: Iterable[int]) -> str:
    """Compact JSON of the distinct ids, sorted: ``[3,17]``."""
    return json.dumps(sorted({int(i) for i in ids}), separators=(",", ":"))


def canonical_address(address: str) -> str:
    """IPv4 as dotted quad, IPv6 fully exploded: the databases and Python
    versions disagree on how to shorten IPv6 text, the exploded form is one."""
    return ipaddress.ip_address(address).exploded


def event_hash(fields: Sequence[str]) -> str:
    """The hash of an event given its FIELDS as text (prev_hash last)."""
    return hashlib.sha256(SEPARATOR.join(fields).encode()).hexdigest()


@dataclass(frozen=True)
class RangeResult:
    """What walk() found in seq range [first, last]: how many events, the first
    event's prev_hash (checked against the event before by the caller), the
    last event's seq and hash, and the first problem if any."""

    first: int
    count: int
    first_prev_hash: str | None
    last_seq: int
    last_hash: str | None
    broken_seq: int | None = None
    problem: str = ""


def walk(rows: Iterable[Sequence[str]], first: int, last: int) -> RangeResult:
    """Check rows (FIELDS as text, then the stored hash; in seq order) that
    should hold every event from first to last: seq continuity, each hash
    against the event's contents, and each prev_hash against the event before.
    Stops at the first problem."""
    expected = first
    prev: str | None = None
    first_prev: str | None = None
    sha256 = hashlib.sha256
    join = SEPARATOR.join
    count = 0
    for row in rows:
        fields = row[:13]
        if row[0] != str(expected):
            seq = int(row[0])
            if seq > expected:
                missing = f"{expected}" if seq == expected + 1 else f"{expected} to {seq - 1}"
                return _broken(first, count, first_prev, prev, expected, f"missing: events {missing} are not there")
            return _broken(first, count, first_prev, prev, seq, "out of order or duplicated")
        address = row[11]
        if ":" in address:
            fields = (*row[:11], canonical_address(address), row[12])
        if sha256(join(fields).encode()).hexdigest() != row[13]:
            return _broken(first, count, first_prev, prev, expected, "altered: its hash does not match its contents")
        if prev is None:
            first_prev = row[12]
        elif row[12] != prev:
            return _broken(
                first, count, first_prev, prev, expected, f"unlinked: its prev_hash is not event {expected - 1}'s hash"
            )
        prev = row[13]
        expected += 1
        count += 1
    if expected <= last:
        missing = f"{expected}" if expected == last else f"{expected} to {last}"
        return _broken(first, count, first_prev, prev, expected, f"missing: events {missing} are not there")
    return RangeResult(first, count, first_prev, expected - 1, prev)


def _broken(first: int, count: int, first_prev: str | None, prev: str | None, seq: int, problem: str) -> RangeResult:
    return RangeResult(first, count, first_prev, seq - 1, prev, broken_seq=seq, problem=problem)


def walk_postgres_range(conninfo: str, first: int, last: int, batch: int = 20_000) -> RangeResult:
    """walk() events first..last over a fresh connection (run in a worker
    process by tiaki.audit.verify), streaming through a server-side cursor."""
    import psycopg  # only the PostgreSQL worker needs it

    with psycopg.connect(conninfo) as conn, conn.transaction(), conn.cursor(name="audit_verify") as cursor:
        cursor.itersize = batch
        cursor.execute(POSTGRES_ROWS_SQL, (first, last))
        return walk(cursor, first, last)
