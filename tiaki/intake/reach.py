"""The intake domain's part of need-to-know (tiaki.access.reach): the
relationships a report of concern gives to the people in it, and who may
read a report. Registered from IntakeConfig.ready()."""

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
from tiaki.access.roles import Role
from tiaki.access.scoping import NO_RELATIONSHIP, NOT_FOUND, Decision, refuse
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.reach import CREATOR_WINDOW
from tiaki.staff.models import User

#: Roles that triage and allocate their site's incoming reports: they see the
#: site's open reports (the allocation queue), not the whole register.
_SITE_QUEUE_ROLES = frozenset({Role.SUPERVISOR, Role.SITE_MANAGER})


def _params(actor: User, now: dt.datetime) -> dict[str, Any]:
    return {
        "open_report": ReportOfConcern.Status.OPEN.value,
        # Whoever recorded a report reads it for as long as whoever adds a person does.
        "recorded_since": connection.ops.adapt_datetimefield_value(now - CREATOR_WINDOW),
    }


def _report_of(who: str) -> str:
    """The first open report ``q`` is in, allocated to ``who`` (SQL)."""
    return (
        f"(SELECT rp.report_id FROM {scoping.table(ReportPerson)} rp "  # noqa: S608 - table names from the model registry; values are parameters
        f"JOIN {scoping.table(ReportOfConcern)} r ON r.id = rp.report_id "
        f"WHERE rp.person_id = q.id AND r.status = %(open_report)s AND {who} ORDER BY rp.id LIMIT 1)"
    )


def _open_reports_bulk(reached: Q) -> QuerySet[Any]:
    return ReportPerson.objects.filter(reached, report__status=ReportOfConcern.Status.OPEN).values_list(
        "person_id", flat=True
    )


ALLOCATED_REPORT = reach.PersonRelationship(
    name="allocated-report",
    rank=20,
    sql=lambda: _report_of("r.allocated_to_id = %(actor)s"),
    bulk=lambda r: _open_reports_bulk(Q(report__allocated_to_id=r.actor.pk)),
)
LINE_REPORT = reach.PersonRelationship(
    name="supervision-line:report",
    rank=40,
    sql=lambda: _report_of("r.allocated_to_id IN (SELECT id FROM team)"),
    bulk=lambda r: _open_reports_bulk(Q(report__allocated_to_id__in=r.supervisees)) if r.supervisees else None,
)
INTAKE_DUTY = reach.PersonRelationship(
    name="intake-duty",
    rank=50,
    sql=lambda: _report_of("r.site_id IN (SELECT site_id FROM duty)"),
    bulk=lambda r: _open_reports_bulk(Q(report__site_id__in=r.duty_sites)) if r.duty_sites else None,
)


def register() -> None:
    reach.register(ALLOCATED_REPORT, LINE_REPORT, INTAKE_DUTY, params=_params)


@functools.cache
def _report_facts_sql(vendor: str) -> str:
    # The report's row and every relationship report_decision knows, in one
    # statement run whether or not the report exists (see
    # tiaki.access.scoping._person_facts_sql).
    return (
        scoping.reach_ctes() + "SELECT r.id IS NOT NULL, r.site_id, r.status = %(open_report)s, "  # noqa: S608 - table names from the model registry; values are parameters
        "r.allocated_to_id = %(actor)s, r.allocated_to_id IN (SELECT id FROM team), "
        "r.site_id IN (SELECT site_id FROM duty), "
        "(r.recorded_by_id = %(actor)s AND r.received_at > %(recorded_since)s) "
        f"FROM (SELECT CAST(%(subject)s AS BIGINT) AS id) s LEFT JOIN {scoping.table(ReportOfConcern)} r ON r.id = s.id"
    )


def report_decision(actor: User, report_id: int, *, now: dt.datetime | None = None) -> Decision:
    """Whether ``actor`` may read report ``report_id`` now, and why: allocated
    to it; supervising who is; on intake duty at its site; a supervisor or
    site manager at its site (the queue); or recorded it in the last 24 hours.
    The notifier's identity is SENSITIVE (``may_see_sensitive``). A missing
    report and an out-of-reach one take the same path (one statement)."""
    refused = scoping.gate(actor, Permission.REPORT_READ)
    if refused is not None:
        return refused
    now = now or timezone.now()
    params = scoping.reach_params(actor, now) | {"subject": record_id(report_id)}
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
