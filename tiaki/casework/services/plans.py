"""The child's plan: goals, who does what by when, a review date, the child's
own words and whānau views. Every save is a new version; two workers editing
at once cannot overwrite each other (the second is told, nothing is lost)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import CaseParticipant, FamilyGroupConference, Plan, PlanVersion
from tiaki.casework.services.case_path import case_for_write, entered_text
from tiaki.casework.services.errors import CaseworkError, StaleVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.drafts.services import forget as forget_draft
from tiaki.staff.models import User

GOAL_FIELDS = ("goal", "action", "who", "by")
MAX_GOALS = 30


def clean_goals(goals: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """Rows with a goal, an action and who does it; ``by`` is an ISO date or empty.
    Blank rows are dropped; a half-filled row is an error naming the row."""
    rows = []
    for number, raw in enumerate(goals, start=1):
        row = {key: str(raw.get(key) or "").strip() for key in GOAL_FIELDS}
        if not any(row.values()):
            continue
        missing = [label for key, label in (("goal", "the goal"), ("action", "the action"), ("who", "who does it"))
                   if not row[key]]  # fmt: skip
        if missing:
            raise CaseworkError(f"Goal {number}: enter {' and '.join(missing)}.", f"goals-{number}")
        if row["by"]:
            try:
                dt.date.fromisoformat(row["by"])
            except ValueError:
                raise CaseworkError(f"Goal {number}: give 'by when' as a date.", f"goals-{number}") from None
        if any(len(value) > 2_000 for value in row.values()):
            raise CaseworkError(f"Goal {number}: keep each part under 2,000 characters.", f"goals-{number}")
        rows.append(row)
    if not rows:
        raise CaseworkError("Add at least one goal, with its action and who does it.", "goals")
    if len(rows) > MAX_GOALS:
        raise CaseworkError(f"A plan holds at most {MAX_GOALS} goals.", "goals")
    return rows


@service(AuditAction.PLAN_SAVE, permission=Permission.CASE_UPDATE)
def plan_save(
    *,
    actor: User,
    case_id: int,
    child_id: int,
    base_version: int,
    goals: Sequence[Mapping[str, object]],
    child_voice: str,
    whanau_views: str,
    review_on: dt.date,
    reason: str = "",
    fgc_id: int | None = None,
) -> PlanVersion:
    """Save a new version of the child's plan. ``base_version`` is the version
    the writer started from (0 for a new plan): if someone else saved since,
    nothing is saved and StaleVersion carries their version. The child's
    voice is required: their words, or why they could not be gathered."""
    rows = clean_goals(goals)
    child_voice = entered_text(child_voice, "child_voice",
                        "the child's views in their own words, or why they could not be gathered")  # fmt: skip
    whanau_views = entered_text(whanau_views, "whanau_views", "whānau views", required=False)
    today = timezone.localdate()
    if review_on <= today:
        raise CaseworkError("The review date must be in the future.", "review_on")
    if review_on > today + dt.timedelta(days=366):
        raise CaseworkError("Review a plan at least once a year: choose a date within 12 months.", "review_on")
    reason = entered_text(reason, "reason", "what changed and why", required=base_version > 0, limit=5_000)
    now = timezone.now()
    with case_for_write(actor, case_id) as (case, step):
        # A child sealed from the writer answers as one not on the case (tiaki.access.sealed).
        if not CaseParticipant.objects.filter(
            case=case, person_id=child_id, role=CaseParticipant.Role.CHILD
        ).exists() or sealed.hidden_person_ids(actor, [child_id]):
            raise CaseworkError("That child is not on this case.", "child")
        if fgc_id is not None and not FamilyGroupConference.objects.filter(pk=fgc_id, case=case).exists():
            raise CaseworkError("That conference is not on this case.", "fgc")
        plan = Plan.objects.select_for_update().filter(case=case, child_id=child_id).first()
        if plan is None:
            if base_version != 0:
                raise StaleVersion("This plan no longer exists as you saw it. Nothing was saved.")
            try:
                with transaction.atomic():
                    plan = Plan.objects.create(case=case, child_id=child_id, created_at=now, created_by=actor,
                                               current_version=0)  # fmt: skip
            except IntegrityError:
                raise StaleVersion(
                    "Someone else started this child's plan while you were writing. Nothing was saved: "
                    "your text is below; open their plan and add yours to it."
                ) from None
        elif base_version != plan.current_version:
            theirs = plan.versions.select_related("written_by").get(number=plan.current_version)
            raise StaleVersion(
                f"{theirs.written_by.get_full_name() or 'Someone'} saved a new version of this plan since you "
                "opened it. Nothing was saved: your text is below; compare it with theirs and save again.",
                current=theirs,
            )
        version = PlanVersion.objects.create(
            plan=plan, number=plan.current_version + 1, goals=rows, child_voice=child_voice,
            whanau_views=whanau_views, review_on=review_on, written_by=actor, written_at=now, reason=reason,
            fgc_id=fgc_id,
        )  # fmt: skip
        plan.current_version = version.number
        plan.save(update_fields=["current_version"])
        first = version.number == 1
        chronology_add(
            person_ids=[child_id], kind=ChronologyEntry.Kind.PLAN, occurred_at=now, source_id=plan.pk,
            case_id=case.pk, significant=first or fgc_id is not None,
            title="Plan made" if first else f"Plan updated (version {version.number})",
            summary=f"{len(rows)} goal(s); review by {review_on.day} {review_on:%B %Y}. " + (reason or rows[0]["goal"]),
        )  # fmt: skip
        step.subject_type, step.subject_ids = "person", [child_id]
        step.relationship = f"case:{case.pk}:plan:{plan.pk}:v{version.number}"
        # The worker's draft of this form ends with the record it became.
        forget_draft(actor, "casework.plan", case.pk, child_id)
    return version
