"""Family Group Conferences and court orders.

A without-notice order (s78) is recorded only together with the record of
attempts to engage the whānau and the reason no safety plan was workable:
the service refuses it otherwise, and the database refuses an s78 row
without the reason (CourtOrder's check constraints).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.ids import NO_RECORD
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import (
    CaseParticipant,
    CourtOrder,
    EngagementAttempt,
    FamilyGroupConference,
)
from tiaki.casework.services.case_path import case_for_write, child_ids, entered_text
from tiaki.casework.services.errors import CaseworkError, StaleVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.drafts.services import forget as forget_draft
from tiaki.staff.models import User

Outcome = FamilyGroupConference.Outcome


@service(AuditAction.FGC_RECORD, permission=Permission.CASE_UPDATE)
def fgc_refer(
    *,
    actor: User,
    case_id: int,
    reason: str,
    coordinator_id: int | None = None,
    referred_at: dt.datetime | None = None,
) -> FamilyGroupConference:
    """Refer the case to a Family Group Conference, with the reason; one
    made earlier is recorded at ``referred_at`` (not in the future, not
    before the case was opened)."""
    reason = entered_text(reason, "reason", "why a conference is needed", limit=10_000)
    if referred_at is not None and referred_at > timezone.now() + dt.timedelta(minutes=5):
        raise CaseworkError("The date of the referral cannot be in the future.", "referred_at")
    with case_for_write(actor, case_id) as (case, step):
        coordinator = None
        if coordinator_id is not None:
            coordinator = User.objects.filter(pk=coordinator_id, is_active=True).first()
            if coordinator is None:
                raise CaseworkError("Choose an active staff member as coordinator.", "coordinator")
        now = timezone.now()
        if referred_at is not None:
            if referred_at < case.opened_at:
                raise CaseworkError("The referral cannot be before the case was opened.", "referred_at")
            now = referred_at
        fgc = FamilyGroupConference.objects.create(case=case, referred_at=now, referred_by=actor,
                                                   referral_reason=reason, coordinator=coordinator)  # fmt: skip
        chronology_add(person_ids=child_ids(case.pk), kind=ChronologyEntry.Kind.FGC, occurred_at=now,
                       source_id=fgc.pk, case_id=case.pk, title="Referred to a Family Group Conference",
                       summary=reason, significant=True)  # fmt: skip
        step.relationship = f"fgc:{fgc.pk}:referral"
        # The worker's draft of each form ends with the record it became.
        forget_draft(actor, "casework.fgc_refer", case.pk)
    return fgc


@service(AuditAction.FGC_RECORD, permission=Permission.CASE_UPDATE)
def fgc_record(
    *,
    actor: User,
    fgc_id: int,
    version: int,
    held_on: dt.date | None,
    attendees: str,
    outcome: str,
    agreed_plan: str = "",
    review_on: dt.date | None = None,
    coordinator_id: int | None = None,
) -> FamilyGroupConference:
    """Record what the conference did: when it was held, who came, the plan
    agreed and its review date. The outcome goes on the case and into each
    child's chronology."""
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise CaseworkError("Choose the outcome of the conference.", "outcome")
    today = timezone.localdate()
    if outcome != Outcome.NOT_HELD:
        if held_on is None:
            raise CaseworkError("Give the date the conference was held.", "held_on")
        if held_on > today:
            raise CaseworkError("The conference date cannot be in the future.", "held_on")
    attendees = entered_text(attendees, "attendees", "who came", required=outcome != Outcome.NOT_HELD, limit=5_000)
    agreed_plan = entered_text(agreed_plan, "agreed_plan", "the plan agreed", required=outcome == Outcome.PLAN_AGREED,
                        limit=50_000)  # fmt: skip
    if outcome == Outcome.PLAN_AGREED:
        if review_on is None:
            raise CaseworkError("Give the date the agreed plan will be reviewed.", "review_on")
        if review_on <= today:
            raise CaseworkError("The review date must be in the future.", "review_on")
    # A missing conference is decided as a missing case (NO_RECORD): the same
    # refusal and audit event as one on a case out of reach.
    case_id = FamilyGroupConference.objects.filter(pk=fgc_id).values_list("case_id", flat=True).first() or NO_RECORD
    with case_for_write(actor, case_id) as (case, step):
        fgc = FamilyGroupConference.objects.select_for_update().get(pk=fgc_id)
        if fgc.version != version:
            raise StaleVersion("Someone else updated this conference since you opened it. Nothing was saved.",
                               current=fgc)  # fmt: skip
        if coordinator_id is not None:
            if not User.objects.filter(pk=coordinator_id, is_active=True).exists():
                raise CaseworkError("Choose an active staff member as coordinator.", "coordinator")
            fgc.coordinator_id = coordinator_id
        fgc.held_on, fgc.attendees, fgc.outcome = held_on if outcome != Outcome.NOT_HELD else None, attendees, outcome
        fgc.agreed_plan, fgc.review_on, fgc.version = agreed_plan, review_on, fgc.version + 1
        fgc.save(update_fields=["coordinator", "held_on", "attendees", "outcome", "agreed_plan", "review_on",
                                "version"])  # fmt: skip
        when = timezone.make_aware(dt.datetime.combine(fgc.held_on, dt.time(12))) if fgc.held_on else timezone.now()
        label = Outcome(outcome).label
        chronology_add(person_ids=child_ids(case.pk), kind=ChronologyEntry.Kind.FGC, occurred_at=when,
                       source_id=fgc.pk, case_id=case.pk, significant=True,
                       title=f"Family Group Conference: {label.lower()}",
                       summary=agreed_plan or attendees)  # fmt: skip
        step.relationship = f"fgc:{fgc.pk}:outcome"
        forget_draft(actor, "casework.fgc_record", fgc.pk)
    return fgc


@service(AuditAction.ORDER_RECORD, permission=Permission.CASE_UPDATE)
def court_order_record(
    *,
    actor: User,
    case_id: int,
    child_id: int,
    kind: str,
    court: str,
    made_on: dt.date,
    expires_on: dt.date | None = None,
    conditions: str = "",
    no_safety_plan_reason: str = "",
    engagement_attempts: Sequence[Mapping[str, object]] = (),
) -> CourtOrder:
    """Record a court order for a child on the case. An s78 order is without
    notice: it needs at least one recorded attempt to engage the whānau
    (when, how, with whom, what happened) and why no safety plan was workable."""
    if kind not in CourtOrder.Kind.values:
        raise CaseworkError("Choose the kind of order.", "kind")
    court = entered_text(court, "court", "the court", limit=100)
    today = timezone.localdate()
    if made_on > today:
        raise CaseworkError("The date the order was made cannot be in the future.", "made_on")
    if expires_on is not None and expires_on < made_on:
        raise CaseworkError("The order cannot expire before it was made.", "expires_on")
    conditions = entered_text(conditions, "conditions", "the conditions", required=False, limit=20_000)
    without_notice = kind == CourtOrder.Kind.S78
    attempts: list[EngagementAttempt] = []
    if without_notice:
        no_safety_plan_reason = entered_text(no_safety_plan_reason, "no_safety_plan_reason",
                                      "why no safety plan with the whānau was workable", limit=10_000)  # fmt: skip
        attempts = _attempts(engagement_attempts, made_on)
    elif no_safety_plan_reason.strip() or engagement_attempts:
        raise CaseworkError("Engagement attempts and the no-safety-plan reason belong to a without-notice (s78) "
                            "order only.", "kind")  # fmt: skip
    with case_for_write(actor, case_id) as (case, step):
        # A child sealed from the writer answers as one not on the case (tiaki.access.sealed).
        if not CaseParticipant.objects.filter(
            case=case, person_id=child_id, role=CaseParticipant.Role.CHILD
        ).exists() or sealed.hidden_person_ids(actor, [child_id]):
            raise CaseworkError("That child is not on this case.", "child")
        order = CourtOrder.objects.create(
            case=case, child_id=child_id, kind=kind, court=court, made_on=made_on, expires_on=expires_on,
            conditions=conditions, without_notice=without_notice,
            no_safety_plan_reason=no_safety_plan_reason.strip() if without_notice else "",
            recorded_by=actor, recorded_at=timezone.now(),
        )  # fmt: skip
        for attempt in attempts:
            attempt.order = order
        EngagementAttempt.objects.bulk_create(attempts)
        if not case.court_work:
            case.court_work = True
            case.save(update_fields=["court_work"])
        label = CourtOrder.Kind(kind).label
        summary = f"{court}." + (f" Expires {expires_on.day} {expires_on:%B %Y}." if expires_on else "")
        if without_notice:
            summary += f" Made without notice after {len(attempts)} recorded attempt(s) to engage the whānau."
        chronology_add(person_ids=[child_id], kind=ChronologyEntry.Kind.ORDER,
                       occurred_at=timezone.make_aware(dt.datetime.combine(made_on, dt.time(12))),
                       source_id=order.pk, case_id=case.pk, significant=True, title=label, summary=summary)  # fmt: skip
        step.subject_type, step.subject_ids = "person", [child_id]
        step.relationship = f"case:{case.pk}:order:{order.pk}"
        forget_draft(actor, "casework.order", case.pk)
    return order


def _attempts(rows: Sequence[Mapping[str, object]], made_on: dt.date) -> list[EngagementAttempt]:
    attempts = []
    now = timezone.now()
    for number, row in enumerate(rows, start=1):
        values = {key: row.get(key) for key in ("attempted_at", "method", "with_whom", "outcome")}
        if not any(values.values()):
            continue
        at = values["attempted_at"]
        if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
            at = timezone.make_aware(dt.datetime.combine(at, dt.time(9)))
        if not isinstance(at, dt.datetime) or timezone.is_naive(at):
            raise CaseworkError(f"Attempt {number}: give when it was made.", f"attempts-{number}")
        if at > now:
            raise CaseworkError(f"Attempt {number}: the date cannot be in the future.", f"attempts-{number}")
        if timezone.localdate(at) > made_on:
            raise CaseworkError(f"Attempt {number}: it must come before the order was made.", f"attempts-{number}")
        if values["method"] not in EngagementAttempt.Method.values:
            raise CaseworkError(f"Attempt {number}: choose how the whānau were contacted.", f"attempts-{number}")
        with_whom = str(values["with_whom"] or "").strip()
        outcome = str(values["outcome"] or "").strip()
        if not with_whom or not outcome:
            raise CaseworkError(f"Attempt {number}: say who was contacted and what happened.", f"attempts-{number}")
        attempts.append(EngagementAttempt(attempted_at=at, method=str(values["method"]), with_whom=with_whom[:200],
                                          outcome=outcome[:5_000]))  # fmt: skip
    if not attempts:
        raise CaseworkError(
            "A without-notice (s78) order can only be recorded with the attempts made to engage the whānau.",
            "attempts",
        )
    return attempts
