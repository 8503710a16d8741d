"""Synthetic events spread over days as an agency reads (`tiaki audit
seed-events N --days D`), for access monitoring's benchmark.

Weekday working hours (08:00 to 18:00, Pacific/Auckland, not a public
holiday) carry about 99% of the reading; the rest is thinly spread over
evenings, nights and weekends. Refused reads (2%) are of people the reader
has never read. On top, a few planted anomalies by actors 1 to 7 (on a
database seeded by `tiaki seed`, real staff accounts), one for each rule
that needs no other table:

1. 500 different people in one minute, almost all refused (enumeration);
2. 25 refusals in five minutes (enumeration-refusals);
3. 30 reads at 23:00 (out-of-hours);
4. 1,500 reads more than usual on one day (volume);
5. four emergency grants in five days (breakglass-frequent);
6. one refused attempt on a sealed record (sealed-attempt);
7. a refused read the day after an allowed one through an allocation (after-relationship).

Ids only; the events describe nobody.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from tiaki.audit.actions import AuditAction, Outcome
from tiaki.timeframes.working_days import _public_holidays

NZ = ZoneInfo("Pacific/Auckland")
_HOUR_US = 3_600_000_000
#: An hour out of the working day carries this much of a working hour's reading.
_OFF_HOURS_WEIGHT = 0.004
_PERSONS = 1_000_000
#: Refused reads are of people from this range: nobody's allocated.
_REFUSED_FROM = 1_000_001
_REFUSED_SPAN = 100_000
#: Planted anomalies' people.
_PLANTED_FROM = 2_000_001

_READ = AuditAction.PERSON_READ.value
_ACTIONS = [_READ] * 8 + [AuditAction.PERSON_SEARCH.value, AuditAction.PERSON_UPDATE.value]


def _working_hour(local: dt.datetime) -> bool:
    day = local.date()
    return day.weekday() < 5 and day not in _public_holidays(day.year) and 8 <= local.hour < 18


def _us(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def _at(now: dt.datetime, days_ago: int, hour: int, minute: int = 0) -> int:
    """Epoch microseconds of ``hour:minute`` NZ time ``days_ago`` days before now."""
    day = now.astimezone(NZ).date() - dt.timedelta(days=days_ago)
    return _us(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NZ))


def planted(now: dt.datetime) -> list[tuple]:
    """The anomalies, each (epoch us, actor, action, outcome, reason, relationship, person)."""
    allowed, refused = Outcome.ALLOWED.value, Outcome.REFUSED.value
    rows: list[tuple] = []
    start = _at(now, 5, 10)
    for i in range(500):  # 1: enumeration, 500 people in a minute
        outcome, reason = (allowed, "") if i % 25 == 0 else (refused, "no_relationship")
        rows.append((start + i * 120_000, 1, _READ, outcome, reason, "", _PLANTED_FROM + i))
    start = _at(now, 12, 14)
    for i in range(25):  # 2: refusals
        rows.append((start + i * 12_000_000, 2, _READ, refused, "no_relationship", "", _PLANTED_FROM + 1000 + i))
    start = _at(now, 20, 23)
    for i in range(30):  # 3: out of hours
        rows.append((start + i * 60_000_000, 3, _READ, allowed, "", f"allocated-case:{i + 1}", i + 1))
    start = _at(now, 8, 9)
    for i in range(1500):  # 4: volume, 09:00 to 17:00
        rows.append((start + i * 19_200_000, 4, _READ, allowed, "", f"allocated-case:{i + 1}", 1 + i * 7))
    for days_ago in (30, 29, 27, 26):  # 5: emergency grants
        rows.append((_at(now, days_ago, 11), 5, AuditAction.BREAKGLASS_OPEN.value, allowed, "", "", 4242 + days_ago))
    rows.append((_at(now, 15, 10, 30), 6, _READ, refused, "sealed", "", _PLANTED_FROM + 2000))  # 6
    person = _PLANTED_FROM + 3000  # 7: allowed through an allocation, refused the next day
    rows.append((_at(now, 3, 9), 7, _READ, allowed, "", "allocated-case:77", person))
    rows.append((_at(now, 2, 9), 7, _READ, refused, "no_relationship", "", person))
    horizon = _us(now)
    return sorted(row for row in rows if row[0] < horizon)


def _normal(rng: random.Random, count: int, *, days: int, now: dt.datetime, actors: list) -> Iterator[tuple]:
    """``count`` ordinary events over the last ``days`` days, in time order."""
    first = (now - dt.timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    hours = days * 24
    weights = []
    for h in range(hours):
        local = (first + dt.timedelta(hours=h)).astimezone(NZ)
        weights.append(1.0 if _working_hour(local) else _OFF_HOURS_WEIGHT)
    total = sum(weights)
    start_us = _us(first)
    allowed, refused = Outcome.ALLOWED.value, Outcome.REFUSED.value
    n_actors = len(actors)
    done = 0
    cumulative = 0.0
    for h, weight in enumerate(weights):
        cumulative += weight
        upto = count if h == hours - 1 else round(count * cumulative / total)
        n = upto - done
        done = upto
        slot = start_us + h * _HOUR_US
        for k in range(n):
            actor_id, role = actors[rng.randrange(n_actors)]
            if rng.random() < 0.02:
                person = rng.randrange(_REFUSED_FROM, _REFUSED_FROM + _REFUSED_SPAN)
                outcome, reason, relationship = refused, "no_relationship", ""
            else:
                person = rng.randrange(1, _PERSONS + 1)
                outcome, reason, relationship = allowed, "", f"allocated-case:{rng.randrange(1, 300_000)}"
            yield (slot + k * _HOUR_US // n, actor_id, role, _ACTIONS[rng.randrange(10)], outcome, reason,
                   relationship, person)  # fmt: skip


def spread_stream(
    rng: random.Random, count: int, *, days: int, now: dt.datetime, actors: list[tuple[str, str]]
) -> Iterator[tuple]:
    """bulk._make's items: ``count`` events in all (the planted ones included)."""
    roles = dict(actors)
    plants = [(t, str(a), roles.get(str(a), "social_worker"), *rest) for t, a, *rest in planted(now)]
    plants = plants[:count]
    merged = heapq.merge(_normal(rng, count - len(plants), days=days, now=now, actors=actors), plants)
    second = -1
    day = clock = ""
    for t, actor_id, role, action, outcome, reason, relationship, person in merged:
        if t // 1_000_000 != second:
            second = t // 1_000_000
            moment = dt.datetime.fromtimestamp(second, dt.UTC)
            day, clock = moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")
        yield day, clock, t % 1_000_000, actor_id, role, action, outcome, reason, relationship, str(person)
    raise RuntimeError("the spread stream ran out")  # never reached: seed_events asks for exactly count
