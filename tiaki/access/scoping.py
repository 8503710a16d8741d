"""Need-to-know: may this actor read this person, and through which relationship?

A staff member reads a person's information only through a legitimate
relationship, checked in this order and named in every decision:

- ``allocated-case:<id>``: allocated to an open case the person is in (or
  one closed in the last 30 days);
- ``allocated-report:<id>``: allocated to an open report the person is in;
- ``supervision-line:<case|report>:<id>``: supervises (directly or up the
  line; a site manager for their whole site) someone who is allocated;
- ``intake-duty:<report id>``: on intake duty now at the site holding an
  open report the person is in;
- ``break-glass:<id>``: an unexpired emergency grant for this person;
- ``created:<id>``: the actor added this person to the register in the last
  24 hours (so they can finish what they started before linking the person
  to a report or case).

Sealed records need a ``sealed-grant:<id>`` naming the actor; nobody opens a
record about themselves. Everything is read from the database on each call:
nothing is cached, so an ended relationship ends access on the next request.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from tiaki.access import has_permission
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.models import BreakGlassGrant, IntakeDuty, PrivacyInduction, SealedGrant, StaffSubjectLink
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
from tiaki.access.sealed import hidden_person_ids
from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Person
from tiaki.staff.models import User

# How long the person who added a record may read it without another relationship.
CREATOR_WINDOW = dt.timedelta(hours=24)

# How long after a case closes its team may still read it (to finish the record).
CLOSED_CASE_WINDOW = dt.timedelta(days=30)

# How far up a supervision line reaches: worker -> supervisor -> practice
# leader -> site manager.
SUPERVISION_DEPTH = 4

# Refusal reasons (stable codes: stored in the audit trail, sent by the API).
NOT_SIGNED_IN = "not_signed_in"
PERMISSION_MISSING = "permission_missing"
INDUCTION_INCOMPLETE = "induction_incomplete"
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


def has_induction(actor: User) -> bool:
    return PrivacyInduction.objects.filter(user=actor).exists()


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


def _gate(actor: User | None, permission: Permission, *, induction: bool = True) -> Decision | None:
    """The checks before any record is looked at: signed in, role, induction
    (person_decision checks induction in its own combined query)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return refuse(NOT_SIGNED_IN)
    if not has_permission(actor, permission):
        return refuse(PERMISSION_MISSING)
    if induction and not has_induction(actor):
        return refuse(INDUCTION_INCOMPLETE)
    return None


def list_decision(actor: User | None, permission: Permission) -> Decision:
    """For a list or a count: allowed (no one relationship) unless the actor
    is stopped before any record is looked at (signed in, role, induction).
    What the list holds is then narrowed by need-to-know, never refused."""
    return _gate(actor, permission) or Decision(True)


def _tables() -> dict[str, str]:
    models = (Person, PrivacyInduction, StaffSubjectLink, SealedGrant, BreakGlassGrant, IntakeDuty, CaseParticipant,
              Case, ReportPerson, ReportOfConcern, User)  # fmt: skip
    return {m.__name__: connection.ops.quote_name(m._meta.db_table) for m in models}


def _reach_ctes(t: dict[str, str]) -> str:
    """The actor's supervision line (``team``: down SUPERVISION_DEPTH levels,
    and a site manager's whole site, the same set as supervisees()) and the
    sites they are on intake duty at now (``duty``), as common table
    expressions, so a decision reads them in its one statement."""
    return (
        f"WITH RECURSIVE line(id, depth) AS ("  # noqa: S608 - table names from the model registry; values are parameters
        f"  SELECT u.id, 1 FROM {t['User']} u WHERE u.supervisor_id = %(actor)s"
        f"  UNION SELECT u.id, line.depth + 1 FROM {t['User']} u JOIN line ON u.supervisor_id = line.id"
        f"  WHERE line.depth < {SUPERVISION_DEPTH}), "
        f"team(id) AS (SELECT id FROM line WHERE id <> %(actor)s"
        f"  UNION SELECT u.id FROM {t['User']} u WHERE u.site_id = %(manager_site)s AND u.id <> %(actor)s), "
        f"duty(site_id) AS (SELECT d.site_id FROM {t['IntakeDuty']} d"
        f"  WHERE d.user_id = %(actor)s AND d.starts_at <= %(now)s AND d.ends_at > %(now)s) "
    )


def _reach_params(actor: User, now: dt.datetime) -> dict[str, Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "actor": actor.pk,
        "manager_site": actor.site_id if actor.role == Role.SITE_MANAGER else None,
        "now": adapt(now),
        "closed_since": adapt(now - CLOSED_CASE_WINDOW),
        "created_since": adapt(now - CREATOR_WINDOW),
        "open_case": Case.Status.OPEN.value,
        "open_report": ReportOfConcern.Status.OPEN.value,
    }


# The statements' text is built once per database vendor (table names are
# quoted by its rules): building it took a tenth of a millisecond a read.
@functools.cache
def _person_facts_sql(vendor: str, subjects: str, *, rarer: bool) -> str:
    # Two statements for every relationship person_decision knows, each
    # evaluated whether or not the person exists, so a missing id and an
    # out-of-reach one run the same statements (no early return to time).
    # The first holds the record's flags and the usual relationship (an
    # allocated case); only an actor it does not let in runs the second (the
    # rarer relationships, whose supervision-line CTE alone takes PostgreSQL
    # ~1 ms to plan): an allowed read may stop early, since its reader may
    # know the record exists. Written out rather than built with the ORM: the
    # ORM took ~3 ms to compile the first version of this on every read, ten
    # times what running it costs, and every person and chronology page pays
    # it (docs/benchmarks.md). ``subjects`` yields (id, pos); each is decided
    # on ``q``, the record itself or the survivor it was merged into.
    t = _tables()
    current = "(c.status = %(open_case)s OR c.closed_at > %(closed_since)s)"
    report_of = (f"FROM {t['ReportPerson']} rp JOIN {t['ReportOfConcern']} r ON r.id = rp.report_id "
                 f"WHERE rp.person_id = q.id AND r.status = %(open_report)s")  # fmt: skip
    case_of = (f"FROM {t['CaseParticipant']} cp JOIN {t['Case']} c ON c.id = cp.case_id "
               f"WHERE cp.person_id = q.id AND {current}")  # fmt: skip
    subject = (
        f"FROM ({subjects}) s LEFT JOIN {t['Person']} p ON p.id = s.id "
        f"LEFT JOIN {t['Person']} q ON q.id = COALESCE(p.merged_into_id, p.id) "
        f"ORDER BY s.pos"
    )
    if not rarer:
        return (
            f"SELECT s.pos, s.id, q.id, p.id IS NOT NULL, p.merged_into_id, q.merged_into_id, q.sealed, "  # noqa: S608 - as above
            f"EXISTS (SELECT 1 FROM {t['PrivacyInduction']} i WHERE i.user_id = %(actor)s), "
            f"(SELECT l.kind FROM {t['StaffSubjectLink']} l WHERE l.user_id = %(actor)s AND l.person_id = q.id), "
            f"(SELECT MIN(g.id) FROM {t['SealedGrant']} g "
            f"  WHERE g.user_id = %(actor)s AND g.person_id = q.id AND g.revoked_at IS NULL), "
            f"(SELECT cp.case_id {case_of} AND c.allocated_worker_id = %(actor)s "
            f"  ORDER BY c.status DESC, cp.case_id LIMIT 1) " + subject
        )
    return (
        _reach_ctes(t) + "SELECT s.pos, "  # noqa: S608 - as above
        f"(SELECT rp.report_id {report_of} AND r.allocated_to_id = %(actor)s ORDER BY rp.id LIMIT 1), "
        f"(SELECT cp.case_id {case_of} AND c.allocated_worker_id IN (SELECT id FROM team) "
        f"  ORDER BY c.status DESC, cp.case_id LIMIT 1), "
        f"(SELECT rp.report_id {report_of} AND r.allocated_to_id IN (SELECT id FROM team) ORDER BY rp.id LIMIT 1), "
        f"(SELECT rp.report_id {report_of} AND r.site_id IN (SELECT site_id FROM duty) ORDER BY rp.id LIMIT 1), "
        f"(SELECT MIN(b.id) FROM {t['BreakGlassGrant']} b "
        f"  WHERE b.user_id = %(actor)s AND b.person_id = q.id "
        f"  AND b.granted_at <= %(now)s AND b.expires_at > %(now)s), "
        f"(q.created_by_id = %(actor)s AND q.created_at > %(created_since)s) " + subject
    )


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
    inducted: bool
    link: str | None
    sealed_grant: int | None
    allocated_case: int | None
    # The rarer relationships, from the second statement.
    allocated_report: int | None = None
    line_case: int | None = None
    line_report: int | None = None
    duty_report: int | None = None
    break_glass: int | None = None
    created: bool = False


def _person_decisions(
    actor: User, now: dt.datetime, *, person_id: int | None = None, case_id: int | None = None
) -> list[tuple[_Facts, Decision]]:
    """The decision for one person, or for every person in a case (in the
    order they joined it), with the facts it was made on. One person always
    gives one row, found or not. A refusal always costs both statements of
    _person_facts_sql; an allowed read may cost the first alone."""
    params = _reach_params(actor, now)
    if case_id is None:
        subjects = "SELECT CAST(%(subject)s AS BIGINT) AS id, 0 AS pos"
        params["subject"] = record_id(person_id or NO_RECORD)
    else:
        cp = connection.ops.quote_name(CaseParticipant._meta.db_table)
        subjects = f"SELECT cp.person_id AS id, cp.id AS pos FROM {cp} cp WHERE cp.case_id = %(subject)s"  # noqa: S608 - table name from the model registry
        params["subject"] = record_id(case_id)
    with connection.cursor() as cursor:
        cursor.execute(_person_facts_sql(connection.vendor, subjects, rarer=False), params)
        usual = [_facts(row) for row in cursor.fetchall()]
        decided = [(f, _decide(actor, f, now)) for f in usual]
        if any(decision.allowed for _, decision in decided):
            return decided
        cursor.execute(_person_facts_sql(connection.vendor, subjects, rarer=True), params)
        rarer = {row[0]: row[1:] for row in cursor.fetchall()}
    complete = [_with_rarer(f, rarer[pos]) for pos, f in zip(sorted(rarer), usual, strict=True)]
    return [(f, _decide(actor, f, now)) for f in complete]


def _facts(row: tuple[Any, ...]) -> _Facts:
    _, asked, pid, found, merged, survivor_merged, sealed, inducted, link, grant, case = row
    return _Facts(asked, pid, bool(found), merged, survivor_merged, bool(sealed), bool(inducted), link, grant,
                  case)  # fmt: skip


def _with_rarer(f: _Facts, row: tuple[Any, ...]) -> _Facts:
    report, line_case, line_report, duty_report, break_glass, created = row
    return replace(f, allocated_report=report, line_case=line_case, line_report=line_report,
                   duty_report=duty_report, break_glass=break_glass, created=bool(created))  # fmt: skip


def person_decision(actor: User, person_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read person ``person_id`` now, and why. A
    missing person and an out-of-reach one take the same path (the same two
    statements), so the time of a refusal does not tell which it was."""
    gate = _gate(actor, Permission.PERSON_READ, induction=False)
    if gate is not None:
        return gate
    now = now or timezone.now()
    ((_, decision),) = _person_decisions(actor, now, person_id=person_id)
    return decision


def _decide(actor: User, f: _Facts, now: dt.datetime) -> Decision:
    if not f.inducted:
        return refuse(INDUCTION_INCOMPLETE)
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
    """The relationships, in the order the module docstring gives them."""
    if f.link == StaffSubjectLink.Kind.SELF:
        return refuse(OWN_RECORD)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    if f.sealed or f.link is not None:
        if f.sealed_grant is None:
            return refuse(SEALED)
        return Decision(True, f"sealed-grant:{f.sealed_grant}", may_see_sensitive=sensitive)
    relationship = next(
        (
            f"{name}:{value}"
            for name, value in (
                ("allocated-case", f.allocated_case),
                ("allocated-report", f.allocated_report),
                ("supervision-line:case", f.line_case),
                ("supervision-line:report", f.line_report),
                ("intake-duty", f.duty_report),
                ("break-glass", f.break_glass),
                ("created", f.person_id if f.created else None),
            )
            if value is not None
        ),
        None,
    )
    if relationship is None:
        return refuse(NO_RELATIONSHIP)
    # SENSITIVE fields need the field permission and an ongoing relationship:
    # emergency access never reveals a protected address.
    return Decision(True, relationship, may_see_sensitive=sensitive and not relationship.startswith("break-glass:"))


def case_is_current(now: dt.datetime, prefix: str = "case__") -> Q:
    """An open case, or one closed within CLOSED_CASE_WINDOW (its team
    finishes the record and can still see what they wrote)."""
    return Q(**{f"{prefix}status": Case.Status.OPEN}) | Q(**{f"{prefix}closed_at__gt": now - CLOSED_CASE_WINDOW})


def person_list_gate(actor: User, permission: Permission = Permission.PERSON_READ) -> str | None:
    """The refusal reason, if any, that stops ``actor`` reading (or searching) any person."""
    gate = _gate(actor, permission)
    return gate.reason if gate is not None else None


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


def visible_person_reach(
    actor: User, *, now: dt.datetime | None = None, include_duty: bool = True
) -> tuple[set[int], set[int]]:
    """visible_person_ids with and without break-glass, gathered once: who
    the actor may read, and of those who they reach through an ongoing
    relationship (where SENSITIVE fields may show; search needs both)."""
    if _gate(actor, Permission.PERSON_READ) is not None:
        return set(), set()
    now = now or timezone.now()
    workers = [actor.pk, *supervisees(actor)]
    ids = set(
        CaseParticipant.objects.filter(case_is_current(now), case__allocated_worker_id__in=workers).values_list(
            "person_id", flat=True
        )
    )
    reports_reached = Q(report__allocated_to_id__in=workers)
    if include_duty:
        duty_sites = list(
            IntakeDuty.objects.filter(user=actor, starts_at__lte=now, ends_at__gt=now).values_list("site_id", flat=True)
        )
        if duty_sites:
            reports_reached |= Q(report__site_id__in=duty_sites)
    ids.update(
        ReportPerson.objects.filter(reports_reached, report__status=ReportOfConcern.Status.OPEN).values_list(
            "person_id", flat=True
        )
    )
    ids.update(
        Person.objects.filter(created_by=actor, created_at__gt=now - CREATOR_WINDOW).values_list("pk", flat=True)
    )
    # A sealed grant is a relationship of its own; what is sealed from the
    # actor is absent, by the one rule every list of people applies.
    ids.update(SealedGrant.objects.filter(user=actor, revoked_at__isnull=True).values_list("person_id", flat=True))
    emergency = set(
        BreakGlassGrant.objects.filter(user=actor, granted_at__lte=now, expires_at__gt=now).values_list(
            "person_id", flat=True
        )
    )
    hidden = hidden_person_ids(actor, ids | emergency)
    return (ids | emergency) - hidden, ids - hidden


def visible_persons(
    actor: User,
    *,
    now: dt.datetime | None = None,
    include_break_glass: bool = True,
    include_duty: bool = True,
) -> QuerySet[Person]:
    """visible_person_ids as a queryset, for lists."""
    ids = visible_person_ids(actor, now=now, include_break_glass=include_break_glass, include_duty=include_duty)
    return Person.objects.filter(pk__in=sorted(ids))


# --- Reports of concern ------------------------------------------------------

#: Roles that triage and allocate their site's incoming reports: they see the
#: site's open reports (the allocation queue), not the whole register.
_SITE_QUEUE_ROLES = frozenset({Role.SUPERVISOR, Role.SITE_MANAGER})


@functools.cache
def _report_facts_sql(vendor: str) -> str:
    # The report's row and every relationship report_decision knows, in one
    # statement run whether or not the report exists (see _person_facts_sql).
    t = _tables()
    return (
        _reach_ctes(t) + "SELECT r.id IS NOT NULL, r.site_id, r.status = %(open_report)s, "  # noqa: S608 - table names from the model registry; values are parameters
        "r.allocated_to_id = %(actor)s, r.allocated_to_id IN (SELECT id FROM team), "
        "r.site_id IN (SELECT site_id FROM duty), "
        "(r.recorded_by_id = %(actor)s AND r.received_at > %(created_since)s) "
        f"FROM (SELECT CAST(%(subject)s AS BIGINT) AS id) s LEFT JOIN {t['ReportOfConcern']} r ON r.id = s.id"
    )


def report_decision(actor: User, report_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read report ``report_id`` now, and why: allocated
    to it; supervising who is; on intake duty at its site; a supervisor or
    site manager at its site (the queue); or recorded it in the last 24 hours.
    The notifier's identity is SENSITIVE (``may_see_sensitive``). A missing
    report and an out-of-reach one take the same path (one statement)."""
    gate = _gate(actor, Permission.REPORT_READ)
    if gate is not None:
        return gate
    now = now or timezone.now()
    params = _reach_params(actor, now) | {"subject": record_id(report_id)}
    with connection.cursor() as cursor:
        cursor.execute(_report_facts_sql(connection.vendor), params)
        found, site_id, is_open, mine, supervised, on_duty, recorded = cursor.fetchone()
    if not found:
        return refuse(NOT_FOUND)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    if is_open and mine:
        return Decision(True, f"allocated-report:{report_id}", may_see_sensitive=sensitive)
    if is_open and supervised:
        return Decision(True, f"supervision-line:report:{report_id}", may_see_sensitive=sensitive)
    if is_open and on_duty:
        return Decision(True, f"intake-duty:{report_id}", may_see_sensitive=sensitive)
    if is_open and actor.role in _SITE_QUEUE_ROLES and actor.site_id == site_id:
        return Decision(True, f"site-queue:{site_id}", may_see_sensitive=sensitive)
    if recorded:
        return Decision(True, f"recorded:{report_id}", may_see_sensitive=sensitive)
    return refuse(NO_RELATIONSHIP)


# --- Cases -------------------------------------------------------------------


@functools.cache
def _case_facts_sql(vendor: str) -> str:
    # The case's row and its team, in one statement run whether or not the
    # case exists (see _person_facts_sql).
    t = _tables()
    return (
        _reach_ctes(t) + "SELECT c.id IS NOT NULL, c.status = %(open_case)s, "  # noqa: S608 - table names from the model registry; values are parameters
        "(c.status = %(open_case)s OR c.closed_at > %(closed_since)s), "
        "c.allocated_worker_id = %(actor)s, c.allocated_worker_id IN (SELECT id FROM team) "
        f"FROM (SELECT CAST(%(subject)s AS BIGINT) AS id) s LEFT JOIN {t['Case']} c ON c.id = s.id"
    )


def case_decision(actor: User, case_id: int, *, write: bool = False, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read (or, with ``write``, record on) case
    ``case_id``. The case team (the allocated worker, their supervision line,
    their site manager) reads and records on an open case and reads one
    closed in the last 30 days; anyone who may read one of its children
    (person_decision) may read it, never record on it. A missing case and an
    out-of-reach one take the same path: the case's statement, then (to
    read) its children's."""
    gate = _gate(actor, Permission.CASE_UPDATE if write else Permission.CASE_READ)
    if gate is not None:
        return gate
    now = now or timezone.now()
    params = _reach_params(actor, now) | {"subject": record_id(case_id)}
    with connection.cursor() as cursor:
        cursor.execute(_case_facts_sql(connection.vendor), params)
        found, is_open, current, mine, supervised = cursor.fetchone()
    team = None
    if mine:
        team = f"allocated-case:{case_id}"
    elif supervised:
        team = f"supervision-line:case:{case_id}"
    if team is not None and (is_open or (current and not write)):
        sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
        return Decision(True, team, may_see_sensitive=sensitive)
    if write:
        return refuse(NO_RELATIONSHIP if found else NOT_FOUND)
    # Read on even when the case is missing: the children's statement (no
    # rows then) is what an out-of-reach case's refusal costs too.
    person_gate = _gate(actor, Permission.PERSON_READ, induction=False)
    for facts, decision in [] if person_gate else _person_decisions(actor, now, case_id=case_id):
        if decision.allowed:
            return Decision(True, f"via-person:{facts.asked_id}:{decision.relationship}", decision.reason,
                            may_see_sensitive=decision.may_see_sensitive)  # fmt: skip
    return refuse(NO_RELATIONSHIP if found else NOT_FOUND)


def may_record_on_case(actor: User, read: Decision) -> bool:
    """Whether a reader of an open case (``read`` from case_decision) may
    also record on it: the same rule as ``case_decision(write=True)``, from
    the decision already made, so a page does not decide twice."""
    return (
        read.allowed
        and read.relationship.startswith(("allocated-case:", "supervision-line:case:"))
        and has_permission(actor, Permission.CASE_UPDATE)
    )
