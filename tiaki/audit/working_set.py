"""A working set of the trail for analysis (access monitoring,
tiaki.privacy.services.monitoring_pass), for both vendors: a temporary table
(``monitor_reads``) of the trail's person events in a seq range, ids and
codes only, with the expressions it needs (epoch seconds, the NZ date and
whether a moment is out of hours). Here because it is raw SQL over the
trail's own tables; it reads them and writes only its temporary table.

SQLite has no time zones, so there the NZ offset is a CASE over the
daylight-saving changes (computed here with zoneinfo) in the range.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db import connection

from tiaki.audit.actions import AuditAction

NZ = ZoneInfo("Pacific/Auckland")
TABLE = "monitor_reads"


def postgres() -> bool:
    return connection.vendor == "postgresql"


@lru_cache(maxsize=32)
def _nz_holidays(year: int) -> tuple[dt.date, ...]:
    return tuple(sorted(holidays.country_holidays("NZ", years=year).keys()))


def holidays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    days = [day for year in range(first.year, last.year + 1) for day in _nz_holidays(year)]
    return [day for day in days if first <= day <= last]


def _transitions(first: dt.datetime, last: dt.datetime) -> list[tuple[dt.datetime, int]]:
    """(UTC moment, NZ offset in hours from then on) for the years of the range."""
    start = dt.datetime(first.year - 1, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last.year + 1, 12, 31, tzinfo=dt.UTC)
    changes: list[tuple[dt.datetime, int]] = []
    moment = start
    offset = int(moment.astimezone(NZ).utcoffset().total_seconds() // 3600)  # type: ignore[union-attr]
    changes.append((moment, offset))
    while moment < end:
        moment += dt.timedelta(hours=1)
        now_offset = int(moment.astimezone(NZ).utcoffset().total_seconds() // 3600)  # type: ignore[union-attr]
        if now_offset != offset:
            offset = now_offset
            changes.append((moment, offset))
    return changes


def local_expr(column: str, first: dt.datetime, last: dt.datetime) -> str:
    """A moment as NZ wall-clock time (PostgreSQL timestamp; SQLite text)."""
    if postgres():
        return f"({column} AT TIME ZONE 'Pacific/Auckland')"
    changes = _transitions(first, last)
    cases = " ".join(
        f"WHEN {column} < '{moment.strftime('%Y-%m-%d %H:%M:%S')}' THEN '+{previous} hours'"
        for (moment, _offset), (_m, previous) in zip(changes[1:], changes, strict=False)
    )
    return f"datetime({column}, CASE {cases} ELSE '+{changes[-1][1]} hours' END)"


def epoch_expr(column: str) -> str:
    if postgres():
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def single_id_expr(column: str) -> str:
    """The one id of a one-subject event (NULL for none or several)."""
    cast, trim = ("BIGINT", "btrim") if postgres() else ("INTEGER", "trim")
    return (
        f"CASE WHEN {column} NOT LIKE '%%,%%' AND {column} NOT IN ('', '[]') "
        f"THEN CAST({trim}({column}, '[]') AS {cast}) END"
    )


def build(cursor, *, lo: int, hi: int, first: dt.datetime, last: dt.datetime, day_starts: dt.time,
          day_ends: dt.time, read_actions: tuple[str, ...]) -> None:  # fmt: skip
    """Make ``monitor_reads``: one row per person event (and emergency grant)
    with seq in [lo, hi]: seq, actor_id, t (epoch seconds), day (NZ date),
    off (out of hours: before day_starts, from day_ends, a weekend or a
    public holiday), is_read, refused, reason, line (2 allocated-, 1
    supervision-line, 0 other), action and person_id. ``read_actions``: the
    actions that count as opening a record (is_read)."""
    drop(cursor)
    local = local_expr("e.occurred_at", first, last)
    pg = postgres()
    day = "CAST(l AS date)" if pg else "date(l)"
    clock = "CAST(l AS time)" if pg else "strftime('%%H:%%M:%%S', l)"
    weekend = "EXTRACT(ISODOW FROM l) >= 6" if pg else "strftime('%%w', l) IN ('0', '6')"
    # The years around both ends: seq follows time only to within a few ms (and not at all in planted tests).
    years = sorted({first.year, last.year})
    days_off = holidays_between(dt.date(years[0] - 1, 1, 1), dt.date(years[-1] + 1, 12, 31))
    reads = read_actions or ("",)
    starts, ends = (day_starts, day_ends) if pg else (day_starts.isoformat(), day_ends.isoformat())
    off_params = [starts, ends, *(holiday if pg else holiday.isoformat() for holiday in days_off)]
    sql = f"""
        CREATE TEMPORARY TABLE {TABLE} AS
        SELECT seq, actor_id, t, {day} AS day,
               CASE WHEN {weekend} OR {clock} < %s OR {clock} >= %s
                         OR {day} IN ({", ".join(["%s"] * len(days_off))}) THEN 1 ELSE 0 END AS off,
               CASE WHEN action IN ({", ".join(["%s"] * len(reads))}) THEN 1 ELSE 0 END AS is_read,
               CASE WHEN outcome = 'refused' THEN 1 ELSE 0 END AS refused,
               reason,
               CASE WHEN relationship LIKE 'allocated-%%' THEN 2
                    WHEN relationship LIKE 'supervision-line:%%' THEN 1 ELSE 0 END AS line,
               action, person_id
        FROM (
            SELECT e.seq, e.actor_id, e.action, e.outcome, e.reason, e.relationship,
                   {epoch_expr("e.occurred_at")} AS t, {local} AS l, {single_id_expr("e.subject_ids")} AS person_id
            FROM audit_auditevent e
            WHERE e.seq >= %s AND e.seq <= %s AND e.actor_id IS NOT NULL
              AND (e.subject_type = 'person' OR e.action = %s)
        ) AS events
    """  # noqa: S608 - fixed text; values are parameters
    cursor.execute(sql, [*off_params, *reads, lo, hi, AuditAction.BREAKGLASS_OPEN.value])
    if pg:
        cursor.execute(f"ANALYZE {TABLE}")


def drop(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
