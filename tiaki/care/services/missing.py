"""Missing and away-from-placement episodes: when the child went, whether the
police were told, and, when they come back, where they were found
(SENSITIVE, masked like a placement's location) and the return conversation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.ids import record_id
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.models import MissingEpisode, Placement
from tiaki.care.services.care_path import CareError, CareStale, open_episode_for_write, text
from tiaki.casework.services.case_path import case_for_write
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.staff.models import User

#: The clock drift the services allow on "not in the future" (as casework's notes).
DRIFT = dt.timedelta(minutes=5)


@service(AuditAction.MISSING_RECORD, permission=Permission.CARE_RECORD)
def missing_record(
    *, actor: User, child_id: int, kind: str, started_at: dt.datetime, reported_to_police: bool = False
) -> MissingEpisode:
    """A child in a current placement is missing or away without permission."""
    if kind not in MissingEpisode.Kind.values:
        raise CareError("Choose whether they are missing or away without permission.", "kind")
    now = timezone.now()
    if started_at > now + DRIFT:
        raise CareError("When they went missing cannot be in the future.", "started_at")
    with open_episode_for_write(actor, child_id) as (episode, case, step):
        placement = Placement.objects.filter(episode=episode, ended_on__isnull=True).first()
        if placement is None:
            raise CareError("They have no current placement: a missing episode is from a placement.", "started_at")
        if timezone.localdate(started_at) < placement.started_on:
            raise CareError("That is before their current placement began.", "started_at")
        if MissingEpisode.objects.filter(child_id=episode.child_id, returned_at__isnull=True).exists():
            raise CareError("They are already recorded as missing: record their return first.", "started_at")
        missing = MissingEpisode.objects.create(
            child_id=episode.child_id, placement=placement, kind=kind, started_at=started_at,
            reported_to_police=reported_to_police, recorded_by=actor, recorded_at=now,
        )  # fmt: skip
        chronology_add(
            person_ids=[episode.child_id], kind=ChronologyEntry.Kind.MISSING, source_id=missing.pk, case_id=case.pk,
            occurred_at=started_at, significant=True,
            title="Missing from placement" if kind == MissingEpisode.Kind.MISSING
            else "Away from placement without permission",
            summary="Reported to the police." if reported_to_police else "Not reported to the police.",
        )  # fmt: skip
        step.relationship = f"case:{case.pk}:missing:{missing.pk}"
    return missing


@service(AuditAction.MISSING_RECORD, permission=Permission.CARE_RECORD)
def missing_return(
    *,
    actor: User,
    missing_id: int,
    returned_at: dt.datetime,
    where_found: str = "",
    conversation_at: dt.datetime | None = None,
    conversation_by_id: int | None = None,
    conversation: str = "",
    expected_version: int | None = None,
) -> MissingEpisode:
    """They came back: after they went, not in the future; where they were
    found and the return conversation (when, who, what the child said)."""
    now = timezone.now()
    if returned_at > now + DRIFT:
        raise CareError("When they came back cannot be in the future.", "returned_at")
    where_found = text(where_found, "where_found", "where they were found", required=False, limit=200)
    conversation = text(conversation, "conversation", "what the child said", required=conversation_at is not None)
    if conversation and conversation_at is None:
        raise CareError("Enter when the return conversation was held.", "conversation_at")
    if conversation_at is not None and conversation_at > now + DRIFT:
        raise CareError("The return conversation cannot be in the future.", "conversation_at")
    if (
        conversation_by_id is not None
        and not User.objects.filter(pk=record_id(conversation_by_id), is_active=True).exists()
    ):
        raise CareError("Choose who held the return conversation.", "conversation_by")
    case_id = (
        MissingEpisode.objects.filter(pk=record_id(missing_id)).values_list("placement__episode__case_id", flat=True)
    ).first()
    with case_for_write(actor, case_id or 0) as (case, step):
        missing = MissingEpisode.objects.select_for_update().get(pk=missing_id)
        if expected_version is not None and missing.version != expected_version:
            raise CareStale("Someone else changed this record since you opened it. Nothing was saved.")
        if missing.returned_at is not None:
            raise CareError("Their return is already recorded.", "returned_at")
        if returned_at < missing.started_at:
            raise CareError("They cannot come back before they went: check the time.", "returned_at")
        if conversation_at is not None and conversation_at < returned_at:
            raise CareError("The return conversation is after they came back: check the time.", "conversation_at")
        missing.returned_at, missing.where_found, missing.return_conversation = returned_at, where_found, conversation
        missing.return_conversation_at = conversation_at
        missing.return_conversation_by_id = (conversation_by_id or actor.pk) if conversation_at else None
        missing.version += 1
        missing.save(update_fields=["returned_at", "where_found", "return_conversation", "return_conversation_at",
                                    "return_conversation_by", "version"])  # fmt: skip
        chronology_add(
            person_ids=[missing.child_id], kind=ChronologyEntry.Kind.MISSING, source_id=missing.pk, case_id=case.pk,
            occurred_at=returned_at, significant=True, title="Came back to placement",
            summary="Return conversation held." if conversation_at else "Return conversation not yet held.",
        )  # fmt: skip
        step.subject_type, step.subject_ids = "person", [missing.child_id]
        step.relationship = f"case:{case.pk}:missing:{missing.pk}:returned"
    return missing
