"""Entering and leaving care: the episode with its legal basis (and the order
it rests on), coded reasons, who the child lived with and their views; on
leaving, the reason and where they went. Entering starts the child's
statutory visits on the case (CaseParticipant.in_care_since); leaving ends
the current placement the same day and stops them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CareEntryReason, CareEpisode, Placement
from tiaki.care.services.care_path import CareError, CareStale, day_words, not_future, open_episode_for_write, text
from tiaki.casework.models import CaseParticipant, CourtOrder
from tiaki.casework.policy import visit_frequency
from tiaki.casework.services.case_path import case_for_write
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.drafts.services import forget as forget_draft
from tiaki.people.models import Person
from tiaki.staff.models import User

#: The legal bases that rest on a court order of the same kind, recorded on the case for the child.
ORDER_BASES = frozenset({"s78", "s39", "s101", "s110"})
BASIS_WORDS = {
    "s78": "an s78 order", "s39": "a place of safety warrant (s39)", "s42": "an emergency removal (s42)",
    "s101": "an s101 custody order", "s110": "an s110 guardianship order", "s139": "a temporary care agreement (s139)",
    "s140": "an extended care agreement (s140)", "s141": "a care agreement (s141/s142)",
    "youth_justice": "youth justice custody", "other": "another order or agreement",
}  # fmt: skip


def already_in_care(episode: CareEpisode) -> CareError:
    return CareError(f"This child is already in care (since {day_words(episode.entered_on)}).", "entered_on")


def clean_reasons(reasons: Sequence[str], main_reason: str, reasons_text: str) -> tuple[list[str], str, str]:
    codes = list(dict.fromkeys(str(r) for r in reasons or ()))
    known = set(CareEntryReason.Code.values)
    if not codes:
        raise CareError("Choose at least one reason the child came into care.", "reasons")
    if any(code not in known for code in codes):
        raise CareError("Choose reasons from the list.", "reasons")
    if main_reason not in codes:
        raise CareError("Choose the main reason from the reasons you ticked.", "main_reason")
    words = text(reasons_text, "reasons_text", "the reasons in your own words", required="other" in codes)
    return codes, main_reason, words


@service(AuditAction.CARE_ENTER, permission=Permission.CARE_RECORD)
def care_enter(
    *,
    actor: User,
    case_id: int,
    child_id: int,
    entered_on: dt.date,
    legal_basis: str,
    court_order_id: int | None = None,
    reasons: list[str],
    main_reason: str,
    reasons_text: str,
    living_with: str,
    living_with_detail: str = "",
    child_views: str = "",
) -> CareEpisode:
    """A child on an open case comes into care: one open episode per child;
    an s78, s39, s101 or s110 basis names that order, recorded on the case
    for the child. Their statutory visits start (in_care_since)."""
    not_future(entered_on, "entered_on", "The date they came into care")
    if legal_basis not in CareEpisode.LegalBasis.values:
        raise CareError("Choose the legal basis for their care.", "legal_basis")
    if legal_basis in ORDER_BASES and court_order_id is None:
        raise CareError("Choose the order their care rests on, from the case's orders.", "court_order")
    codes, main, words = clean_reasons(reasons, main_reason, reasons_text)
    if living_with not in CareEpisode.LivingWith.values:
        raise CareError("Choose who they were living with.", "living_with")
    detail = text(living_with_detail, "living_with_detail", "who they were living with", required=False, limit=200)
    views = text(child_views, "child_views", "the child's views", required=False)
    now = timezone.now()
    with case_for_write(actor, case_id) as (case, step):
        participant = (
            CaseParticipant.objects.select_for_update()
            .filter(case=case, person_id=child_id, role=CaseParticipant.Role.CHILD)
            .first()
        )
        # A child sealed from the writer answers as one not on the case (tiaki.access.sealed).
        if participant is None or sealed.hidden_person_ids(actor, [child_id]):
            raise CareError("That child is not on this case.", "child")
        born = Person.objects.filter(pk=child_id).values_list("date_of_birth", flat=True).first()
        if born is not None and entered_on < born:
            raise CareError("The date they came into care cannot be before they were born.", "entered_on")
        order = None
        if court_order_id is not None:
            order = CourtOrder.objects.filter(pk=court_order_id, case=case, child_id=child_id).first()
            if order is None:
                raise CareError("That order is not on this case for this child.", "court_order")
            if legal_basis in ORDER_BASES and order.kind != legal_basis:
                raise CareError(f"Choose an {legal_basis} order: the order chosen is of another kind.", "court_order")
        current = CareEpisode.objects.filter(child_id=child_id, left_on__isnull=True).first()
        if current is not None:
            raise already_in_care(current)
        earlier = CareEpisode.objects.filter(child_id=child_id, left_on__gt=entered_on).order_by("-left_on").first()
        if earlier is not None and earlier.left_on is not None:
            raise CareError(f"They were in care until {day_words(earlier.left_on)}: enter a later date.", "entered_on")
        try:
            with transaction.atomic():
                episode = CareEpisode.objects.create(
                    child_id=child_id, case=case, entered_on=entered_on, legal_basis=legal_basis, court_order=order,
                    reasons_text=words, living_with=living_with, living_with_detail=detail, child_views=views,
                    recorded_by=actor, recorded_at=now,
                )  # fmt: skip
        except IntegrityError:
            raise already_in_care(CareEpisode.objects.get(child_id=child_id, left_on__isnull=True)) from None
        CareEntryReason.objects.bulk_create(
            CareEntryReason(episode=episode, code=code, main=code == main) for code in codes
        )
        participant.in_care_since = entered_on
        participant.visit_frequency = participant.visit_frequency or visit_frequency()
        participant.save(update_fields=["in_care_since", "visit_frequency"])
        chronology_add(
            person_ids=[child_id], kind=ChronologyEntry.Kind.CARE, source_id=episode.pk, case_id=case.pk,
            occurred_at=_moment(entered_on, now), significant=True,
            title=f"Came into care under {BASIS_WORDS[legal_basis]}",
            summary=f"Main reason: {CareEntryReason.Code(main).label}.",
        )  # fmt: skip
        step.subject_type, step.subject_ids = "person", [child_id]
        step.relationship = f"case:{case.pk}:care-episode:{episode.pk}"
        forget_draft(actor, "care.enter", case.pk, child_id)
    return episode


@service(AuditAction.CARE_LEAVE, permission=Permission.CARE_RECORD)
def care_leave(
    *,
    actor: User,
    child_id: int,
    left_on: dt.date,
    leaving_reason: str,
    left_to: str,
    leaving_detail: str = "",
    expected_version: int | None = None,
) -> CareEpisode:
    """The child leaves care: not before they entered or their current
    placement began; the placement ends that day (left care) and their
    statutory visits stop."""
    not_future(left_on, "left_on", "The date they left care")
    if leaving_reason not in CareEpisode.LeavingReason.values:
        raise CareError("Choose why they left care.", "leaving_reason")
    left_to = text(left_to, "left_to", "where they went", limit=200)
    detail = text(leaving_detail, "leaving_detail", "the reason in your own words",
                  required=leaving_reason == CareEpisode.LeavingReason.OTHER)  # fmt: skip
    now = timezone.now()
    with open_episode_for_write(actor, child_id) as (episode, case, step):
        if expected_version is not None and expected_version != episode.version:
            raise CareStale("Someone else changed this care record since you opened it. Nothing was saved.")
        if left_on < episode.entered_on:
            raise CareError(f"They came into care on {day_words(episode.entered_on)}: enter that day or later.",
                            "left_on")  # fmt: skip
        placement = Placement.objects.select_for_update().filter(episode=episode, ended_on__isnull=True).first()
        if placement is not None:
            if left_on < placement.started_on:
                raise CareError(f"Their current placement began on {day_words(placement.started_on)}: "
                                "enter that day or later.", "left_on")  # fmt: skip
            end_placement(placement, left_on, Placement.EndReason.LEFT_CARE)
        episode.left_on, episode.leaving_reason, episode.left_to = left_on, leaving_reason, left_to
        episode.leaving_detail, episode.left_recorded_by, episode.left_recorded_at = detail, actor, now
        episode.version += 1
        episode.save(update_fields=["left_on", "leaving_reason", "left_to", "leaving_detail", "left_recorded_by",
                                    "left_recorded_at", "version"])  # fmt: skip
        CaseParticipant.objects.filter(case=case, person_id=episode.child_id).update(in_care_since=None)
        chronology_add(
            person_ids=[episode.child_id], kind=ChronologyEntry.Kind.CARE, source_id=episode.pk, case_id=case.pk,
            occurred_at=_moment(left_on, now), significant=True,
            title="Left care", summary=f"{CareEpisode.LeavingReason(leaving_reason).label}.",
        )  # fmt: skip
        step.relationship = f"case:{case.pk}:care-episode:{episode.pk}:left"
        forget_draft(actor, "care.leave", episode.child_id, 0)
    return episode


def end_placement(placement: Placement, ended_on: dt.date, reason: str, detail: str = "") -> None:
    """End ``placement`` (locked by the caller) on ``ended_on``; an unapproved
    caregiver's placement is resolved by its ending."""
    placement.ended_on, placement.end_reason, placement.end_detail = ended_on, reason, detail
    fields = ["ended_on", "end_reason", "end_detail", "version"]
    if placement.awaiting_approval:
        placement.unapproved_resolved_on = ended_on
        fields.append("unapproved_resolved_on")
    placement.version += 1
    placement.save(update_fields=fields)


def _moment(day: dt.date, now: dt.datetime) -> dt.datetime:
    """The chronology's moment for something that happened on ``day``: now if
    today, else midday that day in New Zealand."""
    if day == timezone.localdate(now):
        return now
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())
