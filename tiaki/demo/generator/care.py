"""Care in the synthetic agency: 22 years of children entering and leaving
care, their placements, moves and missing episodes, About me for the
children in care now, and the caregiver register
(tiaki.demo.generator.care_households).

Written in bulk after the casework (tiaki.demo.generator.casework), which it
reads back: every child with a without-notice (s78) order came into care on
that order's day, on the case it was made on, and left before the case
closed (or is in care still, if the case is open). A share of the other
ongoing cases' children come into care on a custody or guardianship order
(s101, s110, which this module adds with their chronology entries) or an
agreement (s139, s140, s141), the share chosen so that about
``CARE_PER_PERSON_NOW`` of the population is in care now (about 5,000 at
1,000,000 persons). The long-history showcase children
(tiaki.demo.generator.casework_showcase) have been in care most of their
lives with a dozen or more placements: the benchmark's care histories.

A child's episodes never overlap and at most one is open; within an
episode placements follow one another, each starting the day the last one
ended (the overlap trigger of migration care.0002 checks every row, COPY
included). A current placement with a caregiver household has room there
(its capacity counts the children placed now) and the household is
approved, or being assessed with the placement marked unapproved and why.
Chronology entries (kinds care, placement, missing, and order for the
orders added) name no place. ``CaseParticipant.in_care_since`` is set for
exactly the children in care now.

Its own ``random.Random``: the rows before it are exactly what they were.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import Any

from django.db import connection

from tiaki.care.models import (
    AboutMe,
    AboutMeVersion,
    CareEntryReason,
    CareEpisode,
    MissingEpisode,
    Placement,
)
from tiaki.casework.models import Case, CaseEvent, CaseParticipant, CourtOrder, VisitFrequency
from tiaki.casework.policy import visit_frequency
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import summarise
from tiaki.demo.generator import care_phrases as phrases
from tiaki.demo.generator.care_households import (
    HOUSEHOLD_TABLE_FIELDS,
    HOUSEHOLD_TABLES,
    Household,
    HouseholdMaker,
    Register,
    households_for,
    pick,
)
from tiaki.demo.generator.casework_rows import CHRONOLOGY_FIELDS, HOUR, ORDER_FIELDS, Clock, StaffBook
from tiaki.demo.generator.casework_showcase import showcase_children
from tiaki.demo.generator.places import PLACES
from tiaki.demo.generator.writer import BulkWriter, next_id
from tiaki.people.models import Person
from tiaki.staff.models import Site

CARE_PER_PERSON_NOW = 0.005  # ~5,000 children in care now at 1,000,000 persons
EIGHTEEN = 6574  # days: 18 years
_LB = CareEpisode.LegalBasis
_LW = CareEpisode.LivingWith
_LR = CareEpisode.LeavingReason
_RC = CareEntryReason.Code
_PK = Placement.Kind
_ER = Placement.EndReason
_SB = Placement.Siblings
_CK = ChronologyEntry.Kind
_HS = "approved"

EPISODE_FIELDS = (
    "id", "child", "case", "entered_on", "legal_basis", "court_order", "reasons_text", "living_with",
    "living_with_detail", "child_views", "left_on", "leaving_reason", "left_to", "leaving_detail", "recorded_by",
    "recorded_at", "left_recorded_by", "left_recorded_at", "version",
)  # fmt: skip
REASON_FIELDS = ("id", "episode", "code", "main")
PLACEMENT_FIELDS = (
    "id", "episode", "child", "kind", "household", "provider_name", "started_on", "ended_on", "end_reason",
    "end_detail", "move_reason", "planned", "siblings", "siblings_apart_reason", "distance_whanau_km",
    "distance_school_km", "location", "unapproved_reason", "unapproved_approved_by", "unapproved_approved_at",
    "unapproved_resolved_on", "recorded_by", "recorded_at", "version",
)  # fmt: skip
MISSING_FIELDS = (
    "id", "child", "placement", "kind", "started_at", "returned_at", "reported_to_police", "where_found",
    "return_conversation_at", "return_conversation_by", "return_conversation", "recorded_by", "recorded_at",
    "version",
)  # fmt: skip
ABOUT_FIELDS = ("id", "child", "created_at", "created_by", "current_version")
ABOUT_VERSION_FIELDS = ("id", "about", "number", "items", "written_by", "written_at", "reason")

CARE_TABLES = (CareEpisode, CareEntryReason, Placement, MissingEpisode, AboutMe, AboutMeVersion)
# Written in foreign-key order: orders and households before the episodes
# and placements that point at them, the chronology last.
TABLES = (CourtOrder, *HOUSEHOLD_TABLES, *CARE_TABLES, ChronologyEntry)
FIELDS: dict[type, Sequence[str]] = {
    CourtOrder: ORDER_FIELDS, **HOUSEHOLD_TABLE_FIELDS, CareEpisode: EPISODE_FIELDS, CareEntryReason: REASON_FIELDS,
    Placement: PLACEMENT_FIELDS, MissingEpisode: MISSING_FIELDS, AboutMe: ABOUT_FIELDS,
    AboutMeVersion: ABOUT_VERSION_FIELDS, ChronologyEntry: CHRONOLOGY_FIELDS,
}  # fmt: skip
#: Every care table, children first: what tiaki.demo.generator.delete_seeded_rows empties.
CARE_DELETE_ORDER = (AboutMeVersion, AboutMe, MissingEpisode, Placement, CareEntryReason, CareEpisode,
                     *reversed(HOUSEHOLD_TABLES))  # fmt: skip

# The other ongoing cases' children come into care on these.
OTHER_BASES = ((_LB.S101, 0.3), (_LB.S139, 0.3), (_LB.S140, 0.17), (_LB.S110, 0.1), (_LB.S141, 0.05),
               (_LB.S42, 0.04), (_LB.YOUTH_JUSTICE, 0.04))  # fmt: skip
ORDERED: dict[str, str] = {_LB.S101: CourtOrder.Kind.S101, _LB.S110: CourtOrder.Kind.S110}
MAIN_REASONS = ((_RC.NEGLECT, 0.25), (_RC.FAMILY_VIOLENCE, 0.2), (_RC.PHYSICAL_ABUSE, 0.12),
                (_RC.EMOTIONAL_ABUSE, 0.09), (_RC.PARENT_SUBSTANCE, 0.1), (_RC.PARENT_MENTAL_HEALTH, 0.06),
                (_RC.SEXUAL_ABUSE, 0.05), (_RC.PARENT_UNABLE, 0.04), (_RC.RELATIONSHIP_BREAKDOWN, 0.03),
                (_RC.CHILD_BEHAVIOUR, 0.02), (_RC.ABANDONMENT, 0.01), (_RC.OTHER, 0.03))  # fmt: skip
LIVING_WITH = ((_LW.ONE_PARENT, 0.38), (_LW.BOTH_PARENTS, 0.2), (_LW.PARENT_AND_PARTNER, 0.2), (_LW.WHANAU, 0.12),
               (_LW.OTHER_CARER, 0.05), (_LW.NO_ONE, 0.02), (_LW.NOT_KNOWN, 0.03))  # fmt: skip
LEAVING = ((_LR.RETURNED_HOME, 0.58), (_LR.WHANAU_ORDER, 0.24), (_LR.ADOPTED, 0.02), (_LR.TRANSFERRED, 0.06),
           (_LR.OTHER, 0.1))  # fmt: skip
FIRST_KINDS = ((_PK.KIN, 0.36), (_PK.NON_KIN, 0.39), (_PK.FAMILY_HOME, 0.14), (_PK.SPECIALIST, 0.03),
               (_PK.RESIDENCE, 0.04), (_PK.OTHER, 0.04))  # fmt: skip
LATER_KINDS = ((_PK.KIN, 0.46), (_PK.NON_KIN, 0.34), (_PK.SPECIALIST, 0.06), (_PK.FAMILY_HOME, 0.04),
               (_PK.RESIDENCE, 0.04), (_PK.SUPPORTED_INDEPENDENT, 0.05), (_PK.OTHER, 0.01))  # fmt: skip
END_REASONS = ((_ER.PLANNED_MOVE, 0.2), (_ER.CAREGIVER_REQUEST, 0.15), (_ER.BREAKDOWN, 0.12),
               (_ER.CLOSER_TO_WHANAU, 0.1), (_ER.TO_WHANAU, 0.12), (_ER.WITH_SIBLINGS, 0.06),
               (_ER.CHILD_REQUEST, 0.06), (_ER.SAFETY, 0.04), (_ER.EMERGENCY_ENDED, 0.1),
               (_ER.OTHER, 0.05))  # fmt: skip
UNPLANNED_AFTER = frozenset({_ER.BREAKDOWN, _ER.SAFETY, _ER.CAREGIVER_REQUEST})
HOUSEHOLD_KIND = {_PK.KIN: "kin", _PK.NON_KIN: "general", _PK.SPECIALIST: "specialist"}
PROVIDERS = {
    _PK.FAMILY_HOME: "Agency family home", _PK.RESIDENCE: "Care and protection residence",
    _PK.SUPPORTED_INDEPENDENT: "Supported living provider", _PK.OTHER: "Hospital or health service",
}  # fmt: skip
DISTANCES = {_PK.KIN: (1, 40), _PK.NON_KIN: (2, 60), _PK.SPECIALIST: (5, 120), _PK.FAMILY_HOME: (3, 30),
             _PK.RESIDENCE: (20, 300), _PK.SUPPORTED_INDEPENDENT: (2, 25), _PK.OTHER: (2, 80)}  # fmt: skip
UNAPPROVED_REASON = "Whānau caregivers being assessed; the child is safe with them while the assessment is finished."
UNAPPROVED_SHARE = 0.08  # of current kin placements
LONG_PLACEMENTS = (12, 22)
MANY_MOVES_SHARE = 0.02
SURVIVING = 0.65


@dataclass(slots=True)
class Stay:
    """One child's time in care before it is written."""

    child: int
    dob: int  # ordinal
    case: int
    worker: int
    site: int
    entered: int
    left: int | None
    basis: str
    order: int | None = None
    leaving: str = ""
    long: bool = False


@dataclass(frozen=True)
class CareSummary:
    in_care_now: int
    episodes: int
    placements: int
    missing: int
    households: int
    approved_households: int
    chronology: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.in_care_now:,} children in care now ({self.episodes:,} care episodes, "
            f"{self.placements:,} placements, {self.missing:,} missing episodes) and "
            f"{self.households:,} caregiver households ({self.approved_households:,} approved)"
        )


def care_now_for(persons: int) -> int:
    return max(1, round(persons * CARE_PER_PERSON_NOW))


class CareMaker:
    def __init__(self, *, seed: int, persons: int, end: int, years: int, postgres: bool) -> None:
        self.rng = Random(seed * 15_485_863 + 14)
        self.persons = persons
        self.end = end
        self.years = years
        self.clock = Clock(postgres=postgres)
        self.today = self.clock.local_day(end)
        self.staff = StaffBook()
        self.writer = BulkWriter(TABLES)
        self.next: dict[type, int] = {model: next_id(model) for model in TABLES}
        self.rows: dict[type, list[tuple[Any, ...]]] = {model: [] for model in TABLES}
        self.counts: dict[str, int] = defaultdict(int)
        city_site: dict[str, int] = {}
        by_name = dict(Site.objects.values_list("name", "pk"))
        for place in PLACES:
            if place.site in by_name:
                city_site.setdefault(place.city, by_name[place.site])
        self.site_of_city = city_site
        self.site_ids = sorted(set(city_site.values())) or sorted(by_name.values())
        frequency = visit_frequency()
        self.frequency = frequency.pk if isinstance(frequency, VisitFrequency) else None

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value

    def add(self, model: type, row: tuple[Any, ...]) -> None:
        self.rows[model].append(row)

    def entry(self, pid: int, kind: str, occurred: int, title: str, summary: str, source: int, case: int | None,
              *, significant: bool = True) -> None:  # fmt: skip
        at = self.clock.text(occurred)
        self.add(ChronologyEntry, (self.take(ChronologyEntry), pid, at, kind, significant, False,
                                   summarise(title, 200), summarise(summary), case, None, source, at))  # fmt: skip

    def moment(self, day: int, hours: float = 0.0) -> int:
        """Midday on a local date plus ``hours``, never after the end."""
        return min(self.end, self.clock.noon(day) + int(hours * HOUR))

    # --- who is in care, when ------------------------------------------------

    def stays(self) -> list[Stay]:
        r = self.rng.random
        today = self.today
        workers = self.staff.workers
        by_child: dict[int, list[Stay]] = defaultdict(list)
        ordered_cases: set[int] = set()
        for oid, case_id, child, made_on, dob, status, closed_at, worker, site in (
            CourtOrder.objects.filter(kind=CourtOrder.Kind.S78)
            .order_by("pk")
            .values_list("pk", "case_id", "child_id", "made_on", "child__date_of_birth", "case__status",
                         "case__closed_at", "case__allocated_worker_id", "case__site_id")
        ):  # fmt: skip
            ordered_cases.add(case_id)
            if dob is None or worker not in workers:
                continue
            entered = made_on.toordinal()
            left: int | None = None
            if status == Case.Status.CLOSED and closed_at is not None:
                left = max(entered + 7, self.clock.local_day(int(closed_at.timestamp())) - int(r() * 20))
            by_child[child].append(Stay(child, dob.toordinal(), case_id, worker, site, entered, left, _LB.S78, oid))
        # The other ongoing cases, by case: their children come into care together or not at all.
        others: dict[int, list[tuple[int, int, int, int, int | None, int]]] = defaultdict(list)
        for case_id, child, dob, worker, site, at, closed_at in (
            CaseParticipant.objects.filter(
                role=CaseParticipant.Role.CHILD, case__events__kind=CaseEvent.Kind.PHASE,
                case__events__to_value=Case.Kind.ONGOING,
            )
            .order_by("case_id", "person_id")
            .values_list("case_id", "person_id", "person__date_of_birth", "case__allocated_worker_id",
                         "case__site_id", "case__events__at", "case__closed_at")
        ):  # fmt: skip
            if case_id in ordered_cases or dob is None or worker not in workers:
                continue
            closed = self.clock.local_day(int(closed_at.timestamp())) if closed_at is not None else None
            others[case_id].append(
                (child, dob.toordinal(), worker, site, closed, self.clock.local_day(int(at.timestamp())))
            )
        long_children = set(showcase_children()[0])
        for child in long_children & set(by_child):
            latest = max(by_child[child], key=lambda s: s.entered)
            if latest.left is None:
                latest.long = True
        # The share of them in care: enough that about care_now_for(persons) are in care now.
        open_now = sum(1 for stays in by_child.values() for s in stays if s.left is None and s.dob + EIGHTEEN > today)
        open_others = sum(len(kids) for kids in others.values() if kids[0][4] is None)
        need = care_now_for(self.persons) - open_now - len(long_children)
        # About a third of those drawn are not in care now after all (a short
        # agreement ended, entry after today, aged 18): SURVIVING allows for them.
        share = min(0.9, max(0.1, need / (open_others * SURVIVING))) if open_others else 0.0
        for case_id in sorted(others):
            kids = others[case_id]
            long = any(k[0] in long_children and k[0] not in by_child for k in kids)
            if not long and r() >= share:
                continue
            _child, _dob, worker, site, closed, ongoing = kids[0]
            entered = ongoing + (20 + int(r() * 100) if long else 5 + int(r() * 55))
            if entered >= today or (closed is not None and entered >= closed - 10):
                continue
            basis = _LB.S101 if long else pick(r, OTHER_BASES)
            if basis == _LB.YOUTH_JUSTICE and any(today - d < 14 * 365 for _, d, *_rest in kids):
                basis = _LB.S139
            until: int | None
            if basis == _LB.S139:
                agreed = entered + 28 + int(r() * 150)
                if closed is not None:
                    agreed = min(agreed, closed)
                until = agreed if agreed < today else (None if closed is None else today - 1)
            else:
                until = None if closed is None else max(entered + 7, closed - int(r() * 20))
            for child, born, *_rest in kids:
                if long and (child not in long_children or child in by_child):
                    continue
                stay = Stay(child, born, case_id, worker, site, entered, until, basis, long=child in long_children)
                by_child[child].append(stay)
        # One child's stays never overlap; a long history is kept over anything else.
        kept: list[Stay] = []
        for child in sorted(by_child):
            stays = sorted(by_child[child], key=lambda s: (not s.long, s.entered))
            if stays[0].long:
                stays = stays[:1]
            else:
                stays.sort(key=lambda s: s.entered)
            last_left: int | None = -1
            for s in stays:
                if last_left is None or (last_left >= 0 and s.entered <= last_left + 1):
                    continue
                adult = s.dob + EIGHTEEN
                if s.entered >= adult or s.entered <= s.dob:
                    continue
                if (s.left is None or s.left > adult) and adult <= today:
                    s.left, s.leaving = adult, _LR.AGED_OUT
                kept.append(s)
                last_left = s.left
        return kept

    # --- writing ---------------------------------------------------------------

    def orders_for(self, stays: list[Stay]) -> None:
        """The custody and guardianship orders the other cases' stays rest on."""
        clock = self.clock
        for s in stays:
            kind = ORDERED.get(s.basis)
            if kind is None or s.order is not None:
                continue
            s.order = oid = self.take(CourtOrder)
            court = self.staff.courts.get(s.site, "Family Court")
            moment = clock.noon(s.entered)
            self.add(CourtOrder, (oid, s.case, s.child, kind, court, clock.iso(s.entered), None, "", False, "",
                                  s.worker, clock.text(moment)))  # fmt: skip
            self.entry(s.child, _CK.ORDER, moment, CourtOrder.Kind(kind).label, f"{court}.", oid, s.case)
            self.counts["orders"] += 1

    def episode(self, s: Stay) -> int:
        r = self.rng.random
        clock = self.clock
        eid = self.take(CareEpisode)
        if s.basis == _LB.YOUTH_JUSTICE:
            main = _RC.YOUTH_JUSTICE
        elif s.basis == _LB.S141:
            main = _RC.CHILD_DISABILITY
        else:
            main = pick(r, MAIN_REASONS)
        codes = [main]
        for _ in range(int(r() * 4)):
            extra = pick(r, MAIN_REASONS)
            if extra not in codes:
                codes.append(extra)
        for code in codes:
            self.add(CareEntryReason, (self.take(CareEntryReason), eid, code, code == main))
        texts = phrases.REASONS_TEXT[main]
        reasons_text = texts[int(r() * len(texts))]
        age = (s.entered - s.dob) // 365
        views = phrases.CHILD_VIEWS[int(r() * len(phrases.CHILD_VIEWS))] if age >= 5 and r() < 0.7 else ""
        living = pick(r, LIVING_WITH)
        detail = phrases.LIVING_WITH_DETAIL[int(r() * len(phrases.LIVING_WITH_DETAIL))]
        entered_at = self.moment(s.entered, r() * 4)
        left_on = left_to = leaving_detail = ""
        left_by = left_at = None
        if s.left is not None:
            if not s.leaving:
                s.leaving = pick(r, LEAVING)
                if age + (s.left - s.entered) // 365 >= 16 and r() < 0.3:
                    s.leaving = _LR.INDEPENDENCE
            left_on = clock.iso(s.left)
            options = phrases.LEFT_TO[s.leaving]
            left_to = options[int(r() * len(options))]
            leaving_detail = phrases.LEAVING_DETAIL[s.leaving][0]
            left_by, left_at = s.worker, clock.text(self.moment(s.left, 2 + r() * 20))
        self.add(CareEpisode, (
            eid, s.child, s.case, clock.iso(s.entered), s.basis, s.order, reasons_text, living, detail, views,
            left_on or None, s.leaving, left_to, leaving_detail, s.worker, clock.text(entered_at), left_by, left_at,
            2 if s.left is not None else 1,
        ))  # fmt: skip
        self.counts["episodes"] += 1
        label = CareEpisode.LegalBasis(s.basis).label
        self.entry(s.child, _CK.CARE, entered_at, f"Came into care: {label}",
                   f"{CareEntryReason.Code(main).label}. {reasons_text}", eid, s.case)  # fmt: skip
        if s.left is not None:
            leaving = CareEpisode.LeavingReason(s.leaving).label
            self.entry(s.child, _CK.CARE, self.moment(s.left, 1), f"Left care: {leaving}",
                       leaving_detail, eid, s.case)  # fmt: skip
        return eid

    def plan_stints(self, s: Stay, room: int, register: Register) -> list[dict[str, Any]]:
        """The placements of one episode (for ``room`` children placed together)."""
        r = self.rng.random
        end = s.left if s.left is not None else self.today
        days = max(1, end - s.entered)
        if s.long:
            n = LONG_PLACEMENTS[0] + int(r() * (LONG_PLACEMENTS[1] - LONG_PLACEMENTS[0] + 1))
        else:
            mean = 0.3 + 0.8 * days / 365
            n = 1 + min(9, int(-mean * math.log(1 - r() * 0.999)))
            if r() < MANY_MOVES_SHARE:
                n += 5 + int(r() * 6)
        n = max(1, min(n, days // 4))
        cuts = sorted(self.rng.sample(range(s.entered + 1, end), n - 1)) if n > 1 else []
        starts = [s.entered, *cuts]
        stints: list[dict[str, Any]] = []
        previous_reason = ""
        for i, start in enumerate(starts):
            last = i == len(starts) - 1
            stop = s.left if last else starts[i + 1]
            age = (start - s.dob) // 365
            kind = pick(r, FIRST_KINDS if i == 0 else LATER_KINDS)
            if kind == _PK.SUPPORTED_INDEPENDENT and age < 16:
                kind = _PK.NON_KIN
            household: Household | None = None
            unapproved = False
            if kind in HOUSEHOLD_KIND:
                hkind = HOUSEHOLD_KIND[kind]
                if stop is None:
                    if kind == _PK.KIN and r() < UNAPPROVED_SHARE:
                        household = register.current(r, s.site, hkind, start, age, room, status="assessment")
                        unapproved = household is not None
                    for other in (hkind, "kin", "general", "specialist"):
                        if household is not None:
                            break
                        household = register.current(r, s.site, other, start, age, room)
                        if household is not None:
                            kind = {"kin": _PK.KIN, "general": _PK.NON_KIN, "specialist": _PK.SPECIALIST}[other]
                    if household is not None:
                        household.current += room
                else:
                    household = register.past(r, s.site, hkind, start, stop)
                if household is None:
                    kind = _PK.FAMILY_HOME
            if i + 1 < len(starts):
                reason = pick(r, END_REASONS)
                if reason == _ER.EMERGENCY_ENDED and i > 0:
                    reason = _ER.PLANNED_MOVE
            else:
                reason = _ER.LEFT_CARE if s.left is not None else ""
            planned = i > 0 and (previous_reason not in UNPLANNED_AFTER or r() < 0.3)
            if i == 0:
                planned = s.basis in (_LB.S139, _LB.S140, _LB.S141, _LB.S101, _LB.S110) or r() < 0.2
            moves = phrases.MOVE_REASONS.get(previous_reason, ("",))
            lo, hi = DISTANCES[kind]
            whanau_km = lo + r() * r() * (hi - lo)
            stints.append({
                "start": start, "stop": stop, "kind": kind, "household": household, "unapproved": unapproved,
                "reason": reason, "detail": phrases.END_DETAIL[reason][0] if reason else "", "planned": planned,
                "move": moves[0] if i else "", "whanau_km": f"{whanau_km:.1f}",
                "school_km": f"{whanau_km * (0.2 + r() * 0.8):.1f}",
            })  # fmt: skip
            previous_reason = reason
        return stints

    def placements(self, s: Stay, eid: int, stints: list[dict[str, Any]], siblings: str) -> int | None:
        """Write the stints for one child; returns the current placement's id."""
        r = self.rng.random
        clock = self.clock
        current = None
        supervisors = self.staff.supervisors.get(s.site) or [s.worker]
        for i, st in enumerate(stints):
            pid = self.take(Placement)
            household: Household | None = st["household"]
            stop = st["stop"]
            apart = phrases.SIBLINGS_APART[int(r() * len(phrases.SIBLINGS_APART))] if siblings == _SB.APART else ""
            approved_by = approved_at = None
            unapproved_reason = ""
            if st["unapproved"]:
                unapproved_reason = UNAPPROVED_REASON
                if r() < 0.6:
                    approved_by = supervisors[int(r() * len(supervisors))]
                    approved_at = clock.text(self.moment(st["start"] + 1, 3))
            recorded = self.moment(st["start"], 1 + r() * 30)
            self.add(Placement, (
                pid, eid, s.child, st["kind"], household.id if household else None,
                "" if household else PROVIDERS.get(st["kind"], PROVIDERS[_PK.FAMILY_HOME]), clock.iso(st["start"]),
                clock.iso(stop) if stop is not None else None, st["reason"], st["detail"] if st["reason"] else "",
                st["move"], st["planned"], siblings, apart, st["whanau_km"], st["school_km"],
                household.address if household else None, unapproved_reason, approved_by, approved_at, None, s.worker,
                clock.text(recorded), 2 if stop is not None else 1,
            ))  # fmt: skip
            self.counts["placements"] += 1
            if stop is None:
                current = pid
            label = Placement.Kind(st["kind"]).label
            title = f"Placement started: {label}" if i == 0 else f"Moved placement: {label}"
            summary = (
                ("Planned. " if st["planned"] else "Unplanned. ")
                + (st["move"] or "")
                + (" Waiting for a manager's approval of an unapproved caregiver." if unapproved_reason else "")
            )
            self.entry(s.child, _CK.PLACEMENT, self.moment(st["start"], 2), title, summary.strip(), pid, s.case,
                       significant=i == 0 or not st["planned"])  # fmt: skip
            self.missing(s, pid, st)
        return current

    def missing(self, s: Stay, placement: int, st: dict[str, Any]) -> None:
        r = self.rng.random
        clock = self.clock
        start, stop = st["start"], st["stop"] if st["stop"] is not None else self.today
        if (start - s.dob) // 365 < 11 or stop - start < 3:
            return
        chance = 0.35 if st["kind"] == _PK.RESIDENCE else 0.14
        if r() >= chance:
            return
        for _ in range(1 + int(r() * r() * 4)):
            day = start + int(r() * (stop - start - 1))
            went = clock.noon(day) + int((4 + r() * 10) * HOUR)
            hours = 2 + r() * r() * 96
            back = went + int(hours * HOUR)
            if back >= min(self.end, clock.noon(stop)):
                continue
            kind = MissingEpisode.Kind.MISSING if r() < 0.55 else MissingEpisode.Kind.AWAY
            police = kind == MissingEpisode.Kind.MISSING and r() < 0.7
            talked = back + int((2 + r() * 60) * HOUR)
            held = talked < self.end and r() < 0.9
            words = phrases.RETURN_CONVERSATIONS[int(r() * len(phrases.RETURN_CONVERSATIONS))] if held else ""
            mid = self.take(MissingEpisode)
            self.add(MissingEpisode, (
                mid, s.child, placement, kind, clock.text(went), clock.text(back), police,
                phrases.MISSING_FOUND[int(r() * len(phrases.MISSING_FOUND))], clock.text(talked) if held else None,
                s.worker if held else None, words, s.worker, clock.text(min(self.end, went + HOUR)), 2,
            ))  # fmt: skip
            self.counts["missing"] += 1
            title = (
                "Missing from placement"
                if kind == MissingEpisode.Kind.MISSING
                else "Away from placement without permission"
            )
            summary = f"Back after {round(hours)} hours." + (" Reported to Police." if police else "") + (
                " Return conversation held." if held else "")  # fmt: skip
            self.entry(s.child, _CK.MISSING, went, title, summary, mid, s.case)

    def about_me(self, s: Stay) -> None:
        r = self.rng.random
        clock = self.clock
        topics = sorted(phrases.ABOUT_ME)
        aid = self.take(AboutMe)
        made = min(self.today - 1, s.entered + 14 + int(r() * 60))
        versions = 1 + int(r() * r() * 3)
        chosen = self.rng.sample(topics, min(len(topics), 3 + int(r() * 4)))
        items: list[dict[str, Any]] = []
        for topic in chosen:
            options = phrases.ABOUT_ME[topic]
            text, own = options[int(r() * len(options))]
            items.append({"topic": topic, "text": text, "own_words": own, "shareable": r() < 0.6})
        day = made
        for number in range(1, versions + 1):
            shown = items[: max(2, len(items) - versions + number)]
            self.add(AboutMeVersion, (
                self.take(AboutMeVersion), aid, number, json.dumps(shown, ensure_ascii=False), s.worker,
                clock.text(self.moment(day, 2)), "" if number == 1 else "Added after a visit with the child.",
            ))  # fmt: skip
            day = min(self.today - 1, day + 30 + int(r() * 120))
        self.add(AboutMe, (aid, s.child, clock.text(self.moment(made, 2)), s.worker, versions))
        self.counts["about_me"] += 1

    def in_care_since(self, current: list[Stay]) -> None:
        """CaseParticipant.in_care_since for exactly the children in care now."""
        now = {(s.case, s.child): s for s in current}
        stale = [
            (pk,) for pk, case_id, pid in CaseParticipant.objects.filter(in_care_since__isnull=False)
            .values_list("pk", "case_id", "person_id") if (case_id, pid) not in now
        ]  # fmt: skip
        table = connection.ops.quote_name(CaseParticipant._meta.db_table)
        with connection.cursor() as cursor:
            if stale:
                cursor.executemany(
                    f"UPDATE {table} SET in_care_since = NULL, visit_frequency_id = NULL WHERE id = %s",  # noqa: S608
                    stale,
                )
            cursor.executemany(
                f"UPDATE {table} SET in_care_since = %s, visit_frequency_id = %s "  # noqa: S608
                "WHERE case_id = %s AND person_id = %s",
                [(self.clock.iso(s.entered), self.frequency, s.case, s.child) for s in current],
            )

    def flush(self) -> None:
        for model in TABLES:
            self.writer.write(model, FIELDS[model], self.rows[model])
            self.rows[model] = []


def seed_care(
    *, seed: int, persons: int, end: datetime, years: int, out: Callable[[str], None] | None = None
) -> CareSummary:
    """Write the care records and the caregiver register for the casework
    already seeded, inside the caller's transaction."""
    say = out or (lambda _line: None)
    started = time.perf_counter()
    maker = CareMaker(seed=seed, persons=persons, end=int(end.timestamp()), years=years,
                      postgres=connection.vendor == "postgresql")  # fmt: skip
    stays = maker.stays()
    in_care = {s.child for s in stays}
    say(f"care: {len(stays):,} care episodes for {len(in_care):,} children ({time.perf_counter() - started:.1f} s)")
    bounds = Person.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first() or 1, bounds.last() or 1
    homes = HouseholdMaker(rng=maker.rng, clock=maker.clock, staff=maker.staff, today=maker.today, years=years,
                           add=maker.add, take=maker.take, site_of_city=maker.site_of_city,
                           site_ids=maker.site_ids)  # fmt: skip
    households = homes.make(households_for(persons), person_range=(first, last), exclude=in_care)
    register = Register(households)
    maker.orders_for(stays)
    # Episodes in time order (so current placements are placed in the order
    # they were made), a case's children together.
    groups: dict[tuple[int, int, int | None], list[Stay]] = defaultdict(list)
    for s in stays:
        groups[(s.case, s.entered, s.left)].append(s)
    current: list[Stay] = []
    r = maker.rng.random
    for key in sorted(groups, key=lambda k: (k[1], k[0])):
        group = sorted(groups[key], key=lambda s: s.dob)
        episodes = [maker.episode(s) for s in group]
        if len(group) == 1:
            plans = [(group, maker.plan_stints(group[0], 1, register), _SB.NONE_IN_CARE)]
        else:
            roll = r()
            if roll < 0.55:
                plans = [(group, maker.plan_stints(group[0], len(group), register), _SB.ALL_TOGETHER)]
            elif roll < 0.75 and len(group) >= 3:
                plans = [(group[:2], maker.plan_stints(group[0], 2, register), _SB.SOME_TOGETHER)]
                plans += [([s], maker.plan_stints(s, 1, register), _SB.APART) for s in group[2:]]
            else:
                plans = [([s], maker.plan_stints(s, 1, register), _SB.APART) for s in group]
        eid_of = {s.child: eid for s, eid in zip(group, episodes, strict=True)}
        for kids, stints, siblings in plans:
            for s in kids:
                maker.placements(s, eid_of[s.child], stints, siblings)
        for s in group:
            if s.left is None:
                current.append(s)
                maker.about_me(s)
        if sum(len(rows) for rows in maker.rows.values()) > 200_000:
            maker.flush()
    maker.flush()
    maker.in_care_since(current)
    maker.writer.finish()
    approved = sum(1 for h in households if h.status == _HS)
    summary = CareSummary(
        in_care_now=len(current), episodes=maker.counts["episodes"], placements=maker.counts["placements"],
        missing=maker.counts["missing"], households=len(households), approved_households=approved,
        chronology=maker.writer.written[ChronologyEntry], seconds=time.perf_counter() - started,
    )  # fmt: skip
    say(f"{summary} ({summary.seconds:.1f} s)")
    return summary
