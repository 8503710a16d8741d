"""Placements: where a child in care lives, one at a time. A household
placement takes the household's address (SENSITIVE) and kind; a caregiver
not yet approved needs a reason and a manager's approval; a caregiver whose
police vetting has lapsed cannot be placed with; whether brothers and sisters
in care are together is worked out from the register. A move ends the current
placement and starts the next in one transaction, under the episode's row
lock, with the database's overlap trigger (care.0002) as the backstop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.ids import record_id
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CareEpisode, CaregiverCheck, CaregiverHousehold, HouseholdMember, Placement
from tiaki.care.services.care_path import CareError, CareStale, day_words, not_future, open_episode_for_write, text
from tiaki.care.services.episodes import _moment, end_placement
from tiaki.casework.services.case_path import case_for_write
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.drafts.services import forget as forget_draft
from tiaki.people.models import Relationship
from tiaki.staff.models import User

Kind = Placement.Kind
#: A household's kind gives its placements theirs.
HOUSEHOLD_KINDS = {
    CaregiverHousehold.Kind.KIN: Kind.KIN,
    CaregiverHousehold.Kind.GENERAL: Kind.NON_KIN,
    CaregiverHousehold.Kind.SPECIALIST: Kind.SPECIALIST,
}
PROVIDER_KINDS = frozenset({Kind.FAMILY_HOME, Kind.RESIDENCE, Kind.SUPPORTED_INDEPENDENT, Kind.OTHER})
#: How the chronology says where a child went: never the place itself.
KIND_WORDS = {
    Kind.KIN: "a whānau caregiver", Kind.NON_KIN: "a non-kin caregiver", Kind.SPECIALIST: "a specialist caregiver",
    Kind.FAMILY_HOME: "a family home", Kind.RESIDENCE: "a residence",
    Kind.SUPPORTED_INDEPENDENT: "supported independent living", Kind.OTHER: "another placement",
}  # fmt: skip
OVERLAP = "They already have a placement at that time: a child has one placement at a time."
AWAITING = "Unapproved caregiver: awaiting a manager's approval"
SIBLING_KINDS = ("sibling", "half-sibling")


@dataclass(frozen=True)
class Where:
    """What a new placement is, checked: its kind, household or provider."""

    kind: str
    household: CaregiverHousehold | None
    provider_name: str
    unapproved_reason: str


def _distance(value: object, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        km = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise CareError("Give the distance in kilometres, as a number.", field) from None
    if km < 0 or km >= 100_000:
        raise CareError("Give a distance between 0 and 99,999 kilometres.", field)
    return km


def _where(actor: User, kind: str, household_id: int | None, provider_name: str, unapproved_reason: str,
           started_on: dt.date) -> Where:  # fmt: skip
    """The household (locked) or provider, and the household's approval and police vetting."""
    if household_id is None:
        if kind not in PROVIDER_KINDS:
            raise CareError("Choose the caregiver household, or a residence, family home or other provider.",
                            "household")  # fmt: skip
        name = text(provider_name, "provider_name", "the name of the residence, home or provider", limit=200)
        return Where(kind, None, name, "")
    household = CaregiverHousehold.objects.select_for_update().filter(pk=record_id(household_id)).first()
    members = list(HouseholdMember.objects.filter(household_id=household_id, left_on__isnull=True))
    # A household with someone sealed from the writer answers as one not on the register (tiaki.access.sealed).
    if household is None or sealed.hidden_person_ids(actor, [m.person_id for m in members]):
        raise CareError("Choose a caregiver household on the register.", "household")
    if household.status in (CaregiverHousehold.Status.CLOSED, CaregiverHousehold.Status.DECLINED):
        raise CareError(f"This household is {household.get_status_display().lower()}: choose another.", "household")
    reason = ""
    if household.status != CaregiverHousehold.Status.APPROVED:
        reason = text(unapproved_reason, "unapproved_reason",
                      "why the child is placed with caregivers who are not yet approved (a manager must approve it)",
                      limit=5_000)  # fmt: skip
    _check_vetting(household, [m for m in members if m.role == HouseholdMember.Role.CAREGIVER], started_on)
    return Where(HOUSEHOLD_KINDS[CaregiverHousehold.Kind(household.kind)], household, "", reason)


def _check_vetting(household: CaregiverHousehold, caregivers: list[HouseholdMember], on: dt.date) -> None:
    """Every current caregiver's latest police vetting is recorded, clear and unexpired on ``on``."""
    latest: dict[int, CaregiverCheck] = {}
    for check in CaregiverCheck.objects.filter(
        household=household, member__in=caregivers, kind=CaregiverCheck.Kind.POLICE_VET
    ).order_by("done_on", "pk"):
        if check.member_id is not None:
            latest[check.member_id] = check
    for member in caregivers:
        found = latest.get(member.pk)
        if found is None:
            raise CareError("A caregiver in this household has no police vetting recorded: record it before placing.",
                            "household")  # fmt: skip
        if found.outcome == CaregiverCheck.Outcome.NOT_CLEAR:
            raise CareError("The police vetting for a caregiver in this household was not clear: they cannot be "
                            "placed with.", "household")  # fmt: skip
        if found.expires_on is not None and found.expires_on <= on:
            raise CareError(f"The police vetting for a caregiver in this household expired on "
                            f"{day_words(found.expires_on)}: renew it before placing.", "household")  # fmt: skip


def sibling_ids(actor: User, child_id: int) -> list[int]:
    """The child's brothers and sisters on the register (sibling, half-sibling), without those sealed from ``actor``."""
    rows = Relationship.objects.filter(
        Q(from_person_id=child_id) | Q(to_person_id=child_id), kind__in=SIBLING_KINDS
    ).values_list("from_person_id", "to_person_id")
    ids = sorted({a if b == child_id else b for a, b in rows} - {child_id})
    return sealed.shown_person_ids(actor, ids) if ids else []


def siblings_placed(actor: User, child_id: int, household: CaregiverHousehold | None) -> str:
    """All, some, apart or none: the brothers and sisters in a current
    placement, together when in the same household."""
    siblings = sibling_ids(actor, child_id)
    homes = list(
        Placement.objects.filter(child_id__in=siblings, ended_on__isnull=True).values_list("household_id", flat=True)
    )
    if not homes:
        return Placement.Siblings.NONE_IN_CARE
    together = sum(1 for home in homes if household is not None and home == household.pk)
    if together == len(homes):
        return Placement.Siblings.ALL_TOGETHER
    return Placement.Siblings.SOME_TOGETHER if together else Placement.Siblings.APART


def _new_placement(actor: User, episode: CareEpisode, where: Where, started_on: dt.date, *, planned: bool,
                   move_reason: str, siblings_apart_reason: str, whanau_km: Decimal | None, school_km: Decimal | None,
                   now: dt.datetime) -> Placement:  # fmt: skip
    siblings = siblings_placed(actor, episode.child_id, where.household)
    apart = text(siblings_apart_reason, "siblings_apart_reason",
                 "why they are not placed with their brothers and sisters",
                 required=siblings == Placement.Siblings.APART, limit=5_000)  # fmt: skip
    if siblings in (Placement.Siblings.ALL_TOGETHER, Placement.Siblings.NONE_IN_CARE):
        apart = ""  # nothing to explain: kept only where some or all of them live elsewhere
    try:
        with transaction.atomic():
            return Placement.objects.create(
                episode=episode, child_id=episode.child_id, kind=where.kind, household=where.household,
                provider_name=where.provider_name, started_on=started_on, move_reason=move_reason, planned=planned,
                siblings=siblings, siblings_apart_reason=apart, distance_whanau_km=whanau_km,
                distance_school_km=school_km, location=where.household.address if where.household else None,
                unapproved_reason=where.unapproved_reason, recorded_by=actor, recorded_at=now,
            )  # fmt: skip
    except IntegrityError:
        # The overlap trigger (care.0002) or one current placement per child:
        # another write got there between our check and our insert.
        raise CareError(OVERLAP, "started_on") from None


def _check_no_overlap(episode: CareEpisode, started_on: dt.date) -> None:
    later = (
        Placement.objects.filter(child_id=episode.child_id)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
        .exists()
    )
    if later:
        raise CareError(OVERLAP, "started_on")


def _check_start(episode: CareEpisode, started_on: dt.date, field: str) -> None:
    if started_on < episode.entered_on:
        raise CareError(f"They came into care on {day_words(episode.entered_on)}: a placement cannot start before.",
                        field)  # fmt: skip


def _chronology(placement: Placement, title: str, case_id: int, now: dt.datetime) -> None:
    chronology_add(
        person_ids=[placement.child_id], kind=ChronologyEntry.Kind.PLACEMENT, source_id=placement.pk, case_id=case_id,
        occurred_at=_moment(placement.started_on, now), significant=True, title=title,
        summary=f"{'Planned' if placement.planned else 'Unplanned'}; "
        f"{Placement.Siblings(placement.siblings).label.lower()}."
        + (" The caregivers are not yet approved: a manager must approve it." if placement.unapproved_reason else ""),
    )  # fmt: skip


@service(AuditAction.PLACEMENT_RECORD, permission=Permission.CARE_RECORD)
def placement_start(
    *,
    actor: User,
    child_id: int,
    started_on: dt.date,
    kind: str,
    household_id: int | None = None,
    provider_name: str = "",
    planned: bool = True,
    move_reason: str = "",
    siblings_apart_reason: str = "",
    distance_whanau_km: Decimal | float | None = None,
    distance_school_km: Decimal | float | None = None,
    unapproved_reason: str = "",
) -> Placement:
    """The first placement of the child's open episode (a later one is a
    move): not before they came into care, never alongside another."""
    not_future(started_on, "started_on", "The start date")
    whanau_km = _distance(distance_whanau_km, "distance_whanau_km")
    school_km = _distance(distance_school_km, "distance_school_km")
    move_reason = text(move_reason, "move_reason", "why they are placed here", required=False, limit=5_000)
    now = timezone.now()
    with open_episode_for_write(actor, child_id) as (episode, case, step):
        if Placement.objects.filter(child_id=episode.child_id, ended_on__isnull=True).exists():
            raise CareError("They already have a current placement: record a move instead.", "started_on")
        _check_start(episode, started_on, "started_on")
        _check_no_overlap(episode, started_on)
        where = _where(actor, kind, household_id, provider_name, unapproved_reason, started_on)
        placement = _new_placement(
            actor, episode, where, started_on, planned=planned, move_reason=move_reason,
            siblings_apart_reason=siblings_apart_reason, whanau_km=whanau_km, school_km=school_km, now=now,
        )  # fmt: skip
        _chronology(placement, f"Placed with {KIND_WORDS[Kind(placement.kind)]}", case.pk, now)
        step.relationship = f"case:{case.pk}:placement:{placement.pk}"
        forget_draft(actor, "care.placement", episode.child_id, 0)
    return placement


@service(AuditAction.PLACEMENT_RECORD, permission=Permission.CARE_RECORD)
def placement_move(
    *,
    actor: User,
    child_id: int,
    expected_version: int,
    moved_on: dt.date,
    end_reason: str,
    end_detail: str = "",
    move_reason: str,
    kind: str,
    household_id: int | None = None,
    provider_name: str = "",
    planned: bool = True,
    siblings_apart_reason: str = "",
    distance_whanau_km: Decimal | float | None = None,
    distance_school_km: Decimal | float | None = None,
    unapproved_reason: str = "",
) -> Placement:
    """End the current placement (``expected_version`` is its version: a
    stale one saves nothing) and start the next the same day, with why."""
    not_future(moved_on, "moved_on", "The date they moved")
    if end_reason not in Placement.EndReason.values or end_reason == Placement.EndReason.LEFT_CARE:
        raise CareError("Choose why the placement ended.", "end_reason")
    end_detail = text(end_detail, "end_detail", "why the placement ended",
                      required=end_reason == Placement.EndReason.OTHER, limit=5_000)  # fmt: skip
    move_reason = text(move_reason, "move_reason", "why they are moving", limit=5_000)
    whanau_km = _distance(distance_whanau_km, "distance_whanau_km")
    school_km = _distance(distance_school_km, "distance_school_km")
    now = timezone.now()
    with open_episode_for_write(actor, child_id) as (episode, case, step):
        current = Placement.objects.select_for_update().filter(episode=episode, ended_on__isnull=True).first()
        if current is None:
            raise CareError("They have no current placement to move from: add a placement instead.", "moved_on")
        if current.version != expected_version:
            raise CareStale("Someone else changed this placement since you opened the form. Nothing was saved: "
                            "check their change, then record the move again.")  # fmt: skip
        if moved_on < current.started_on:
            raise CareError(f"Their current placement began on {day_words(current.started_on)}: the move cannot "
                            "be before it.", "moved_on")  # fmt: skip
        where = _where(actor, kind, household_id, provider_name, unapproved_reason, moved_on)
        if where.household is not None and where.household.pk == current.household_id:
            raise CareError("They already live with this household: choose another.", "household")
        end_placement(current, moved_on, end_reason, end_detail)
        placement = _new_placement(
            actor, episode, where, moved_on, planned=planned, move_reason=move_reason,
            siblings_apart_reason=siblings_apart_reason, whanau_km=whanau_km, school_km=school_km, now=now,
        )  # fmt: skip
        words = f"Moved to {KIND_WORDS[Kind(placement.kind)]}: {'planned' if planned else 'unplanned'}"
        _chronology(placement, words, case.pk, now)
        step.relationship = f"case:{case.pk}:placement:{current.pk}->{placement.pk}"
        forget_draft(actor, "care.move", episode.child_id, 0)
    return placement


@service(AuditAction.PLACEMENT_APPROVE, permission=Permission.PLACEMENT_APPROVE)
def placement_approve(*, actor: User, placement_id: int, expected_version: int | None = None) -> Placement:
    """A supervisor or site manager approves a placement with caregivers not
    yet approved; never the person who recorded it. It stays marked
    unapproved until the household is approved or the placement ends."""
    found = Placement.objects.filter(pk=record_id(placement_id)).values_list("episode__case_id", flat=True).first()
    now = timezone.now()
    with case_for_write(actor, found or 0) as (case, step):
        placement = Placement.objects.select_for_update().get(pk=placement_id)
        if expected_version is not None and placement.version != expected_version:
            raise CareStale("Someone else changed this placement since you opened it. Nothing was saved.")
        if not placement.awaiting_approval or placement.ended_on is not None:
            raise CareError("This placement is not waiting for a manager's approval.", "placement")
        if placement.unapproved_approved_by_id is not None:
            raise CareError("A manager has already approved this placement.", "placement")
        if placement.recorded_by_id == actor.pk:
            raise CareError("You recorded this placement: another manager must approve it.", "placement")
        placement.unapproved_approved_by, placement.unapproved_approved_at = actor, now
        placement.version += 1
        placement.save(update_fields=["unapproved_approved_by", "unapproved_approved_at", "version"])
        chronology_add(
            person_ids=[placement.child_id], kind=ChronologyEntry.Kind.PLACEMENT, source_id=placement.pk,
            case_id=case.pk, occurred_at=now, title="A manager approved the placement with caregivers not yet approved",
        )  # fmt: skip
        step.subject_type, step.subject_ids = "person", [placement.child_id]
        step.relationship = f"case:{case.pk}:placement:{placement.pk}:approved"
    return placement
