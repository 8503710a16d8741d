"""Need-to-know: may this actor read this person, and through which relationship?

A staff member reads a person's information only through a legitimate
relationship. Each domain declares the relationships that give reach to its
records (tiaki.access.reach; ``tiaki/<domain>/reach.py``), and they are
checked in their order of precedence and named in every decision:

- ``allocated-case:<id>``: allocated to an open case the person is in (or
  one closed in the last 30 days) (casework);
- ``allocated-report:<id>``: allocated to an open report the person is in
  (intake);
- ``supervision-line:<case|report>:<id>``: supervises (directly or up the
  line; a site manager for their whole site) someone who is allocated
  (casework, intake);
- ``intake-duty:<report id>``: on intake duty now at the site holding an
  open report the person is in (intake);
- ``break-glass:<id>``: an unexpired emergency grant for this person (here);
- ``created:<id>``: the actor added this person to the register in the last
  24 hours (so they can finish what they started before linking the person
  to a report or case) (people).

Sealed records need a ``sealed-grant:<id>`` naming the actor; nobody opens a
record about themselves; a merged record is read through its survivor
(``merged-into:<id>:...``). Everything is read from the database on each
call: nothing is cached, so an ended relationship ends access on the next
request.

Reports and cases are decided by their domains (tiaki.intake.reach,
tiaki.casework.reach) from the building blocks here: the gate, Decision,
the shared common table expressions and parameters, and person decisions
for a set of subjects.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Max, Model, QuerySet
from django.utils import timezone

from tiaki.access import has_permission, reach
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.models import (
    INDUCTION_VALID_DAYS,
    BreakGlassGrant,
    IntakeDuty,
    PrivacyInduction,
    SealedGrant,
    StaffSubjectLink,
)
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
from tiaki.access.sealed import hidden_person_ids
from tiaki.staff.models import User

# How far up a supervision line reaches: worker -> supervisor -> practice
# leader -> site manager.
SUPERVISION_DEPTH = 4

# Refusal reasons (stable codes: stored in the audit trail, sent by the API).
NOT_SIGNED_IN = "not_signed_in"
PERMISSION_MISSING = "permission_missing"
INDUCTION_INCOMPLETE = "induction_incomplete"
#: The last induction or refresher was more than INDUCTION_VALID_DAYS ago:
#: access to personal information is suspended until a refresher is recorded.
REFRESHER_LAPSED = "refresher_lapsed"
NOT_FOUND = "not_found"
OWN_RECORD = "own_record"
SEALED = "sealed"
NO_RELATIONSHIP = "no_relationship"

#: Refusals that must look exactly like "no such record" (a 404).
HIDDEN = frozenset({NOT_FOUND, OWN_RECORD, SEALED, NO_RELATIONSHIP})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    relationship: str = ""
    reason: str = ""
    may_see_sensitive: bool = False

    @property
    def via_break_glass(self) -> bool:
        return self.relationship.startswith("break-glass:")

    @property
    def is_allocated_or_supervising(self) -> bool:
        return self.relationship.startswith(("allocated-", "supervision-line:"))


def refuse(reason: str) -> Decision:
    return Decision(allowed=False, reason=reason)


def refresher_due_on(completed_on: dt.date) -> dt.date:
    """The day an induction or refresher completed on ``completed_on`` lapses:
    from that NZ date on, access is suspended until the next is recorded."""
    return completed_on + dt.timedelta(days=INDUCTION_VALID_DAYS)


def induction_current_since(today: dt.date) -> dt.date:
    """The earliest completion date still current on ``today`` (NZ date):
    refresher_due_on(it) is after today."""
    return today - dt.timedelta(days=INDUCTION_VALID_DAYS - 1)


def last_induction_on(actor: User) -> dt.date | None:
    """When ``actor`` last completed an induction or refresher (None: never)."""
    last: dt.date | None = PrivacyInduction.objects.filter(user=actor).aggregate(last=Max("completed_on"))["last"]
    return last


def induction_refusal(actor: User, *, today: dt.date | None = None) -> str:
    """Why ``actor`` may not see personal information yet or any more
    (INDUCTION_INCOMPLETE, REFRESHER_LAPSED), or "" when their induction or
    refresher is current on ``today`` (NZ date). One indexed query."""
    last = last_induction_on(actor)
    if last is None:
        return INDUCTION_INCOMPLETE
    if last < induction_current_since(today or timezone.localdate()):
        return REFRESHER_LAPSED
    return ""


def has_induction(actor: User, *, today: dt.date | None = None) -> bool:
    """Whether ``actor``'s privacy induction or yearly refresher is current."""
    return not induction_refusal(actor, today=today)


def supervisees(actor: User) -> list[int]:
    """Ids of everyone in the actor's supervision line below them."""
    found: set[int] = set()
    frontier = [actor.pk]
    for _ in range(SUPERVISION_DEPTH):
        below = list(User.objects.filter(supervisor_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True))
        if not below:
            break
        found.update(below)
        frontier = below
    if actor.role == Role.SITE_MANAGER and actor.site_id is not None:
        found.update(User.objects.filter(site_id=actor.site_id).exclude(pk=actor.pk).values_list("pk", flat=True))
    found.discard(actor.pk)
    return sorted(found)


def gate(actor: User | None, permission: Permission, *, induction: bool = True) -> Decision | None:
    """The checks before any record is looked at: signed in, role, induction
    (person_decision checks induction in its own combined query)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return refuse(NOT_SIGNED_IN)
    if not has_permission(actor, permission):
        return refuse(PERMISSION_MISSING)
    if induction and (why := induction_refusal(actor)):
        return refuse(why)
    return None


def list_decision(actor: User | None, permission: Permission) -> Decision:
    """For a list or a count: allowed (no one relationship) unless the actor
    is stopped before any record is looked at (signed in, role, induction).
    What the list holds is then narrowed by need-to-know, never refused."""
    return gate(actor, permission) or Decision(True)


def table(model: type[Model]) -> str:
    """``model``'s table name, quoted by the database's rules, for the
    hand-written statements (a domain's SQL fragments quote their own)."""
    return connection.ops.quote_name(model._meta.db_table)


def reach_ctes() -> str:
    """The actor's supervision line (``team``: down SUPERVISION_DEPTH levels,
    and a site manager's whole site, the same set as supervisees()) and the
    sites they are on intake duty at now (``duty``), as common table
    expressions, so a decision reads them in its one statement."""
    user, duty = table(User), table(IntakeDuty)
    return (
        f"WITH RECURSIVE line(id, depth) AS ("  # noqa: S608 - table names from the model registry; values are parameters
        f"  SELECT u.id, 1 FROM {user} u WHERE u.supervisor_id = %(actor)s"
        f"  UNION SELECT u.id, line.depth + 1 FROM {user} u JOIN line ON u.supervisor_id = line.id"
        f"  WHERE line.depth < {SUPERVISION_DEPTH}), "
        f"team(id) AS (SELECT id FROM line WHERE id <> %(actor)s"
        f"  UNION SELECT u.id FROM {user} u WHERE u.site_id = %(manager_site)s AND u.id <> %(actor)s), "
        f"duty(site_id) AS (SELECT d.site_id FROM {duty} d"
        f"  WHERE d.user_id = %(actor)s AND d.starts_at <= %(now)s AND d.ends_at > %(now)s) "
    )


def reach_params(actor: User, now: dt.datetime) -> dict[str, Any]:
    """The parameters of every reach statement: the kernel's and those each
    registered domain adds for its fragments."""
    return {
        "actor": actor.pk,
        "manager_site": actor.site_id if actor.role == Role.SITE_MANAGER else None,
        "now": connection.ops.adapt_datetimefield_value(now),
        "induction_since": connection.ops.adapt_datefield_value(induction_current_since(timezone.localdate(now))),
        **reach.domain_params(actor, now),
    }


# --- Break-glass: the kernel's own relationship ------------------------------


def _break_glass_sql() -> str:
    return (
        f"(SELECT MIN(b.id) FROM {table(BreakGlassGrant)} b "  # noqa: S608 - table name from the model registry
        "WHERE b.user_id = %(actor)s AND b.person_id = q.id AND b.granted_at <= %(now)s AND b.expires_at > %(now)s)"
    )


def _break_glass_bulk(r: reach.Bulk) -> QuerySet[Any]:
    return BreakGlassGrant.objects.filter(user=r.actor, granted_at__lte=r.now, expires_at__gt=r.now).values_list(
        "person_id", flat=True
    )


BREAK_GLASS = reach.PersonRelationship(
    name="break-glass", rank=60, sql=_break_glass_sql, bulk=_break_glass_bulk, ongoing=False
)


# --- People -----------------------------------------------------------------


# The statements' text is built once per database vendor (table names are
# quoted by its rules) and registry generation: building it took a tenth of
# a millisecond a read.
@functools.cache
def _person_facts_sql(vendor: str, generation: int, subjects: str, *, rarer: bool) -> str:
    # Two statements that read every registered relationship, each evaluated
    # whether or not the person exists, so a missing id and an out-of-reach
    # one run the same statements (no early return to time). The first holds
    # the record's flags and the usual relationships (an allocated case);
    # only an actor it does not let in runs the second (the rarer
    # relationships, whose supervision-line CTE alone takes PostgreSQL ~1 ms
    # to plan): an allowed read may stop early, since its reader may know the
    # record exists. Written out rather than built with the ORM: the ORM took
    # ~3 ms to compile the first version of this on every read, ten times
    # what running it costs, and every person and chronology page pays it
    # (docs/benchmarks.md). ``subjects`` yields (id, pos); each is decided on
    # ``q``, the record itself or the survivor it was merged into.
    person = reach.person_subject()
    persons = person.table
    merged_into, is_sealed = person.column("merged_into"), person.column("sealed")
    fragments = ", ".join(rel.sql() for rel in reach.relationships() if rel.usual == (not rarer))
    subject = (
        f"FROM ({subjects}) s LEFT JOIN {persons} p ON p.id = s.id "
        f"LEFT JOIN {persons} q ON q.id = COALESCE(p.{merged_into}, p.id) "
        f"ORDER BY s.pos"
    )
    if not rarer:
        return (
            f"SELECT s.pos, s.id, q.id, p.id IS NOT NULL, p.{merged_into}, q.{merged_into}, q.{is_sealed}, "  # noqa: S608 - as above
            # 0: never inducted, 1: lapsed, 2: current (_decide).
            f"(SELECT CASE WHEN MAX(i.completed_on) IS NULL THEN 0 WHEN MAX(i.completed_on) >= %(induction_since)s "
            f"  THEN 2 ELSE 1 END FROM {table(PrivacyInduction)} i WHERE i.user_id = %(actor)s), "
            f"(SELECT l.kind FROM {table(StaffSubjectLink)} l WHERE l.user_id = %(actor)s AND l.person_id = q.id), "
            f"(SELECT MIN(g.id) FROM {table(SealedGrant)} g "
            f"  WHERE g.user_id = %(actor)s AND g.person_id = q.id AND g.revoked_at IS NULL)"
            + (f", {fragments} " if fragments else " ")
            + subject
        )
    return reach_ctes() + "SELECT s.pos" + (f", {fragments} " if fragments else " ") + subject


@dataclass(frozen=True)
class _Facts:
    """What person_decision needs about one person (``q``: the record, or
    the survivor it was merged into), from _person_facts_sql."""

    #: The id asked about, and the record decided on: the survivor for a
    #: merged record (None if there is no such record).
    asked_id: int
    person_id: int | None
    found: bool
    merged_into_id: int | None
    survivor_merged_into_id: int | None
    sealed: bool
    #: 0: never inducted, 1: the induction or refresher lapsed, 2: current.
    inducted: int
    link: str | None
    sealed_grant: int | None
    #: Each relationship's id (or None), by name: the usual ones from the
    #: first statement, the rarer ones added from the second.
    reached: dict[str, int | None] = field(default_factory=dict)


def person_decisions(actor: User, now: dt.datetime, *, subjects: str, subject: int) -> list[tuple[int, Decision]]:
    """The decision for each person ``subjects`` yields (an SQL query giving
    ``id`` and ``pos``, the order to decide in, on the parameter
    ``%(subject)s``), with the id each was asked as. A refusal always costs
    both statements of _person_facts_sql; an allowed read may cost the first
    alone. tiaki.casework.reach decides a case's children this way."""
    params = reach_params(actor, now)
    params["subject"] = subject
    generation = reach.generation()
    usual_rels = [rel.name for rel in reach.relationships() if rel.usual]
    rarer_rels = [rel.name for rel in reach.relationships() if not rel.usual]
    with connection.cursor() as cursor:
        cursor.execute(_person_facts_sql(connection.vendor, generation, subjects, rarer=False), params)
        usual = [_facts(row, usual_rels) for row in cursor.fetchall()]
        decided = [(f, _decide(actor, f, now)) for f in usual]
        if any(decision.allowed for _, decision in decided):
            return [(f.asked_id, decision) for f, decision in decided]
        cursor.execute(_person_facts_sql(connection.vendor, generation, subjects, rarer=True), params)
        rarer = {row[0]: row[1:] for row in cursor.fetchall()}
    for pos, f in zip(sorted(rarer), usual, strict=True):
        f.reached.update(zip(rarer_rels, rarer[pos], strict=True))
    return [(f.asked_id, _decide(actor, f, now)) for f in usual]


def _facts(row: tuple[Any, ...], usual: list[str]) -> _Facts:
    _, asked, pid, found, merged, survivor_merged, sealed, inducted, link, grant, *reached = row
    return _Facts(asked, pid, bool(found), merged, survivor_merged, bool(sealed), int(inducted or 0), link, grant,
                  dict(zip(usual, reached, strict=True)))  # fmt: skip


def person_decision(actor: User, person_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read person ``person_id`` now, and why. A
    missing person and an out-of-reach one take the same path (the same two
    statements), so the time of a refusal does not tell which it was."""
    refused = gate(actor, Permission.PERSON_READ, induction=False)
    if refused is not None:
        return refused
    now = now or timezone.now()
    ((_, decision),) = person_decisions(actor, now, subjects=_ONE_PERSON, subject=record_id(person_id or NO_RECORD))
    return decision


#: The induction column of _person_facts_sql (0 is never inducted).
_LAPSED, _CURRENT = 1, 2

_ONE_PERSON = "SELECT CAST(%(subject)s AS BIGINT) AS id, 0 AS pos"


def _decide(actor: User, f: _Facts, now: dt.datetime) -> Decision:
    if f.inducted != _CURRENT:
        return refuse(REFRESHER_LAPSED if f.inducted == _LAPSED else INDUCTION_INCOMPLETE)
    if not f.found:
        return refuse(NOT_FOUND)
    if f.merged_into_id is not None:
        # A merged record is part of its survivor: its cases and reports moved
        # there, so whoever may read the survivor may read it (to undo a merge).
        # The facts are the survivor's; a survivor merged again since (rare)
        # is decided by its own statement.
        if f.survivor_merged_into_id is not None:
            survivor = person_decision(actor, f.merged_into_id, now=now)
        else:
            survivor = _decide_reach(actor, f)
        if not survivor.allowed:
            return survivor
        return Decision(
            True,
            f"merged-into:{f.merged_into_id}:{survivor.relationship}",
            may_see_sensitive=survivor.may_see_sensitive,
        )
    return _decide_reach(actor, f)


def _decide_reach(actor: User, f: _Facts) -> Decision:
    """The relationships, in their order of precedence (reach.relationships())."""
    if f.link == StaffSubjectLink.Kind.SELF:
        return refuse(OWN_RECORD)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    if f.sealed or f.link is not None:
        if f.sealed_grant is None:
            return refuse(SEALED)
        return Decision(True, f"sealed-grant:{f.sealed_grant}", may_see_sensitive=sensitive)
    for rel in reach.relationships():
        value = f.reached.get(rel.name)
        if value is not None:
            # SENSITIVE fields need the field permission and an ongoing
            # relationship: emergency access never reveals a protected address.
            return Decision(True, f"{rel.name}:{value}", may_see_sensitive=sensitive and rel.ongoing)
    return refuse(NO_RELATIONSHIP)


def person_list_gate(actor: User, permission: Permission = Permission.PERSON_READ) -> str | None:
    """The refusal reason, if any, that stops ``actor`` reading (or searching) any person."""
    refused = gate(actor, permission)
    return refused.reason if refused is not None else None


def visible_person_ids(
    actor: User,
    *,
    now: dt.datetime | None = None,
    include_break_glass: bool = True,
    include_duty: bool = True,
) -> set[int]:
    """Every person ``actor`` may read now (``visible_to``): the relationships
    of person_decision, gathered from the small indexed sets they start from
    (the actor's cases, reports, duties, grants) rather than by testing each
    of a million persons."""
    visible, ongoing = visible_person_reach(actor, now=now, include_duty=include_duty)
    return visible if include_break_glass else ongoing


def _duty_sites(actor: User, now: dt.datetime) -> list[int]:
    return list(
        IntakeDuty.objects.filter(user=actor, starts_at__lte=now, ends_at__gt=now).values_list("site_id", flat=True)
    )


def visible_person_reach(
    actor: User, *, now: dt.datetime | None = None, include_duty: bool = True
) -> tuple[set[int], set[int]]:
    """visible_person_ids with and without break-glass, gathered once: who
    the actor may read, and of those who they reach through an ongoing
    relationship (where SENSITIVE fields may show; search needs both). Each
    registered relationship's bulk form gives the ids it reaches; the
    ongoing ones are read in one statement (their union), the others in a
    second."""
    if gate(actor, Permission.PERSON_READ) is not None:
        return set(), set()
    bulk = reach.Bulk(actor, now or timezone.now(), supervisees, _duty_sites if include_duty else None)
    ongoing: list[QuerySet[Any]] = []
    emergency: list[QuerySet[Any]] = []
    for rel in reach.relationships():
        reached = rel.bulk(bulk)
        if reached is not None:
            (ongoing if rel.ongoing else emergency).append(reached.order_by())
    # A sealed grant is a relationship of its own; what is sealed from the
    # actor is absent, by the one rule every list of people applies.
    granted = SealedGrant.objects.filter(user=actor, revoked_at__isnull=True).values_list("person_id", flat=True)
    ongoing.append(granted.order_by())
    ids, emergency_ids = _union(ongoing), _union(emergency)
    hidden = hidden_person_ids(actor, ids | emergency_ids)
    return (ids | emergency_ids) - hidden, ids - hidden


def _union(querysets: list[QuerySet[Any]]) -> set[int]:
    if not querysets:
        return set()
    first, *rest = querysets
    return set(first.union(*rest) if rest else first)
