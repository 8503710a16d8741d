"""The intake part of a person's page ("Their work with us",
tiaki.people.record_facts): the open reports of concern they are in, as
the reader may open them. Provided to people (which may not import intake)
from IntakeConfig.ready().

The person's own decision lets the reader in, then each open report is
shown only if the reader may open it (report_decision: allocated, their
supervision line, intake duty or the site's queue): a report they may not
open is left out and not counted. One audit event for the read.
"""

from __future__ import annotations

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.intake.reach import report_decision
from tiaki.people.record_facts import OpenReport, WorkFacts
from tiaki.staff.models import User


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@selector(AuditAction.REPORT_READ, permission=Permission.REPORT_READ)
def person_reports(*, actor: User, person_id: int) -> WorkFacts:
    """``person_id``'s open reports, newest first, that ``actor`` may open;
    404 when the person is outside their reach."""
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        links = (
            ReportPerson.objects.filter(person_id=person_id, report__status=ReportOfConcern.Status.OPEN)
            .select_related("report__allocated_to")
            .order_by("-report__received_at", "-report_id")
        )
        reports = tuple(
            OpenReport(
                link.report_id,
                link.report.reference,
                link.report.received_at,
                link.report.get_stage_display(),
                _name(link.report.allocated_to),
            )
            for link in links
            if report_decision(actor, link.report_id).allowed
        )
        step.relationship = f"person-work:{decision.relationship}"[:100]
    return WorkFacts(open_reports=reports)


def intake_facts(actor: User, person_id: int) -> WorkFacts:
    """The provider (tiaki.people.record_facts): a role without report access
    is told reports are not for it (the same for every person), not refused."""
    if not has_permission(actor, Permission.REPORT_READ):
        return WorkFacts(not_for_role=frozenset({"reports"}))
    return person_reports(actor=actor, person_id=person_id)
