"""The casework domain's part of need-to-know (tiaki.access.reach): the
relationships a case gives to the people in it, and who may read or record
on a case. Registered from CaseworkConfig.ready()."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from tiaki.access import has_permission, reach, scoping
from tiaki.access.ids import record_id
from tiaki.access.permissions import Permission
from tiaki.access.scoping import NO_RELATIONSHIP, NOT_FOUND, Decision, refuse
from tiaki.casework.models import Case, CaseParticipant
from tiaki.staff.models import User

# How long after a case closes its team may still read it (to finish the record).
CLOSED_CASE_WINDOW = dt.timedelta(days=30)


def _params(actor: User, now: dt.datetime) -> dict[str, Any]:
    return {
        "open_case": Case.Status.OPEN.value,
        "closed_since": connection.ops.adapt_datetimefield_value(now - CLOSED_CASE_WINDOW),
    }


def _case_of(who: str) -> str:
    """The current case ``q`` is in allocated to ``who``, open ones first (SQL)."""
    return (
        f"(SELECT cp.case_id FROM {scoping.table(CaseParticipant)} cp "  # noqa: S608 - table names from the model registry; values are parameters
        f"JOIN {scoping.table(Case)} c ON c.id = cp.case_id "
        f"WHERE cp.person_id = q.id AND (c.status = %(open_case)s OR c.closed_at > %(closed_since)s) "
        f"AND {who} ORDER BY c.status DESC, cp.case_id LIMIT 1)"
    )


def _current_cases_bulk(now: dt.datetime, workers: list[int]) -> QuerySet[Any]:
    # An open case, or one closed within CLOSED_CASE_WINDOW (its team
    # finishes the record and can still see what they wrote).
    current = Q(case__status=Case.Status.OPEN) | Q(case__closed_at__gt=now - CLOSED_CASE_WINDOW)
    return CaseParticipant.objects.filter(current, case__allocated_worker_id__in=workers).values_list(
        "person_id", flat=True
    )


ALLOCATED_CASE = reach.PersonRelationship(
    name="allocated-case",
    rank=10,
    sql=lambda: _case_of("c.allocated_worker_id = %(actor)s"),
    bulk=lambda r: _current_cases_bulk(r.now, [r.actor.pk]),
    # Most reads are by the allocated worker: the first statement decides them.
    usual=True,
)
LINE_CASE = reach.PersonRelationship(
    name="supervision-line:case",
    rank=30,
    sql=lambda: _case_of("c.allocated_worker_id IN (SELECT id FROM team)"),
    bulk=lambda r: _current_cases_bulk(r.now, r.supervisees) if r.supervisees else None,
)


def register() -> None:
    reach.register(ALLOCATED_CASE, LINE_CASE, params=_params)


@functools.cache
def _case_facts_sql(vendor: str) -> str:
    # The case's row and its team, in one statement run whether or not the
    # case exists (see tiaki.access.scoping._person_facts_sql).
    return (
        scoping.reach_ctes() + "SELECT c.id IS NOT NULL, c.status = %(open_case)s, "  # noqa: S608 - table names from the model registry; values are parameters
        "(c.status = %(open_case)s OR c.closed_at > %(closed_since)s), "
        "c.allocated_worker_id = %(actor)s, c.allocated_worker_id IN (SELECT id FROM team) "
        f"FROM (SELECT CAST(%(subject)s AS BIGINT) AS id) s LEFT JOIN {scoping.table(Case)} c ON c.id = s.id"
    )


@functools.cache
def _children_sql(vendor: str) -> str:
    """A case's people, in the order they joined it, for person_decisions."""
    participants = scoping.table(CaseParticipant)
    return f"SELECT cp.person_id AS id, cp.id AS pos FROM {participants} cp WHERE cp.case_id = %(subject)s"  # noqa: S608 - table name from the model registry


def case_decision(actor: User, case_id: int, *, write: bool = False, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read (or, with ``write``, record on) case
    ``case_id``. The case team (the allocated worker, their supervision line,
    their site manager) reads and records on an open case and reads one
    closed in the last 30 days; anyone who may read one of its children
    (person_decision) may read it, never record on it. A missing case and an
    out-of-reach one take the same path: the case's statement, then (to
    read) its children's."""
    refused = scoping.gate(actor, Permission.CASE_UPDATE if write else Permission.CASE_READ)
    if refused is not None:
        return refused
    now = now or timezone.now()
    subject = record_id(case_id)
    params = scoping.reach_params(actor, now) | {"subject": subject}
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
    person_gate = scoping.gate(actor, Permission.PERSON_READ, induction=False)
    children = _children_sql(connection.vendor)
    decided = [] if person_gate else scoping.person_decisions(actor, now, subjects=children, subject=subject)
    for asked_id, decision in decided:
        if decision.allowed:
            return Decision(True, f"via-person:{asked_id}:{decision.relationship}", decision.reason,
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


def _case_to_record(actor: User, case_id: int) -> int | None:
    """A draft about a case: kept while the actor may record on it."""
    return case_id if case_decision(actor, case_id, write=True).allowed else None


def _case_of_row(model: Any) -> Any:
    def reach_of(actor: User, row_id: int) -> int | None:
        case_id = model.objects.filter(pk=record_id(row_id)).values_list("case_id", flat=True).first()
        return _case_to_record(actor, case_id if case_id is not None else 0)

    return reach_of


def register_drafts() -> None:
    """The case forms that keep drafts as the worker types (tiaki.drafts.kinds)."""
    from tiaki.casework.models import CaseNote, FamilyGroupConference
    from tiaki.drafts import kinds

    on_case = _case_to_record
    for name, label, url_name in (
        ("casework.note", "Case note", "note-add"),
        ("casework.fgc_refer", "Family group conference referral", "fgc-refer"),
        ("casework.order", "Court order", "order-add"),
        ("casework.close", "Request to close a case", "case-detail"),
    ):
        kinds.register(kinds.DraftKind(name, label, url_name, lambda record, part: (record,), on_case))
    kinds.register(kinds.DraftKind(
        "casework.plan", "Plan", "plan-edit", lambda record, part: (record, part), on_case,
    ))  # fmt: skip
    kinds.register(kinds.DraftKind(
        "casework.note_correct", "Correction to a note", "note-correct", lambda record, part: (record,),
        _case_of_row(CaseNote),
    ))  # fmt: skip
    kinds.register(kinds.DraftKind(
        "casework.fgc_record", "Family group conference outcome", "fgc-record", lambda record, part: (record,),
        _case_of_row(FamilyGroupConference),
    ))  # fmt: skip
