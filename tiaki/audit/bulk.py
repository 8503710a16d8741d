"""Synthetic events for the benchmark (`tiaki audit seed-events N`).

Appends N made-up person reads that continue the existing chain, hashed here
in Python exactly as record() hashes, and loaded with COPY on PostgreSQL or
executemany on SQLite. Each batch is one transaction holding the head lock,
so the chain is whole after every commit and live appends simply queue.
Never for a real agency's database: the events describe nobody.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.chain import SEPARATOR
from tiaki.audit.models import AuditChainHead
from tiaki.audit.services import HEAD_PK

_EVENT_COLUMNS = (
    "seq, occurred_at, actor_id, actor_role, action, outcome, reason, relationship, "
    "subject_type, subject_ids, request_id, client_address, prev_hash, hash"
)
_ACTIONS = [AuditAction.PERSON_READ.value] * 8 + [AuditAction.PERSON_SEARCH.value, AuditAction.PERSON_UPDATE.value]
_ACTORS = 500
_PERSONS = 1_000_000


@dataclass(frozen=True)
class SeedResult:
    events: int
    seconds: float
    last_seq: int


class _Clock:
    """Event times one microsecond apart, formatted without a datetime per event."""

    def __init__(self, start: datetime) -> None:
        self.second = int(start.timestamp())
        self.micro = start.microsecond
        self._prefix()

    def _prefix(self) -> None:
        moment = datetime.fromtimestamp(self.second, UTC)
        self.date = moment.strftime("%Y-%m-%d")
        self.time = moment.strftime("%H:%M:%S")

    def tick(self) -> tuple[str, str, int]:
        self.micro += 1
        if self.micro == 1_000_000:
            self.second += 1
            self.micro = 0
            self._prefix()
        return self.date, self.time, self.micro


def seed_events(count: int, *, batch: int = 200_000, seed: int = 1, days: int = 0) -> SeedResult:
    """Append ``count`` synthetic events to the chain; returns how long it took.

    ``days`` 0: the events one microsecond apart, ending now. ``days`` N: spread
    over the last N days as an agency's reading is (see tiaki.audit.spread):
    weekday working hours mostly, and a few planted anomalies for access
    monitoring to find."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    now = timezone.now()
    stream: Iterator[tuple] = _uniform(rng, _Clock(now - timedelta(microseconds=count)))
    if days:
        from tiaki.audit.spread import spread_stream

        stream = spread_stream(rng, count, days=days, now=now, actors=_actor_roles())
    postgres = connection.vendor == "postgresql"
    done = 0
    last_seq = 0
    while done < count:
        size = min(batch, count - done)
        with transaction.atomic():
            head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
            events, subjects, last_seq, last_hash = _make(rng, stream, head.last_seq, head.last_hash, size, postgres)
            with connection.cursor() as cursor:
                if postgres:
                    with cursor.copy(f"COPY audit_auditevent ({_EVENT_COLUMNS}) FROM STDIN") as copy:
                        copy.write("".join(events))
                    with cursor.copy("COPY audit_auditsubject (subject_type, subject_id, event_id) FROM STDIN") as copy:
                        copy.write("".join(subjects))
                else:
                    cursor.executemany(
                        f"INSERT INTO audit_auditevent ({_EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})",  # noqa: S608 - fixed text
                        events,
                    )
                    cursor.executemany(
                        "INSERT INTO audit_auditsubject (subject_type, subject_id, event_id) VALUES (%s, %s, %s)",
                        subjects,
                    )
            AuditChainHead.objects.filter(pk=HEAD_PK).update(last_seq=last_seq, last_hash=last_hash)
        done += size
    return SeedResult(done, time.perf_counter() - started, last_seq)


def _actor_roles() -> list[tuple[str, str]]:
    roles = [Role.SOCIAL_WORKER.value] * 4 + [Role.SUPERVISOR.value, Role.CONTACT_CENTRE.value]
    return [(str(actor_id), roles[actor_id % len(roles)]) for actor_id in range(1, _ACTORS + 1)]


def _uniform(rng: random.Random, clock: _Clock) -> Iterator[tuple]:
    """The original stream: events one microsecond apart, 500 actors, 2% refused.
    Each item: (day, time, micro, actor_id, role, action, outcome, reason, relationship, person)."""
    actors = _actor_roles()
    allowed, refused = Outcome.ALLOWED.value, Outcome.REFUSED.value
    while True:
        day, clock_time, micro = clock.tick()
        actor_id, role = actors[rng.randrange(_ACTORS)]
        person = str(rng.randrange(1, _PERSONS + 1))
        if rng.random() < 0.02:
            outcome, reason, relationship = refused, "no_relationship", ""
        else:
            outcome, reason, relationship = allowed, "", f"allocated-case:{rng.randrange(1, 300_000)}"
        action = _ACTIONS[rng.randrange(10)]
        yield day, clock_time, micro, actor_id, role, action, outcome, reason, relationship, person


def _make(
    rng: random.Random, stream: Iterator[tuple], seq: int, prev: str, size: int, postgres: bool
) -> tuple[list, list, int, str]:
    """``size`` events after (seq, prev): COPY lines on PostgreSQL, parameter
    tuples on SQLite, with their subject rows."""
    events: list = []
    subjects: list = []
    sha256 = hashlib.sha256
    join = SEPARATOR.join
    for _ in range(size):
        seq += 1
        day, clock_time, micro, actor_id, role, action, outcome, reason, relationship, person = next(stream)
        occurred = f"{day}T{clock_time}.{micro:06d}Z"
        fields = (
            str(seq),
            occurred,
            actor_id,
            role,
            action,
            outcome,
            reason,
            relationship,
            "person",
            f"[{person}]",
            f"{rng.getrandbits(128):032x}",
            f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            prev,
        )
        prev = sha256(join(fields).encode()).hexdigest()
        if postgres:
            events.append("\t".join((*fields, prev)) + "\n")
            subjects.append(f"person\t{person}\t{seq}\n")
        else:
            stored = f"{day} {clock_time}.{micro:06d}"
            events.append((seq, stored, int(actor_id), *fields[3:], prev))
            subjects.append(("person", int(person), seq))
    return events, subjects, seq, prev
