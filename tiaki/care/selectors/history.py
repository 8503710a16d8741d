"""A child's care history: every episode in care (reasons, legal basis, the
order it rests on), every placement within it (kind, household or provider,
dates, whether planned, why they moved, brothers and sisters, distances, an
unapproved caregiver's state) and every missing episode, newest first.

Decided through the child (person_decision, gated on care:read). A
placement's location and where a missing child was found are SENSITIVE:
shown only with ``may_see_sensitive``, otherwise masked as the person page
masks a protected address. A fixed number of statements however long the
history (22 years, dozens of placements): each table is read once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.ids import record_id
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CareEntryReason, CareEpisode, HouseholdMember, MissingEpisode, Placement
from tiaki.casework.reach import case_decision
from tiaki.casework.selectors.masking import user_name
from tiaki.people.selectors.record import MASKED, display_names
from tiaki.staff.models import User

AWAITING = "Unapproved caregiver: awaiting a manager's approval"
APPROVED_UNTIL = "Unapproved caregiver: a manager approved the placement until the household is approved"
#: A household with someone sealed from the reader is named as no household at all (tiaki.access.sealed).
UNNAMED_HOUSEHOLD = "A caregiver household"


@dataclass(frozen=True)
class MissingView:
    id: int
    kind_label: str
    started_at: dt.datetime
    returned_at: dt.datetime | None
    reported_to_police: bool
    #: SENSITIVE: masked without may_see_sensitive.
    where_found: str
    where_found_masked: bool
    conversation_at: dt.datetime | None
    conversation_by: str
    conversation: str
    version: int


@dataclass(frozen=True)
class PlacementView:
    id: int
    kind: str
    kind_label: str
    household_id: int | None
    household_name: str
    household_reference: str
    provider_name: str
    started_on: dt.date
    ended_on: dt.date | None
    end_reason_label: str
    end_detail: str
    planned: bool
    move_reason: str
    siblings: str
    siblings_label: str
    siblings_apart_reason: str
    distance_whanau_km: Decimal | None
    distance_school_km: Decimal | None
    #: SENSITIVE: the household's address; MASKED without may_see_sensitive, "" when none.
    location: str
    location_masked: bool
    #: Placed with caregivers not yet approved, not yet resolved (approved household or ended).
    unapproved: bool
    unapproved_reason: str
    unapproved_label: str
    approved_by: str
    approved_at: dt.datetime | None
    resolved_on: dt.date | None
    #: The actor may approve it now (a manager who did not record it).
    approvable: bool
    version: int
    missing: tuple[MissingView, ...]

    @property
    def current(self) -> bool:
        return self.ended_on is None

    @property
    def placed_with(self) -> str:
        """Who they live with, in words (never where)."""
        return self.household_name or self.provider_name or self.kind_label


@dataclass(frozen=True)
class EpisodeView:
    id: int
    case_id: int
    entered_on: dt.date
    legal_basis: str
    legal_basis_label: str
    order_id: int | None
    order_label: str
    order_made_on: dt.date | None
    #: (code, label, main), the main reason first.
    reasons: tuple[tuple[str, str, bool], ...]
    reasons_text: str
    living_with_label: str
    living_with_detail: str
    child_views: str
    left_on: dt.date | None
    leaving_reason_label: str
    left_to: str
    leaving_detail: str
    version: int
    placements: tuple[PlacementView, ...]

    @property
    def is_open(self) -> bool:
        return self.left_on is None

    @property
    def main_reason_label(self) -> str:
        return next((label for _, label, main in self.reasons if main), "")


@dataclass(frozen=True)
class CareHistory:
    child_id: int
    child_name: str
    episodes: tuple[EpisodeView, ...]
    #: Locations and where-found shown (an ongoing relationship and the field permission).
    may_see_sensitive: bool
    #: May record on the open episode's case (leave care, placements, missing).
    may_record: bool
    #: May approve a placement with caregivers not yet approved.
    may_approve: bool
    #: May search for a placement (tiaki.care.selectors.search).
    may_search: bool
    under_break_glass: bool

    @property
    def open_episode(self) -> EpisodeView | None:
        return next((e for e in self.episodes if e.is_open), None)

    @property
    def current_placement(self) -> PlacementView | None:
        episode = self.open_episode
        return next((p for p in episode.placements if p.current), None) if episode else None

    @property
    def open_missing(self) -> MissingView | None:
        current = self.current_placement
        return next((m for m in current.missing if m.returned_at is None), None) if current else None

    @property
    def in_care(self) -> bool:
        return self.open_episode is not None


@selector(AuditAction.CARE_READ, permission=Permission.CARE_READ)
def care_history_get(*, actor: User, child_id: int) -> CareHistory:
    """Every care episode, placement and missing episode of ``child_id``,
    newest first, as ``actor`` may see them; 404 outside their reach."""
    return _history(actor, record_id(child_id))


@selector(AuditAction.CARE_READ, permission=Permission.CARE_READ)
def care_history_of_missing(*, actor: User, missing_id: int) -> CareHistory:
    """The care history of the child a missing episode is about (its return
    page); a missing episode that does not exist answers as a missing child."""
    child_id = MissingEpisode.objects.filter(pk=record_id(missing_id)).values_list("child_id", flat=True).first()
    return _history(actor, child_id or record_id(0))


def _history(actor: User, child_id: int) -> CareHistory:
    decision = scoping.person_decision(actor, child_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        sensitive = decision.may_see_sensitive
        episodes = list(
            CareEpisode.objects.filter(child_id=child_id).select_related("court_order").order_by("-entered_on", "-pk")
        )
        reasons: dict[int, list[CareEntryReason]] = {}
        for reason in CareEntryReason.objects.filter(episode__child_id=child_id).order_by("-main", "pk"):
            reasons.setdefault(reason.episode_id, []).append(reason)
        placements = list(
            Placement.objects.filter(child_id=child_id)
            .select_related("household", "location", "unapproved_approved_by")
            .order_by("-started_on", "-pk")
        )
        missing: dict[int, list[MissingEpisode]] = {}
        for m in (
            MissingEpisode.objects.filter(child_id=child_id)
            .select_related("return_conversation_by")
            .order_by("-started_at", "-pk")
        ):
            missing.setdefault(m.placement_id, []).append(m)
        households = {p.household_id for p in placements if p.household_id}
        members = (
            list(
                HouseholdMember.objects.filter(household_id__in=households, left_on__isnull=True).values_list(
                    "household_id", "person_id"
                )
            )
            if households
            else []
        )
        hidden_people = sealed.hidden_person_ids(actor, [pid for _, pid in members]) if members else set()
        unnamed = {hid for hid, pid in members if pid in hidden_people}
        current = next((e for e in episodes if e.left_on is None), None)
        may_record = (
            current is not None
            and has_permission(actor, Permission.CARE_RECORD)
            and case_decision(actor, current.case_id, write=True).allowed
        )
        may_approve = may_record and has_permission(actor, Permission.PLACEMENT_APPROVE)
        views = [
            _episode(
                e,
                reasons.get(e.pk, []),
                [p for p in placements if p.episode_id == e.pk],
                missing,
                sensitive,
                unnamed,
                actor,
                may_approve,
            )
            for e in episodes
        ]
        names = display_names([child_id])
        step.relationship = f"care:{decision.relationship}"[:100]
    return CareHistory(
        child_id=child_id,
        child_name=names.get(child_id, "Name not recorded"),
        episodes=tuple(views),
        may_see_sensitive=sensitive,
        may_record=may_record,
        may_approve=may_approve,
        may_search=may_record and has_permission(actor, Permission.PLACEMENT_SEARCH),
        under_break_glass=decision.relationship.startswith("break-glass:"),
    )


def _episode(e: CareEpisode, reasons: list[CareEntryReason], placements: list[Placement],
             missing: dict[int, list[MissingEpisode]], sensitive: bool, unnamed: set[int], actor: User,
             may_approve: bool) -> EpisodeView:  # fmt: skip
    order = e.court_order
    return EpisodeView(
        id=e.pk, case_id=e.case_id, entered_on=e.entered_on, legal_basis=e.legal_basis,
        legal_basis_label=e.get_legal_basis_display(), order_id=order.pk if order else None,
        order_label=order.get_kind_display() if order else "", order_made_on=order.made_on if order else None,
        reasons=tuple((r.code, r.get_code_display(), r.main) for r in reasons), reasons_text=e.reasons_text,
        living_with_label=e.get_living_with_display(), living_with_detail=e.living_with_detail,
        child_views=e.child_views, left_on=e.left_on,
        leaving_reason_label=e.get_leaving_reason_display() if e.leaving_reason else "", left_to=e.left_to,
        leaving_detail=e.leaving_detail, version=e.version,
        placements=tuple(_placement(p, missing.get(p.pk, []), sensitive, unnamed, actor, may_approve)
                         for p in placements),
    )  # fmt: skip


def _placement(p: Placement, missing: list[MissingEpisode], sensitive: bool, unnamed: set[int], actor: User,
               may_approve: bool) -> PlacementView:  # fmt: skip
    household = p.household
    named = household is not None and p.household_id not in unnamed
    location = ""
    if p.location is not None:
        location = str(p.location) if sensitive else MASKED
    awaiting = p.awaiting_approval
    label = ""
    if awaiting:
        label = APPROVED_UNTIL if p.unapproved_approved_by_id else AWAITING
    return PlacementView(
        id=p.pk, kind=p.kind, kind_label=p.get_kind_display(), household_id=p.household_id if named else None,
        household_name=(household.name if named else UNNAMED_HOUSEHOLD) if household is not None else "",
        household_reference=household.reference if named and household is not None else "",
        provider_name=p.provider_name, started_on=p.started_on, ended_on=p.ended_on,
        end_reason_label=p.get_end_reason_display() if p.end_reason else "", end_detail=p.end_detail,
        planned=p.planned, move_reason=p.move_reason, siblings=p.siblings, siblings_label=p.get_siblings_display(),
        siblings_apart_reason=p.siblings_apart_reason, distance_whanau_km=p.distance_whanau_km,
        distance_school_km=p.distance_school_km, location=location,
        location_masked=p.location is not None and not sensitive, unapproved=awaiting,
        unapproved_reason=p.unapproved_reason, unapproved_label=label,
        approved_by=user_name(p.unapproved_approved_by), approved_at=p.unapproved_approved_at,
        resolved_on=p.unapproved_resolved_on,
        approvable=(may_approve and awaiting and p.ended_on is None and p.unapproved_approved_by_id is None
                    and p.recorded_by_id != actor.pk),
        version=p.version,
        missing=tuple(
            MissingView(
                id=m.pk, kind_label=m.get_kind_display(), started_at=m.started_at, returned_at=m.returned_at,
                reported_to_police=m.reported_to_police,
                where_found=(m.where_found if sensitive else MASKED) if m.where_found else "",
                where_found_masked=bool(m.where_found) and not sensitive, conversation_at=m.return_conversation_at,
                conversation_by=user_name(m.return_conversation_by), conversation=m.return_conversation,
                version=m.version,
            )
            for m in missing
        ),
    )  # fmt: skip


def placement_starts(person_ids: object) -> dict[int, dt.date]:
    """The day each child's current placement began, for their statutory
    visits (tiaki.casework.placement_facts): dates only, no reader, no record
    opened, so not audited (the case page's own read is)."""
    return dict(
        Placement.objects.filter(child_id__in=list(person_ids), ended_on__isnull=True).values_list(  # type: ignore[call-overload]
            "child_id", "started_on"
        )
    )
