"""The nine detectors, one per MonitoringRule.Code. Each reads the pass's
working set (``monitor_reads``, tiaki.audit.working_set) and, where its
window reaches further back than the pass, the trail's own indexes (the
actor and time index, the subject index); each returns the alerts its rule
finds that touch the new events (seq >= ``lo``), as Candidates.

Windows are fixed buckets counted from the epoch (10:00-10:10, 10:10-10:20
for a 10-minute window; UTC days for a day), so a pass run again, or a full
pass after incremental ones, finds the same bucket and the same dedupe key.
The volume and out-of-hours rules count per NZ day (ActorDayVolume).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from tiaki.access.models import StaffSubjectLink
from tiaki.audit.actions import AuditAction
from tiaki.audit.working_set import NZ, TABLE, epoch_expr
from tiaki.privacy.models import ActorDayVolume, MonitoringRule, WatchedRecord

Code = MonitoringRule.Code
#: Ids kept in an alert's detail.
MAX_IDS = 50
#: The volume rule's look-back for the usual day, and the days with reads it needs first.
USUAL_DAYS = 28
USUAL_MIN_DAYS = 10


@dataclass
class Candidate:
    rule: str
    actor_id: int
    bucket: str
    window_start: dt.datetime
    window_end: dt.datetime
    count: int
    threshold: int
    first_seq: int
    last_seq: int
    detail: dict = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return f"{self.rule}:{self.actor_id}:{self.bucket}"


@dataclass
class Pass:
    cursor: object
    lo: int
    hi: int
    rules: dict[str, MonitoringRule]
    #: Staff accounts: an actor id with none (the trail outlives accounts) raises nothing.
    known: set[int] = field(default_factory=set)
    #: (actor_id, NZ day) pairs whose day counts this pass changed.
    days_touched: set[tuple[int, dt.date]] = field(default_factory=set)


def _moment(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _param(moment: dt.datetime) -> object:
    """A moment as the backend stores it (SQLite: UTC text), for raw SQL."""
    return connection.ops.adapt_datetimefield_value(moment)


def _seconds(rule: MonitoringRule) -> int:
    return rule.window_minutes * 60


def _bucketed(p: Pass, rule: MonitoringRule, rows: list[tuple]) -> list[Candidate]:
    """Group rows (actor_id, t, seq, person_id) by actor and window bucket."""
    size = _seconds(rule)
    groups: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for actor_id, t, seq, person_id in rows:
        groups[(actor_id, int(t) // size)].append((seq, person_id))
    found = []
    for (actor_id, bucket), items in groups.items():
        seqs = [seq for seq, _ in items]
        if len(items) < rule.threshold or max(seqs) < p.lo or actor_id not in p.known:
            continue
        ids = sorted({person for _, person in items if person is not None})
        found.append(_window(rule, actor_id, bucket, len(items), min(seqs), max(seqs), {"person_ids": ids[:MAX_IDS]}))
    return found


def _window(rule: MonitoringRule, actor_id: int, bucket: int, count: int, first: int, last: int,
            detail: dict) -> Candidate:  # fmt: skip
    size = _seconds(rule)
    return Candidate(rule=rule.code, actor_id=int(actor_id), bucket=str(bucket), window_start=_moment(bucket * size),
                     window_end=_moment((bucket + 1) * size), count=int(count), threshold=rule.threshold,
                     first_seq=int(first), last_seq=int(last), detail=detail)  # fmt: skip


def _person_ids(p: Pass, actor_id: int, start: dt.datetime, end: dt.datetime, *, refused: bool | None) -> list[int]:
    """Up to MAX_IDS people an actor's events name in a window (the trail's actor/time index)."""
    outcome = "" if refused is None else ("AND outcome = 'refused'" if refused else "AND outcome = 'allowed'")
    p.cursor.execute(  # type: ignore[attr-defined]
        f"SELECT subject_ids FROM audit_auditevent WHERE actor_id = %s AND occurred_at >= %s AND occurred_at < %s "  # noqa: S608
        f"AND subject_type = 'person' {outcome} ORDER BY seq",
        [actor_id, _param(start), _param(end)],
    )
    ids: set[int] = set()
    for (text,) in p.cursor.fetchall():  # type: ignore[attr-defined]
        ids.update(json.loads(text or "[]"))
        if len(ids) >= MAX_IDS * 4:
            break
    return sorted(ids)[:MAX_IDS]


def _grouped(p: Pass, rule: MonitoringRule, where: str, *, distinct: bool) -> list[Candidate]:
    """Count per actor and bucket in SQL (the rules that count thousands of rows)."""
    size = _seconds(rule)
    counted = "COUNT(DISTINCT person_id)" if distinct else "COUNT(*)"
    p.cursor.execute(  # type: ignore[attr-defined]
        f"SELECT actor_id, t / {size} AS b, {counted}, MIN(seq), MAX(seq) FROM {TABLE} WHERE {where} "  # noqa: S608
        f"GROUP BY actor_id, t / {size} HAVING {counted} >= %s AND MAX(seq) >= %s",
        [rule.threshold, p.lo],
    )
    found = []
    for actor_id, bucket, count, first, last in p.cursor.fetchall():  # type: ignore[attr-defined]
        if actor_id not in p.known:
            continue
        candidate = _window(rule, actor_id, int(bucket), count, first, last, {})
        ids = _person_ids(p, candidate.actor_id, candidate.window_start, candidate.window_end,
                          refused=None if distinct else True)  # fmt: skip
        candidate.detail = {"person_ids": ids}
        found.append(candidate)
    return found


def enumeration_refusals(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Many refused person events by one actor in a window."""
    return _grouped(p, rule, "refused = 1", distinct=False)


def enumeration_distinct(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Many different people read (allowed or refused) by one actor in a window."""
    return _grouped(p, rule, "is_read = 1 AND person_id IS NOT NULL", distinct=True)


def _rows(p: Pass, sql: str, params: list) -> list[tuple]:
    p.cursor.execute(sql, params)  # type: ignore[attr-defined]
    return list(p.cursor.fetchall())  # type: ignore[attr-defined]


def sealed_attempt(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Refused attempts on sealed records."""
    rows = _rows(p, f"SELECT actor_id, t, seq, person_id FROM {TABLE} WHERE refused = 1 AND reason = 'sealed'", [])  # noqa: S608
    return _bucketed(p, rule, rows)


def colleague_record(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Reading (or trying to read) a staff member's own record, by anyone else."""
    links = StaffSubjectLink._meta.db_table
    rows = _rows(
        p,
        f"SELECT r.actor_id, r.t, r.seq, r.person_id FROM {TABLE} r JOIN {links} l "  # noqa: S608
        f"ON l.person_id = r.person_id AND l.kind = %s WHERE r.is_read = 1 AND l.user_id <> r.actor_id",
        [StaffSubjectLink.Kind.SELF.value],
    )
    return _bucketed(p, rule, rows)


def news_record(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Reading a watched record other than through an allocation or supervision line (or refused)."""
    watched = list(WatchedRecord.objects.filter(removed_at__isnull=True).values_list("person_id", "added_at", "until"))
    if not watched:
        return []
    clauses, params = [], []
    for person_id, added_at, until in watched:
        end = (
            dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=NZ)
            if until
            else dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
        )
        clauses.append("(person_id = %s AND t >= %s AND t < %s)")
        params += [person_id, int(added_at.timestamp()), int(min(end.timestamp(), 253_402_300_000))]
    rows = _rows(
        p,
        f"SELECT actor_id, t, seq, person_id FROM {TABLE} WHERE is_read = 1 AND (refused = 1 OR line = 0) "  # noqa: S608
        f"AND ({' OR '.join(clauses)})",
        params,
    )
    return _bucketed(p, rule, rows)


def after_relationship(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """A refused read of a person the actor read through an allocation within the window before."""
    size = _seconds(rule)
    rows = _rows(
        p,
        f"""SELECT r.actor_id, r.t, r.seq, r.person_id FROM {TABLE} r
            WHERE r.refused = 1 AND r.is_read = 1 AND r.person_id IS NOT NULL AND r.seq >= %s
              AND EXISTS (
                SELECT 1 FROM audit_auditsubject s JOIN audit_auditevent e ON e.seq = s.event_id
                WHERE s.subject_type = 'person' AND s.subject_id = r.person_id AND s.event_id < r.seq
                  AND e.actor_id = r.actor_id AND e.outcome = 'allowed' AND e.relationship LIKE 'allocated-%%'
                  AND {epoch_expr("e.occurred_at")} >= r.t - %s)""",  # noqa: S608
        [p.lo, size],
    )
    return _bucketed(p, rule, rows)


def breakglass_frequent(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Emergency grants by one actor: threshold within the window before any new one."""
    size = _seconds(rule)
    grants = _rows(
        p,
        f"SELECT actor_id, t, seq FROM {TABLE} WHERE action = %s AND refused = 0 AND seq >= %s ORDER BY seq",  # noqa: S608
        [AuditAction.BREAKGLASS_OPEN.value, p.lo],
    )
    best: dict[tuple[int, int], Candidate] = {}
    for actor_id, t, seq in grants:
        if actor_id not in p.known:
            continue
        t = int(t)
        found = _rows(
            p,
            "SELECT COUNT(*), MIN(seq) FROM audit_auditevent WHERE actor_id = %s AND occurred_at > %s "
            "AND occurred_at <= %s AND action = %s AND outcome = 'allowed' AND seq <= %s",
            [actor_id, _param(_moment(t - size)), _param(_moment(t + 1)), AuditAction.BREAKGLASS_OPEN.value, seq],
        )
        count, first = found[0]
        if count < rule.threshold:
            continue
        key = (int(actor_id), t // size)
        if key not in best or count > best[key].count:
            best[key] = _window(rule, actor_id, t // size, count, first, seq, {"grants": int(count)})
    return list(best.values())


def _nz_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(day, dt.time.min, tzinfo=NZ),
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=NZ),
    )


def _day_candidate(p: Pass, rule: MonitoringRule, actor_id: int, day: dt.date, count: int,
                   detail: dict) -> Candidate | None:  # fmt: skip
    start, end = _nz_day_bounds(day)
    first, last = _rows(
        p,
        "SELECT MIN(seq), MAX(seq) FROM audit_auditevent WHERE actor_id = %s AND occurred_at >= %s "
        "AND occurred_at < %s AND subject_type = 'person' AND outcome = 'allowed'",
        [actor_id, _param(start), _param(end)],
    )[0]
    if first is None:
        return None
    return Candidate(rule=rule.code, actor_id=actor_id, bucket=day.isoformat(), window_start=start, window_end=end,
                     count=count, threshold=rule.threshold, first_seq=first, last_seq=last,
                     detail={"day": day.isoformat(), **detail})  # fmt: skip


def _volumes(p: Pass) -> dict[tuple[int, dt.date], ActorDayVolume]:
    if not p.days_touched:
        return {}
    actors = {actor for actor, _ in p.days_touched}
    days = [day for _, day in p.days_touched]
    rows = ActorDayVolume.objects.filter(
        actor_id__in=actors, day__gte=min(days) - dt.timedelta(days=USUAL_DAYS), day__lte=max(days)
    )
    return {(row.actor_id, row.day): row for row in rows}


def out_of_hours(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """Many reads on one NZ day outside the working day (or on a weekend or public holiday)."""
    volumes = _volumes(p)
    found = []
    for actor_id, day in sorted(p.days_touched):
        row = volumes.get((actor_id, day))
        if row is None or row.out_of_hours < rule.threshold or actor_id not in p.known:
            continue
        candidate = _day_candidate(p, rule, actor_id, day, row.out_of_hours, {"reads": row.reads})
        if candidate:
            found.append(candidate)
    return found


def volume(p: Pass, rule: MonitoringRule) -> list[Candidate]:
    """An NZ day's reads at or above the threshold and factor x the actor's usual (median) day."""
    volumes = _volumes(p)
    by_actor: dict[int, list[ActorDayVolume]] = defaultdict(list)
    for counted in volumes.values():
        by_actor[counted.actor_id].append(counted)
    factor = rule.factor or Decimal("3")
    found = []
    for actor_id, day in sorted(p.days_touched):
        row = volumes.get((actor_id, day))
        if row is None or row.reads < rule.threshold or actor_id not in p.known:
            continue
        earlier = [
            other.reads
            for other in by_actor[actor_id]
            if day - dt.timedelta(days=USUAL_DAYS) <= other.day < day and other.reads > 0
        ]
        if len(earlier) < USUAL_MIN_DAYS:
            continue  # no usual pattern yet
        usual = statistics.median(earlier)
        if row.reads < factor * Decimal(str(usual)):
            continue
        candidate = _day_candidate(p, rule, actor_id, day, row.reads, {"usual": float(usual), "days": len(earlier)})
        if candidate:
            found.append(candidate)
    return found


DETECTORS: dict[str, Callable[[Pass, MonitoringRule], list[Candidate]]] = {
    Code.ENUMERATION_REFUSALS: enumeration_refusals,
    Code.ENUMERATION_DISTINCT: enumeration_distinct,
    Code.VOLUME: volume,
    Code.OUT_OF_HOURS: out_of_hours,
    Code.BREAKGLASS_FREQUENT: breakglass_frequent,
    Code.COLLEAGUE_RECORD: colleague_record,
    Code.NEWS_RECORD: news_record,
    Code.SEALED_ATTEMPT: sealed_attempt,
    Code.AFTER_RELATIONSHIP: after_relationship,
}
