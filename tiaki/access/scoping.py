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
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from tiaki.access import has_permission
from tiaki.access.models import BreakGlassGrant, IntakeDuty, PrivacyInduction, SealedGrant, StaffSubjectLink
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
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


def _facts_sql() -> str:
    # Written out rather than built with Exists/Subquery: the ORM took ~3 ms
    # to compile that query on every read, ten times what running it costs,
    # and every person and chronology page pays it (docs/benchmarks.md).
    t = {m.__name__: connection.ops.quote_name(m._meta.db_table)
         for m in (Person, PrivacyInduction, StaffSubjectLink, CaseParticipant, Case)}  # fmt: skip
    return (
        f"SELECT p.sealed AS sealed, p.merged_into_id AS merged_into_id, "  # noqa: S608 - table names from the model registry; values are parameters
        f"EXISTS (SELECT 1 FROM {t['PrivacyInduction']} i WHERE i.user_id = %s) AS inducted, "
        f"(SELECT l.kind FROM {t['StaffSubjectLink']} l WHERE l.user_id = %s AND l.person_id = p.id) AS link, "
        f"(SELECT cp.case_id FROM {t['CaseParticipant']} cp JOIN {t['Case']} c ON c.id = cp.case_id "
        f"  WHERE cp.person_id = p.id AND c.allocated_worker_id = %s AND (c.status = %s OR c.closed_at > %s) "
        f"  ORDER BY c.status DESC, cp.case_id LIMIT 1) AS allocated_case "
        f"FROM {t['Person']} p WHERE p.id = %s"
    )


def _person_facts(actor: User, person_id: int, now: dt.datetime) -> dict[str, Any] | None:
    """What person_decision needs in the common case, in one round trip: the
    person's sealed and merged flags, the actor's induction, any staff link
    to the person, and a current case of theirs holding the person (the
    usual relationship; the same rule as _open_case). Rarer relationships
    are looked up only if needed."""
    since = connection.ops.adapt_datetimefield_value(now - CLOSED_CASE_WINDOW)
    params: list[Any] = [actor.pk, actor.pk, actor.pk, Case.Status.OPEN.value, since, person_id]
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(), params)
        row = cursor.fetchone()
    if row is None:
        return None
    sealed, merged_into_id, inducted, link, allocated_case = row
    return {"sealed": bool(sealed), "merged_into_id": merged_into_id, "inducted": bool(inducted), "link": link,
            "allocated_case": allocated_case}  # fmt: skip


def person_decision(actor: User, person_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read person ``person_id`` now, and why."""
    gate = _gate(actor, Permission.PERSON_READ, induction=False)
    if gate is not None:
        return gate
    now = now or timezone.now()
    return _decide(actor, person_id, _person_facts(actor, person_id, now), now)


def _decide(actor: User, person_id: int, person: dict[str, Any] | None, now: dt.datetime) -> Decision:
    if person is None:
        return refuse(INDUCTION_INCOMPLETE if not has_induction(actor) else NOT_FOUND)
    if not person["inducted"]:
        return refuse(INDUCTION_INCOMPLETE)
    if person["merged_into_id"] is not None:
        # A merged record is part of its survivor: its cases and reports moved
        # there, so whoever may read the survivor may read it (to undo a merge).
        survivor = person_decision(actor, person["merged_into_id"], now=now)
        if not survivor.allowed:
            return survivor
        return Decision(
            True,
            f"merged-into:{person['merged_into_id']}:{survivor.relationship}",
            may_see_sensitive=survivor.may_see_sensitive,
        )
    if person["link"] == StaffSubjectLink.Kind.SELF:
        return refuse(OWN_RECORD)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    if person["sealed"] or person["link"] is not None:
        grant = (
            SealedGrant.objects.filter(user=actor, person_id=person_id, revoked_at__isnull=True).order_by("pk").first()
        )
        if grant is None:
            return refuse(SEALED)
        return Decision(True, f"sealed-grant:{grant.pk}", may_see_sensitive=sensitive)
    if person["allocated_case"] is not None:
        relationship: str | None = f"allocated-case:{person['allocated_case']}"
    else:
        relationship = _relationship(actor, person_id, now)
    if relationship is None:
        return refuse(NO_RELATIONSHIP)
    # SENSITIVE fields need the field permission and an ongoing relationship:
    # emergency access never reveals a protected address.
    return Decision(True, relationship, may_see_sensitive=sensitive and not relationship.startswith("break-glass:"))


def case_is_current(now: dt.datetime, prefix: str = "case__") -> Q:
    """An open case, or one closed within CLOSED_CASE_WINDOW (its team
    finishes the record and can still see what they wrote)."""
    return Q(**{f"{prefix}status": Case.Status.OPEN}) | Q(**{f"{prefix}closed_at__gt": now - CLOSED_CASE_WINDOW})


def _open_case(person_id: int, now: dt.datetime, **worker: object) -> int | None:
    """The first current case involving the person whose allocation matches ``worker``."""
    return (
        CaseParticipant.objects.filter(case_is_current(now), person_id=person_id, **worker)
        .order_by("-case__status", "case_id")
        .values_list("case_id", flat=True)
        .first()
    )


def _open_report(person_id: int, **where: object) -> int | None:
    """The first open report involving the person that matches ``where``."""
    return (
        ReportPerson.objects.filter(person_id=person_id, report__status=ReportOfConcern.Status.OPEN, **where)
        .values_list("report_id", flat=True)
        .first()
    )


def _relationship(actor: User, person_id: int, now: dt.datetime) -> str | None:
    if (case_id := _open_case(person_id, now, case__allocated_worker=actor)) is not None:
        return f"allocated-case:{case_id}"
    if (report_id := _open_report(person_id, report__allocated_to=actor)) is not None:
        return f"allocated-report:{report_id}"
    line = supervisees(actor)
    if line:
        if (case_id := _open_case(person_id, now, case__allocated_worker_id__in=line)) is not None:
            return f"supervision-line:case:{case_id}"
        if (report_id := _open_report(person_id, report__allocated_to_id__in=line)) is not None:
            return f"supervision-line:report:{report_id}"
    duty_sites = IntakeDuty.objects.filter(user=actor, starts_at__lte=now, ends_at__gt=now).values("site_id")
    if (report_id := _open_report(person_id, report__site_id__in=duty_sites)) is not None:
        return f"intake-duty:{report_id}"
    grant_id = (
        BreakGlassGrant.objects.filter(user=actor, person_id=person_id, granted_at__lte=now, expires_at__gt=now)
        .values_list("pk", flat=True)
        .first()
    )
    if grant_id is not None:
        return f"break-glass:{grant_id}"
    if Person.objects.filter(pk=person_id, created_by=actor, created_at__gt=now - CREATOR_WINDOW).exists():
        return f"created:{person_id}"
    return None


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
    if _gate(actor, Permission.PERSON_READ) is not None:
        return set()
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
    if include_break_glass:
        ids.update(
            BreakGlassGrant.objects.filter(user=actor, granted_at__lte=now, expires_at__gt=now).values_list(
                "person_id", flat=True
            )
        )
    ids.update(
        Person.objects.filter(created_by=actor, created_at__gt=now - CREATOR_WINDOW).values_list("pk", flat=True)
    )
    links = dict(StaffSubjectLink.objects.filter(user=actor).values_list("person_id", "kind"))
    granted = set(SealedGrant.objects.filter(user=actor, revoked_at__isnull=True).values_list("person_id", flat=True))
    sealed = set(Person.objects.filter(pk__in=ids, sealed=True).values_list("pk", flat=True)) | set(links)
    visible = (ids - sealed) | granted
    return {pid for pid in visible if links.get(pid) != StaffSubjectLink.Kind.SELF}


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


def report_decision(actor: User, report_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read report ``report_id`` now, and why: allocated
    to it; supervising who is; on intake duty at its site; a supervisor or
    site manager at its site (the queue); or recorded it in the last 24 hours.
    The notifier's identity is SENSITIVE (``may_see_sensitive``)."""
    gate = _gate(actor, Permission.REPORT_READ)
    if gate is not None:
        return gate
    now = now or timezone.now()
    report = (
        ReportOfConcern.objects.filter(pk=report_id)
        .values("site_id", "status", "allocated_to_id", "recorded_by_id", "received_at")
        .first()
    )
    if report is None:
        return refuse(NOT_FOUND)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    is_open = report["status"] == ReportOfConcern.Status.OPEN
    if is_open and report["allocated_to_id"] == actor.pk:
        return Decision(True, f"allocated-report:{report_id}", may_see_sensitive=sensitive)
    if is_open and report["allocated_to_id"] is not None and report["allocated_to_id"] in supervisees(actor):
        return Decision(True, f"supervision-line:report:{report_id}", may_see_sensitive=sensitive)
    if (
        is_open
        and IntakeDuty.objects.filter(
            user=actor, site_id=report["site_id"], starts_at__lte=now, ends_at__gt=now
        ).exists()
    ):
        return Decision(True, f"intake-duty:{report_id}", may_see_sensitive=sensitive)
    if is_open and actor.role in _SITE_QUEUE_ROLES and actor.site_id == report["site_id"]:
        return Decision(True, f"site-queue:{report['site_id']}", may_see_sensitive=sensitive)
    if report["recorded_by_id"] == actor.pk and report["received_at"] > now - CREATOR_WINDOW:
        return Decision(True, f"recorded:{report_id}", may_see_sensitive=sensitive)
    return refuse(NO_RELATIONSHIP)


# --- Cases -------------------------------------------------------------------


def case_decision(actor: User, case_id: int, *, write: bool = False, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read (or, with ``write``, record on) case
    ``case_id``. The case team (the allocated worker, their supervision line,
    their site manager) reads and records on an open case and reads one
    closed in the last 30 days; anyone who may read one of its children
    (person_decision) may read it, never record on it."""
    gate = _gate(actor, Permission.CASE_UPDATE if write else Permission.CASE_READ)
    if gate is not None:
        return gate
    now = now or timezone.now()
    case = Case.objects.filter(pk=case_id).values("status", "closed_at", "allocated_worker_id").first()
    if case is None:
        return refuse(NOT_FOUND)
    sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    is_open = case["status"] == Case.Status.OPEN
    current = is_open or (case["closed_at"] is not None and case["closed_at"] > now - CLOSED_CASE_WINDOW)
    worker = case["allocated_worker_id"]
    team = None
    if worker == actor.pk:
        team = f"allocated-case:{case_id}"
    elif worker is not None and worker in supervisees(actor):
        team = f"supervision-line:case:{case_id}"
    if team is not None and (is_open or (current and not write)):
        return Decision(True, team, may_see_sensitive=sensitive)
    if write:
        return refuse(NO_RELATIONSHIP)
    children = CaseParticipant.objects.filter(case_id=case_id).order_by("pk").values_list("person_id", flat=True)
    for person_id in children:
        decision = person_decision(actor, person_id, now=now)
        if decision.allowed:
            return Decision(True, f"via-person:{person_id}:{decision.relationship}", decision.reason,
                            may_see_sensitive=decision.may_see_sensitive)  # fmt: skip
    return refuse(NO_RELATIONSHIP)


def may_record_on_case(actor: User, read: Decision) -> bool:
    """Whether a reader of an open case (``read`` from case_decision) may
    also record on it: the same rule as ``case_decision(write=True)``, from
    the decision already made, so a page does not decide twice."""
    return (
        read.allowed
        and read.relationship.startswith(("allocated-case:", "supervision-line:case:"))
        and has_permission(actor, Permission.CASE_UPDATE)
    )
