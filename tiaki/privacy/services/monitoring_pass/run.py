"""A monitoring pass: read the trail's new events (incremental: from the
last pass's ``to_seq``; full: all of it, rebuilding ActorDayVolume), run
each enabled rule's detector, and raise what they find as AccessAlerts, in
one transaction with the pass's MonitoringRun, so a pass that fails leaves
nothing half done and the next one starts where the last good one stopped.

An alert's dedupe key (rule, actor, window) makes a second pass over the
same events raise nothing twice: an open alert whose window grew is brought
up to date instead (its count, last seq and ids), so incremental passes and
a full pass agree.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction
from django.utils import timezone

from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit import working_set as sql
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditChainHead
from tiaki.privacy.models import AccessAlert, ActorDayVolume, MonitoringRule, MonitoringRun
from tiaki.privacy.services.monitoring_pass.defaults import rules_ensure
from tiaki.privacy.services.monitoring_pass.detectors import DETECTORS, Candidate, Pass
from tiaki.staff.models import User

Code = MonitoringRule.Code
#: Rules counted in fixed windows over the working set (their look-back is the window's start).
_WINDOWED = (Code.ENUMERATION_REFUSALS, Code.ENUMERATION_DISTINCT, Code.COLLEAGUE_RECORD, Code.NEWS_RECORD,
             Code.SEALED_ATTEMPT)  # fmt: skip
_DEFAULT_DAY = (dt.time(7, 0), dt.time(19, 0))
#: Events' times follow seq to within this (record() stamps them just before taking the head's lock).
_SLACK = dt.timedelta(minutes=1)
_LOCK = 1_701_717  # pg_advisory_xact_lock key: one pass at a time


def _read_actions() -> tuple[str, ...]:
    """Reads: actions whose event opens a record (not lists, not changes), as the audit search words them."""
    from tiaki.privacy.words import ACTIONS

    return tuple(sorted(action.value for action, words in ACTIONS.items() if words.kind == "opened"))


def _occurred(seq: int) -> dt.datetime | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT occurred_at FROM audit_auditevent WHERE seq >= %s ORDER BY seq LIMIT 1", [seq])
        row = cursor.fetchone()
    if row is None:
        return None
    moment = row[0]
    if isinstance(moment, str):  # pragma: no cover - SQLite without converters
        moment = dt.datetime.fromisoformat(moment)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


def _first_seq_at(moment: dt.datetime, upper: int) -> int:
    """The first seq at or after ``moment`` (a binary search on the key: seq follows time)."""
    low, high = 1, upper
    while low < high:
        middle = (low + high) // 2
        at = _occurred(middle)
        if at is not None and at >= moment:
            high = middle
        else:
            low = middle + 1
    return low


def _look_back(rules: dict[str, MonitoringRule], lo: int, hi: int) -> int:
    """The first seq the working set needs: the start of the earliest window the new events fall in."""
    start = _occurred(lo)
    if start is None:
        return lo
    sizes = [rules[code].window_minutes * 60 for code in _WINDOWED if code in rules]
    if not sizes:
        return lo
    epoch = int(start.timestamp())
    earliest = min(epoch - epoch % size for size in sizes)
    return min(lo, _first_seq_at(dt.datetime.fromtimestamp(earliest, dt.UTC) - _SLACK, lo))


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _day_volumes(cursor, *, full: bool, lo: int) -> set[tuple[int, dt.date]]:
    """Add the new events' reads to ActorDayVolume (full: rebuild it); the (actor, day) pairs changed."""
    cursor.execute(
        f"SELECT actor_id, day, SUM(CASE WHEN is_read = 1 AND refused = 0 THEN 1 ELSE 0 END), "  # noqa: S608
        f"SUM(CASE WHEN is_read = 1 AND refused = 0 AND off = 1 THEN 1 ELSE 0 END) FROM {sql.TABLE} "
        f"WHERE seq >= %s GROUP BY actor_id, day",
        [lo],
    )
    counted = {(int(a), _as_date(d)): (int(r), int(o)) for a, d, r, o in cursor.fetchall() if r}
    if full:
        ActorDayVolume.objects.all().delete()
        ActorDayVolume.objects.bulk_create(
            [ActorDayVolume(actor_id=a, day=d, reads=r, out_of_hours=o) for (a, d), (r, o) in counted.items()],
            batch_size=5000,
        )
        return set(counted)
    if not counted:
        return set()
    actors = {a for a, _ in counted}
    days = [d for _, d in counted]
    existing = {
        (row.actor_id, row.day): row
        for row in ActorDayVolume.objects.filter(actor_id__in=actors, day__gte=min(days), day__lte=max(days))
    }
    changed, new = [], []
    for key, (reads, off) in counted.items():
        row = existing.get(key)
        if row is None:
            new.append(ActorDayVolume(actor_id=key[0], day=key[1], reads=reads, out_of_hours=off))
        else:
            row.reads += reads
            row.out_of_hours += off
            changed.append(row)
    ActorDayVolume.objects.bulk_update(changed, ["reads", "out_of_hours"], batch_size=2000)
    ActorDayVolume.objects.bulk_create(new, batch_size=2000)
    return set(counted)


@service(AuditAction.ACCESS_ALERT_RAISE)
def alerts_raise(*, candidates: list[Candidate], now: dt.datetime) -> int:
    """Raise the candidates not raised before (by dedupe key), bring open ones
    up to date, and tell privacy officers once (counts only). One audit event
    for the pass, naming the new alerts (no actor: the job). Returns how many are new."""
    if not candidates:
        return 0
    by_key: dict[str, Candidate] = {}
    for candidate in candidates:
        kept = by_key.get(candidate.dedupe_key)
        if kept is None or candidate.count > kept.count:
            by_key[candidate.dedupe_key] = candidate
    with writing(None, subject_type="access_alert") as step:
        existing = {alert.dedupe_key: alert for alert in AccessAlert.objects.filter(dedupe_key__in=list(by_key))}
        grown = []
        for key, candidate in by_key.items():
            alert = existing.get(key)
            if alert is not None and alert.status == AccessAlert.Status.OPEN and candidate.count > alert.count:
                alert.count = candidate.count
                alert.first_seq = min(alert.first_seq, candidate.first_seq)
                alert.last_seq = max(alert.last_seq, candidate.last_seq)
                alert.detail = candidate.detail
                alert.version += 1
                grown.append(alert)
        AccessAlert.objects.bulk_update(grown, ["count", "first_seq", "last_seq", "detail", "version"])
        new = [
            AccessAlert(
                rule=c.rule, actor_id=c.actor_id, window_start=c.window_start, window_end=c.window_end,
                count=c.count, threshold=c.threshold, detail=c.detail, first_seq=c.first_seq, last_seq=c.last_seq,
                dedupe_key=key, raised_at=now,
            )
            for key, c in by_key.items()
            if key not in existing
        ]  # fmt: skip
        created = AccessAlert.objects.bulk_create(new)
        if not created:
            step.nothing_done()
            return 0
        ids = [alert.pk for alert in created if alert.pk is not None]
        if not ids:  # pragma: no cover - backends that do not return keys
            ids = list(
                AccessAlert.objects.filter(dedupe_key__in=[a.dedupe_key for a in new]).values_list("pk", flat=True)
            )
        step.subject_ids = sorted(ids)
        _tell_officers(len(ids))
    return len(ids)


def _tell_officers(count: int) -> None:
    from tiaki.inbox.models import Notification
    from tiaki.inbox.services import notification_send

    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("pk"))
    if not officers:
        return
    said = f"Access monitoring raised {count} new alert{'s' if count != 1 else ''} for the privacy office to triage."
    notification_send(users=officers, kind=Notification.Kind.ACCESS_ALERT, text=said,
                      email_text="Access monitoring raised new alerts for the privacy office to triage.")  # fmt: skip


def monitoring_run(*, kind: str, now: dt.datetime | None = None) -> MonitoringRun:
    """One pass over the trail (``kind`` "full" or "incremental"; an incremental
    pass with no pass before it is a full one). Returns its MonitoringRun."""
    now = now or timezone.now()
    started = time.monotonic()
    kind = MonitoringRun.Kind(kind)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        hi = AuditChainHead.objects.values_list("last_seq", flat=True).get()
        last = MonitoringRun.objects.filter(finished_at__isnull=False).order_by("-to_seq", "-pk").first()
        if kind == MonitoringRun.Kind.INCREMENTAL and last is None:
            kind = MonitoringRun.Kind.FULL
        lo = 1 if kind == MonitoringRun.Kind.FULL else last.to_seq + 1  # type: ignore[union-attr]
        rules_ensure()
        rules = {rule.code: rule for rule in MonitoringRule.objects.filter(enabled=True)}
        run = MonitoringRun(kind=kind, started_at=now, from_seq=lo, to_seq=max(hi, lo - 1))
        if lo <= hi:
            run.events_scanned = hi - lo + 1
            run.alerts_raised = _pass(rules, lo=lo, hi=hi, full=kind == MonitoringRun.Kind.FULL, now=now)
        run.finished_at = now + dt.timedelta(seconds=time.monotonic() - started)
        run.save()
    return run


def _pass(rules: dict[str, MonitoringRule], *, lo: int, hi: int, full: bool, now: dt.datetime) -> int:
    look_lo = 1 if full else _look_back(rules, lo, hi)
    first, last = _occurred(look_lo), _occurred(hi)
    hours = rules.get(Code.OUT_OF_HOURS)
    day_starts = (hours.day_starts if hours else None) or _DEFAULT_DAY[0]
    day_ends = (hours.day_ends if hours else None) or _DEFAULT_DAY[1]
    with connection.cursor() as cursor:
        sql.build(cursor, lo=look_lo, hi=hi, first=first or now, last=last or now, day_starts=day_starts,
                  day_ends=day_ends, read_actions=_read_actions())  # fmt: skip
        touched = _day_volumes(cursor, full=full, lo=lo)
        known = set(User.objects.values_list("pk", flat=True))
        state = Pass(cursor=cursor, lo=lo, hi=hi, rules=rules, known=known, days_touched=touched)
        candidates: list[Candidate] = []
        for code, detector in DETECTORS.items():
            if code in rules:
                candidates += detector(state, rules[code])
        # On an error the pass's transaction rolls back, and the temporary table with it.
        sql.drop(cursor)
    return alerts_raise(candidates=candidates, now=now)
