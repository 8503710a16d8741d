"""Reading the chronology: a child's whole history, or a whānau's children
merged, newest first, filtered and paged by keyset.

Need-to-know is decided once per child (scoping.person_decision), not per
entry: every entry about a child the reader may see is theirs to see, and
SENSITIVE entries are masked unless the decision allows SENSITIVE fields
(break-glass never does). Opening a chronology is one audit event per view
naming the children, written in the read's transaction (tiaki.access.paths).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.people.models import Person, PersonName, Relationship
from tiaki.people.record_facts import RecentEntry, WorkFacts
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

Kind = ChronologyEntry.Kind
PAGE_SIZE = 50
_LABELS: dict[str, str] = {value: str(label) for value, label in Kind.choices}
#: Most children one whānau chronology merges.
WHANAU_LIMIT = 20
_COLUMNS = "id, person_id, occurred_at, kind, significant, sensitive, title, summary, case_id, report_id, source_id"


class ChronologyInputError(ValueError):
    """A filter or page marker the reader sent cannot be used; the message says why."""


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()
    since: dt.date | None = None
    until: dt.date | None = None
    significant_only: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(Kind.values)
        if unknown:
            raise ChronologyInputError(f"Unknown event type: {', '.join(sorted(unknown))}.")
        if self.since and self.until and self.since > self.until:
            raise ChronologyInputError("The 'from' date is after the 'to' date.")

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.since or self.until or self.significant_only)


@dataclass(frozen=True)
class Entry:
    id: int
    person_id: int
    occurred_at: dt.datetime
    kind: str
    kind_label: str
    significant: bool
    #: True when the title and summary were withheld (SENSITIVE, reader lacks the field permission).
    masked: bool
    title: str
    summary: str
    case_id: int | None
    report_id: int | None
    source_id: int
    #: In a whānau chronology, every child this event is about (an event about two siblings shows once).
    person_ids: tuple[int, ...] = ()
    #: Statements of correction attached to the entry's source (tiaki.chronology.models.CorrectionStatement),
    #: oldest first: each a Statement (a str with its ``recorded_at``). None on a masked entry.
    statements: list[str] = field(default_factory=list)


@dataclass
class ChronologyPage:
    person_ids: list[int]
    names: dict[int, str]
    entries: list[Entry]
    filters: Filters
    next_cursor: str | None
    relationships: dict[int, str] = field(default_factory=dict)
    #: Whānau members whose chronology the reader may not open (a count only).
    not_shown: int = 0

    @property
    def via_break_glass(self) -> bool:
        return any(r.startswith("break-glass:") for r in self.relationships.values())


class Statement(str):
    """A statement of correction's words, with when it was recorded and whose it is."""

    recorded_at: dt.datetime
    person_id: int

    def __new__(cls, text: str, recorded_at: dt.datetime, person_id: int) -> Statement:
        made = super().__new__(cls, text)
        made.recorded_at = recorded_at
        made.person_id = person_id
        return made


def statements_for(sources: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[Statement]]:
    """The statements of correction attached to each (kind, source id),
    oldest first, in one query on the (kind, source_id) index."""
    wanted = set(sources)
    if not wanted:
        return {}
    rows = CorrectionStatement.objects.filter(
        kind__in=sorted({kind for kind, _ in wanted}), source_id__in=sorted({sid for _, sid in wanted})
    ).order_by("recorded_at", "pk")
    found: dict[tuple[str, int], list[Statement]] = {}
    for kind, source_id, person_id, text, recorded_at in rows.values_list(
        "kind", "source_id", "person_id", "text", "recorded_at"
    ):
        if (kind, source_id) in wanted:
            found.setdefault((kind, source_id), []).append(Statement(text, recorded_at, person_id))
    return found


def _with_statements(entries: list[Entry]) -> list[Entry]:
    """The page's entries, each carrying the statements of correction its
    people made about its source (one query for the page). A person's
    statement shows in their own chronology, not a sibling's who shares the
    event; none on a masked entry, whose words are withheld."""
    shown = [e for e in entries if not e.masked]
    found = statements_for((e.kind, e.source_id) for e in shown)
    for entry in shown:
        people = entry.person_ids or (entry.person_id,)
        entry.statements.extend(s for s in found.get((entry.kind, entry.source_id), []) if s.person_id in people)
    return entries


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def encode_cursor(occurred_at: dt.datetime, entry_id: int) -> str:
    # Whole microseconds by integer arithmetic: float seconds lose the last
    # digit for some instants (1974, 2039...), and a cursor one microsecond
    # off makes _rows skip the entries tied with the page's last one.
    micros = (occurred_at - _EPOCH) // _MICROSECOND
    return f"{micros}.{entry_id}"


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        micros, entry_id = cursor.split(".", 1)
        return _EPOCH + dt.timedelta(microseconds=int(micros)), int(entry_id)
    except (ValueError, OverflowError, OSError):
        raise ChronologyInputError("That page marker is not valid: start again from the first page.") from None


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _rows(person_id: int, filters: Filters, cursor: str | None, limit: int) -> list[tuple[Any, ...]]:
    """One child's entries newest first, as tuples of _COLUMNS."""
    sql, params = _rows_sql(person_id, filters, cursor, limit)
    with connection.cursor() as db:
        db.execute(sql, params)
        return _typed(db.fetchall())


def _rows_and_name(
    person_id: int, filters: Filters, cursor: str | None, limit: int
) -> tuple[list[tuple[Any, ...]], str]:
    """_rows, with the child's display name riding on each row (one
    round trip); a page with no rows asks for the name on its own."""
    sql, params = _rows_sql(person_id, filters, cursor, limit)
    names = connection.ops.quote_name(PersonName._meta.db_table)
    name_sql = (
        f"(SELECT n.given_names || ' ' || n.family_name FROM {names} n "  # noqa: S608 - fixed names; values are parameters
        "WHERE n.person_id = %s ORDER BY n.is_primary DESC, n.id LIMIT 1)"
    )
    sql = sql.replace(f"SELECT {_COLUMNS} ", f"SELECT {_COLUMNS}, {name_sql} ", 1)
    with connection.cursor() as db:
        db.execute(sql, [person_id, *params])
        fetched = db.fetchall()
    if not fetched:
        return [], display_names([person_id]).get(person_id, "")
    return _typed([row[:-1] for row in fetched]), (fetched[0][-1] or "").strip()


def _typed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of _COLUMNS with SQLite's values typed as PostgreSQL's."""
    if connection.vendor == "sqlite":  # timestamps come back without their UTC offset, flags as 0/1
        return [(r[0], r[1], _from_sqlite(r[2]), r[3], bool(r[4]), bool(r[5]), *r[6:]) for r in rows]
    return rows


def _rows_sql(person_id: int, filters: Filters, cursor: str | None, limit: int) -> tuple[str, list[Any]]:
    """The statement for one child's entries newest first: one range scan of
    chronology_person_time (the keyset condition ``occurred_at <= marker``
    is an index bound, so page 40 costs what page 1 does).

    Written as SQL rather than a queryset: this is the hottest read in
    Tiaki, and compiling the queryset cost as much as running it
    (docs/benchmarks.md, the issue's "at most 3x the raw SQL")."""
    ops = connection.ops
    where: list[str] = ["person_id = %s"]
    params: list[Any] = [person_id]
    if filters.kinds:
        where.append(f"kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(sorted(filters.kinds))
    if filters.significant_only:
        where.append("significant = %s")
        params.append(True)
    if filters.since:
        where.append("occurred_at >= %s")
        params.append(ops.adapt_datetimefield_value(_local_midnight(filters.since)))
    if filters.until:
        where.append("occurred_at < %s")
        params.append(ops.adapt_datetimefield_value(_local_midnight(filters.until + dt.timedelta(days=1))))
    if cursor:
        at, entry_id = decode_cursor(cursor)
        marker = ops.adapt_datetimefield_value(at)
        where.append("occurred_at <= %s AND (occurred_at < %s OR id < %s)")
        params.extend([marker, marker, entry_id])
    params.append(limit)
    table = ops.quote_name(ChronologyEntry._meta.db_table)
    sql = (
        f"SELECT {_COLUMNS} FROM {table} WHERE {' AND '.join(where)} "  # noqa: S608 - fixed names; values are parameters
        "ORDER BY occurred_at DESC, id DESC LIMIT %s"
    )
    return sql, params


def _from_sqlite(value: str | dt.datetime) -> dt.datetime:
    """SQLite keeps UTC timestamps without an offset (Django's convention)."""
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def _entry(row: tuple[Any, ...], may_see_sensitive: bool) -> Entry:
    pk, person_id, occurred_at, kind, significant, sensitive, title, summary, case_id, report_id, source_id = row
    label = _LABELS[kind]
    masked = sensitive and not may_see_sensitive
    if masked:
        title, summary = f"{label}: restricted", "Restricted information. Ask the allocated worker or their supervisor."
    return Entry(pk, person_id, occurred_at, kind, label, significant, masked, title, summary, case_id, report_id,
                 source_id, (person_id,))  # fmt: skip


@selector(AuditAction.CHRONOLOGY_READ)
def chronology_page(
    *,
    actor: User,
    person_id: int,
    filters: Filters | None = None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ChronologyPage:
    """One child's chronology as ``actor`` may see it (404 outside their
    reach), one page, with one audit event for the view."""
    filters = filters or Filters()
    # Four round trips in all (the decision, the page with the child's name,
    # the audit event, the commit): the figure to keep is "at most 3x the
    # raw SQL" (docs/benchmarks.md).
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        rows, name = _rows_and_name(person_id, filters, cursor, page_size + 1)
        entries = _with_statements([_entry(row, decision.may_see_sensitive) for row in rows[:page_size]])
    names = {person_id: name}
    next_cursor = encode_cursor(entries[-1].occurred_at, entries[-1].id) if len(rows) > page_size else None
    return ChronologyPage(person_ids=[person_id], names=names, entries=entries, filters=filters,
                          next_cursor=next_cursor, relationships={person_id: decision.relationship})  # fmt: skip


def whanau_children(person_id: int, *, hidden_from: User | None = None) -> list[int]:
    """The children of this person's whānau: the person, their siblings, their
    children and their parents' children, leaving out anyone who is a parent
    of another of them (the adults) and, given ``hidden_from``, anyone sealed
    from that reader (before the WHANAU_LIMIT cut, so they take no place)."""
    rels = Relationship.objects.filter(ended_on__isnull=True)
    parent_kinds = [Relationship.Kind.PARENT, Relationship.Kind.STEP_PARENT]
    sibling_kinds = [Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING]
    parents = set(rels.filter(to_person_id=person_id, kind__in=parent_kinds).values_list("from_person_id", flat=True))
    members = {person_id}
    members |= set(rels.filter(from_person_id=person_id, kind__in=sibling_kinds).values_list("to_person_id", flat=True))
    members |= set(rels.filter(to_person_id=person_id, kind__in=sibling_kinds).values_list("from_person_id", flat=True))
    members |= set(
        rels.filter(from_person_id__in=[person_id, *parents], kind__in=parent_kinds).values_list(
            "to_person_id", flat=True
        )
    )
    adults = set(
        rels.filter(from_person_id__in=members, to_person_id__in=members, kind__in=parent_kinds).values_list(
            "from_person_id", flat=True
        )
    )
    live = set(Person.objects.filter(pk__in=members - adults, merged_into__isnull=True).values_list("pk", flat=True))
    if hidden_from is not None:
        live -= sealed.hidden_person_ids(hidden_from, live - {person_id})
    ordered = sorted(live - {person_id})
    return ([person_id] if person_id in live else []) + ordered[: WHANAU_LIMIT - 1]


@selector(AuditAction.CHRONOLOGY_READ)
def whanau_chronology_page(
    *,
    actor: User,
    person_id: int,
    filters: Filters | None = None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ChronologyPage:
    """The chronologies of the children of ``person_id``'s whānau merged into
    one, newest first. The starting person must be within reach (else 404);
    other children appear only if the reader may open each of theirs, and
    the page says how many are not shown. One audit event names them all."""
    filters = filters or Filters()
    decision = scoping.person_decision(actor, person_id)
    # A refusal names the starting child only; the event for the view names every child shown.
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        decisions: dict[int, scoping.Decision] = {}
        # Sealed means absent: a child sealed from the reader is left out before
        # anything else, so "not shown" never counts them (tiaki.access.sealed).
        candidates = whanau_children(person_id, hidden_from=actor) or [person_id]
        for child_id in candidates:
            child_decision = decision if child_id == person_id else scoping.person_decision(actor, child_id)
            if child_decision.allowed:
                decisions[child_id] = child_decision
        children = list(decisions)
        streams = [
            [_entry(row, decisions[child_id].may_see_sensitive)
             for row in _rows(child_id, filters, cursor, page_size + 1)]
            for child_id in children
        ]  # fmt: skip
        step.subject_ids = children
        step.relationship = f"whanau-of:{person_id}:{decision.relationship}"
    merged = list(heapq.merge(*streams, key=lambda e: (e.occurred_at, e.id), reverse=True))
    page = merged[:page_size]
    next_cursor = encode_cursor(page[-1].occurred_at, page[-1].id) if len(merged) > page_size else None
    return ChronologyPage(
        person_ids=children, names=display_names(children), entries=_with_statements(_fold(page)), filters=filters,
        next_cursor=next_cursor, relationships={pid: d.relationship for pid, d in decisions.items()},
        not_shown=len(candidates) - len(children),
    )  # fmt: skip


def _fold(entries: list[Entry]) -> list[Entry]:
    """One row per event: an event recorded about several siblings lists them all."""
    seen: dict[tuple[str, int, dt.datetime], int] = {}
    folded: list[Entry] = []
    for entry in entries:
        key = (entry.kind, entry.source_id, entry.occurred_at)
        if key in seen:
            index = seen[key]
            first = folded[index]
            folded[index] = Entry(**{**first.__dict__, "person_ids": (*first.person_ids, entry.person_id)})
            continue
        seen[key] = len(folded)
        folded.append(entry)
    return folded


#: How many significant entries the person page shows ("Their work with us").
RECENT_ON_RECORD = 5


def chronology_facts(actor: User, person_id: int) -> WorkFacts:
    """The provider for the person page (tiaki.people.record_facts): the
    latest significant entries, read as the chronology page reads them (one
    event, SENSITIVE ones masked). The chronology is casework's reading
    (its pages need case access): a role without it is told so, not refused."""
    if not has_permission(actor, Permission.CASE_READ):
        return WorkFacts(not_for_role=frozenset({"chronology"}))
    page = chronology_page(
        actor=actor, person_id=person_id, filters=Filters(significant_only=True), page_size=RECENT_ON_RECORD
    )
    return WorkFacts(
        recent=tuple(RecentEntry(e.id, e.occurred_at, e.kind_label, e.title, e.masked) for e in page.entries)
    )
