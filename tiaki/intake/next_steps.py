"""What an actor may do next with a report, or on the record-a-report form.

The rules the report page and the recording form follow, in one place so
no view rebuilds them: report_get hands its reader a ReportNextSteps made
here from the reach it has already decided and the report's state. The
services check again when the step is taken (triage_decide, triage_approve,
report_allocate, report_respond); these only decide which forms to offer.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiaki.access import Permission, has_permission
from tiaki.intake.models import ReportOfConcern
from tiaki.staff.models import User

Stage = ReportOfConcern.Stage
#: A decision can be made, or made again, until the report is allocated.
TRIAGE_STAGES = frozenset({Stage.RECEIVED, Stage.DECIDED})
#: The allocated worker opens a case once the report is theirs.
CASE_STAGES = frozenset({Stage.ALLOCATED, Stage.RESPONDED})


@dataclass(frozen=True)
class ReportNextSteps:
    may_triage: bool
    may_approve: bool
    may_allocate: bool
    may_respond: bool
    may_open_case: bool
    may_record_another: bool = False


def report_next_steps(
    actor: User,
    *,
    stage: str,
    status: str,
    allocated_to_id: int | None,
    responded: bool,
    latest_decided_by_id: int | None,
    recorded_by_id: int | None = None,
) -> ReportNextSteps:
    """For a reader report_get has let in: triage an open report not yet
    allocated; approve a decision waiting for approval that someone else
    made; allocate a decided report; the allocated worker records the first
    response, and opens a case; whoever recorded it may record another."""
    mine = allocated_to_id is not None and allocated_to_id == actor.pk
    return ReportNextSteps(
        may_triage=has_permission(actor, Permission.REPORT_TRIAGE)
        and stage in TRIAGE_STAGES
        and status == ReportOfConcern.Status.OPEN,
        may_approve=has_permission(actor, Permission.REPORT_APPROVE)
        and stage == Stage.AWAITING_APPROVAL
        and latest_decided_by_id is not None
        and latest_decided_by_id != actor.pk,
        may_allocate=has_permission(actor, Permission.REPORT_ALLOCATE) and stage == Stage.DECIDED,
        may_respond=mine and not responded and stage == Stage.ALLOCATED,
        may_open_case=mine and has_permission(actor, Permission.CASE_CREATE) and stage in CASE_STAGES,
        may_record_another=recorded_by_id is not None
        and recorded_by_id == actor.pk
        and has_permission(actor, Permission.REPORT_CREATE),
    )


@dataclass(frozen=True)
class RecordingSteps:
    """On the record-a-report form: whether the recorder may see the people
    they link (a partner agency may not read the register), and search it."""

    may_see_linked: bool
    may_search: bool


def recording_steps(actor: User) -> RecordingSteps:
    return RecordingSteps(
        may_see_linked=has_permission(actor, Permission.PERSON_READ),
        may_search=has_permission(actor, Permission.PERSON_SEARCH),
    )
