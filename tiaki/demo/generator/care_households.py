"""The caregiver register of the synthetic agency: households through their
lifecycle, for tiaki.demo.generator.care.

About 4,000 households at 1,000,000 persons (``HOUSEHOLDS_PER_PERSON``),
across the sites by where their caregivers live, with statuses in a
realistic mix (about 60% approved), members who are adults (and their
children) from the register living at one address and never children in
care, checks with dates and expiries (a few expiring soon, a few expired),
an assessment by one worker decided by another, yearly reviews, visits by
the household's own social worker (some overdue), training, and specialist
roles granted with the courses that qualify for them
(tiaki.care.codes.SPECIALIST_ROLES). Latitude and longitude are the town's
with a small jitter (``TOWNS``).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any

from tiaki.care.codes import NEEDS, SPECIALIST_ROLES
from tiaki.care.models import (
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverReview,
    CaregiverTraining,
    CaregiverVisit,
    HouseholdMember,
    SpecialistRole,
)
from tiaki.demo.generator import care_phrases as phrases
from tiaki.demo.generator.casework_rows import DAY, Clock, StaffBook
from tiaki.people.codes import IWI
from tiaki.people.models import PersonAddress, PersonName

HOUSEHOLDS_PER_PERSON = 0.004  # ~4,000 at 1,000,000 persons
MIN_HOUSEHOLDS = 12

_S = CaregiverHousehold.Status
_HK = CaregiverHousehold.Kind
_CK = CaregiverCheck.Kind
_CO = CaregiverCheck.Outcome
_MR = HouseholdMember.Role

STATUSES = ((_S.ENQUIRY, 0.07), (_S.ASSESSMENT, 0.11), (_S.APPROVED, 0.60), (_S.ON_HOLD, 0.05),
            (_S.DECLINED, 0.07), (_S.CLOSED, 0.10))  # fmt: skip
KINDS = ((_HK.KIN, 0.45), (_HK.GENERAL, 0.44), (_HK.SPECIALIST, 0.11))
CAPACITY = ((1, 0.25), (2, 0.35), (3, 0.25), (4, 0.15))
POLICE_VET_DAYS = 1095
HEALTH_DAYS = 1095
FIRST_AID_DAYS = 730
VISIT_DAYS = 56

#: Town centres (latitude, longitude) of the seeded cities (tiaki.demo.generator.places).
TOWNS: dict[str, tuple[float, float]] = {
    "Auckland": (-36.85, 174.76), "Christchurch": (-43.53, 172.64), "Hamilton": (-37.79, 175.28),
    "Wellington": (-41.29, 174.78), "Tauranga": (-37.69, 176.17), "Whangārei": (-35.73, 174.32),
    "Rotorua": (-38.14, 176.25), "Dunedin": (-45.87, 170.50), "Porirua": (-41.13, 174.84),
    "Palmerston North": (-40.36, 175.61), "Gisborne": (-38.66, 178.02), "Napier": (-39.49, 176.91),
    "Whanganui": (-39.93, 175.05), "Kaitaia": (-35.11, 173.26), "Nelson": (-41.27, 173.28),
    "Invercargill": (-46.41, 168.35), "Hastings": (-39.64, 176.84), "New Plymouth": (-39.06, 174.08),
    "Lower Hutt": (-41.21, 174.91), "Blenheim": (-41.51, 173.96), "Timaru": (-44.40, 171.25),
    "Whakatāne": (-37.95, 176.99), "Kaikohe": (-35.41, 173.80), "Upper Hutt": (-41.12, 175.07),
    "Masterton": (-40.95, 175.66), "Taupō": (-38.69, 176.07), "Tokoroa": (-38.22, 175.87),
    "Levin": (-40.62, 175.29), "Huntly": (-37.56, 175.16), "Te Kūiti": (-38.33, 175.17),
    "Thames": (-37.14, 175.54), "Greymouth": (-42.45, 171.21), "Ashburton": (-43.90, 171.75),
    "Rangiora": (-43.30, 172.60), "Ōamaru": (-45.10, 170.97), "Queenstown": (-45.03, 168.66),
    "Gore": (-46.10, 168.94), "Ōpōtiki": (-38.01, 177.29),
}  # fmt: skip

HOUSEHOLD_FIELDS = (
    "id", "name", "kind", "status", "site", "address", "latitude", "longitude", "capacity", "age_min", "age_max",
    "takes_siblings", "needs_met", "culture", "iwi", "languages", "social_worker", "enquiry_on", "approved_on",
    "approved_by", "next_review_on", "support_plan", "support_plan_updated_at", "closed_on", "closed_reason",
    "created_by", "created_at", "version",
)  # fmt: skip
MEMBER_FIELDS = ("id", "household", "person", "role", "joined_on", "left_on")
CHECK_FIELDS = ("id", "household", "member", "kind", "done_on", "expires_on", "outcome", "note", "recorded_by",
                "recorded_at")  # fmt: skip
ASSESSMENT_FIELDS = ("id", "household", "assessor", "started_on", "completed_on", "recommendation", "summary",
                     "decision", "decided_by", "decided_at", "decision_reason", "version")  # fmt: skip
REVIEW_FIELDS = ("id", "household", "held_on", "reviewer", "outcome", "summary", "next_review_on", "recorded_at")
VISIT_FIELDS = ("id", "household", "visited_at", "by", "summary", "recorded_at")
TRAINING_FIELDS = ("id", "household", "member", "course", "completed_on", "expires_on", "recorded_by", "recorded_at")
ROLE_FIELDS = ("id", "household", "role", "granted_on", "granted_by", "ended_on")

HOUSEHOLD_TABLES = (CaregiverHousehold, HouseholdMember, CaregiverCheck, CaregiverAssessment, CaregiverReview,
                    CaregiverVisit, CaregiverTraining, SpecialistRole)  # fmt: skip
HOUSEHOLD_TABLE_FIELDS: dict[type, tuple[str, ...]] = {
    CaregiverHousehold: HOUSEHOLD_FIELDS, HouseholdMember: MEMBER_FIELDS, CaregiverCheck: CHECK_FIELDS,
    CaregiverAssessment: ASSESSMENT_FIELDS, CaregiverReview: REVIEW_FIELDS, CaregiverVisit: VISIT_FIELDS,
    CaregiverTraining: TRAINING_FIELDS, SpecialistRole: ROLE_FIELDS,
}  # fmt: skip


def households_for(persons: int) -> int:
    return max(MIN_HOUSEHOLDS, round(persons * HOUSEHOLDS_PER_PERSON))


def pick(r: Callable[[], float], table: Sequence[tuple[Any, float]]) -> Any:
    roll = r()
    for value, share in table:
        roll -= share
        if roll < 0:
            return value
    return table[-1][0]


@dataclass(slots=True)
class Household:
    """What placements need to know about a generated household."""

    id: int
    kind: str
    status: str
    site: int
    address: int | None
    capacity: int
    age_min: int
    age_max: int
    takes_siblings: bool
    approved_on: int | None  # ordinal
    closed_on: int | None
    person_ids: list[int] = field(default_factory=list)
    current: int = 0  # children placed there now

    def active(self, start: int, end: int) -> bool:
        """Approved for the whole of [start, end] (it may be closed since)."""
        return (
            self.approved_on is not None
            and self.approved_on <= start
            and (self.closed_on is None or end <= self.closed_on)
            and self.status != _S.DECLINED
        )


class Register:
    """Households by site and kind, for placements to choose from."""

    def __init__(self, households: list[Household]) -> None:
        self.all = households
        self.by_site_kind: dict[tuple[int, str], list[Household]] = defaultdict(list)
        self.by_kind: dict[str, list[Household]] = defaultdict(list)
        for h in sorted(households, key=lambda h: (h.approved_on or 10**7, h.id)):
            self.by_site_kind[(h.site, h.kind)].append(h)
            self.by_kind[h.kind].append(h)
        self._approved_days = {key: [h.approved_on or 10**7 for h in group] for key, group in self.by_site_kind.items()}

    def past(self, r: Callable[[], float], site: int, kind: str, start: int, end: int) -> Household | None:
        """A household of ``kind`` approved for the whole placement, at the site if one was."""
        group = self.by_site_kind.get((site, kind), [])
        days = self._approved_days.get((site, kind), [])
        upto = bisect_right(days, start)
        for _ in range(4):
            if not upto:
                break
            h = group[int(r() * upto)]
            if h.active(start, end):
                return h
        candidates = [h for h in self.by_kind.get(kind, []) if h.active(start, end)]
        return candidates[int(r() * len(candidates))] if candidates else None

    def current(
        self,
        r: Callable[[], float],
        site: int,
        kind: str,
        start: int,
        age: int,
        room: int,
        *,
        status: str = _S.APPROVED,
    ) -> Household | None:
        """A household of ``kind`` with ``status`` and room for ``room`` more
        children now: at the site and for the child's age if one has it."""

        def fits(h: Household, by_age: bool) -> bool:
            if h.status != status or h.capacity - h.current < room:
                return False
            if status == _S.APPROVED and (h.approved_on is None or h.approved_on > start):
                return False
            return not by_age or h.age_min <= age <= h.age_max

        for pool in (self.by_site_kind.get((site, kind), []), self.by_kind.get(kind, [])):
            for by_age in (True, False):
                found = [h for h in pool if fits(h, by_age)]
                if found:
                    return found[int(r() * len(found))]
        return None


class _Candidates:
    """Adults (25 to 70, not in care, not sealed) and the people living with
    them, drawn at random from the register to make up households."""

    def __init__(self, rng: Random, *, person_range: tuple[int, int], today: int, exclude: set[int], want: int):
        first, last = person_range
        picks = sorted({rng.randint(first, last) for _ in range(want * 6)})
        homes: dict[int, int] = {}
        cities: dict[int, str] = {}
        for chunk in _chunks(picks, 5000):
            for pid, aid, city, dob, sealed in PersonAddress.objects.filter(
                person_id__in=chunk, valid_to__isnull=True, protected=False
            ).values_list("person_id", "address_id", "address__city", "person__date_of_birth", "person__sealed"):
                if sealed or dob is None or pid in exclude or pid in homes:
                    continue
                age = (today - dob.toordinal()) // 365
                if 25 <= age <= 70:
                    homes[pid] = aid
                    cities[aid] = city
        addresses = sorted(set(homes.values()))
        self.people_at: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for chunk in _chunks(addresses, 5000):
            for pid, aid, dob, sealed in (
                PersonAddress.objects.filter(address_id__in=chunk, valid_to__isnull=True)
                .order_by("person_id")
                .values_list("person_id", "address_id", "person__date_of_birth", "person__sealed")
            ):
                if dob is None or sealed or pid in exclude:
                    continue
                self.people_at[aid].append((pid, (today - dob.toordinal()) // 365))
        self.addresses = [a for a in addresses if any(age >= 25 for _, age in self.people_at[a])]
        rng.shuffle(self.addresses)
        self.city = cities
        everyone = sorted({pid for people in self.people_at.values() for pid, _ in people})
        self.family: dict[int, str] = {}
        for chunk in _chunks(everyone, 5000):
            self.family.update(
                PersonName.objects.filter(person_id__in=chunk, is_primary=True).values_list("person_id", "family_name")
            )


def _chunks(items: Sequence[int], size: int) -> list[Sequence[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class HouseholdMaker:
    """Generates the register's households and their rows."""

    def __init__(
        self, *, rng: Random, clock: Clock, staff: StaffBook, today: int, years: int,
        add: Callable[[type, tuple[Any, ...]], None], take: Callable[[type], int], site_of_city: dict[str, int],
        site_ids: list[int],
    ) -> None:  # fmt: skip
        self.rng = rng
        self.clock = clock
        self.staff = staff
        self.today = today
        self.first_day = today - int(years * 365.25)
        self.add = add
        self.take = take
        self.site_of_city = site_of_city
        self.site_ids = site_ids
        self.counts: dict[str, int] = defaultdict(int)

    # --- staff ---------------------------------------------------------------

    def worker_at(self, site: int) -> int | None:
        pool = self.staff.social_workers.get(site) or [u for s in sorted(self.staff.social_workers)
                                                       for u in self.staff.social_workers[s]]  # fmt: skip
        return pool[int(self.rng.random() * len(pool))] if pool else None

    def approver_at(self, site: int, not_: int | None) -> int | None:
        pool = [u for u in self.staff.supervisors.get(site, []) if u != not_] or [
            u for s in sorted(self.staff.supervisors) for u in self.staff.supervisors[s] if u != not_
        ]
        return pool[int(self.rng.random() * len(pool))] if pool else None

    # --- the register ----------------------------------------------------------

    def make(self, count: int, *, person_range: tuple[int, int], exclude: set[int]) -> list[Household]:
        people = _Candidates(self.rng, person_range=person_range, today=self.today, exclude=exclude, want=count)
        made: list[Household] = []
        for aid in people.addresses[:count]:
            household = self.household(aid, people)
            if household is not None:
                made.append(household)
        return made

    def household(self, aid: int, people: _Candidates) -> Household | None:
        r = self.rng.random
        clock, today = self.clock, self.today
        residents = people.people_at[aid]
        adults = [pid for pid, age in residents if age >= 25][:3]
        kids = [pid for pid, age in residents if age < 18]
        if not adults:
            return None
        city = people.city.get(aid, "")
        site = self.site_of_city.get(city) or self.site_ids[int(r() * len(self.site_ids))]
        status = pick(r, STATUSES)
        kind = pick(r, KINDS)
        worker = self.worker_at(site)
        if worker is None:
            return None
        approver = self.approver_at(site, worker) or worker
        # The lifecycle's dates (ordinals).
        span = max(400, today - 200 - self.first_day)
        if status == _S.ENQUIRY:
            enquiry = today - 1 - int(r() * 90)
        elif status == _S.ASSESSMENT:
            enquiry = today - 30 - int(r() * 300)
        else:
            enquiry = self.first_day + int(span * r() ** 0.6)  # more recently than long ago
        assessed = min(today - 1, enquiry + 7 + int(r() * 30))
        completed = min(today - 1, assessed + 60 + int(r() * 120))
        approved_on = closed_on = None
        if status in (_S.APPROVED, _S.ON_HOLD, _S.CLOSED):
            approved_on = min(today - 1, completed + 5 + int(r() * 25))
            completed = min(completed, approved_on)
        if status == _S.CLOSED:
            closed_on = min(today - 1, approved_on + 365 + int(r() * 5 * 365)) if approved_on else None
        hid = self.take(CaregiverHousehold)
        self.counts["households"] += 1
        surnames = []
        for pid in adults[:2]:
            name = people.family.get(pid, "")
            if name and name not in surnames:
                surnames.append(name)
        name = " and ".join(surnames) or f"Household {hid}"
        lat, lon = TOWNS.get(city, (-41.0, 174.0))
        lat += (r() - 0.5) * 0.08
        lon += (r() - 0.5) * 0.1
        capacity = pick(r, CAPACITY) if kind != _HK.KIN else pick(r, ((1, 0.45), (2, 0.35), (3, 0.2)))
        age_min = 0 if r() < 0.7 else int(r() * 6)
        age_max = 17 if r() < 0.6 else max(age_min, 10 + int(r() * 8))
        needs = sorted({code for code in NEEDS if r() < (0.3 if kind == _HK.SPECIALIST else 0.1)})
        if kind == _HK.SPECIALIST and "high_complex" not in needs:
            needs.append("high_complex")
        maori = r() < 0.45
        culture = phrases.HOUSEHOLD_CULTURE[0 if maori else 1 + int(r() * (len(phrases.HOUSEHOLD_CULTURE) - 1))]
        iwi = sorted({IWI[int(r() * len(IWI))] for _ in range(1 + int(r() * 2))}) if maori else []
        if maori and r() < 0.4:
            needs = sorted({*needs, "te_reo"})
        languages = "English and te reo Māori" if "te_reo" in needs else phrases.LANGUAGES[
            int(r() * len(phrases.LANGUAGES))]  # fmt: skip
        text = clock.text
        noon = clock.noon
        # Members: the caregivers, another adult sometimes, their children.
        member_ids: list[tuple[int, int, str]] = []
        for n, pid in enumerate(adults):
            role = _MR.CAREGIVER if n < 2 else _MR.ADULT
            mid = self.take(HouseholdMember)
            member_ids.append((mid, pid, role))
            self.add(HouseholdMember, (mid, hid, pid, role, clock.iso(enquiry), None))
        for pid in kids[:3]:
            mid = self.take(HouseholdMember)
            self.add(HouseholdMember, (mid, hid, pid, _MR.CHILD, clock.iso(enquiry), None))
        self.counts["members"] += len(adults) + len(kids[:3])
        last_review = None
        next_review = None
        if status != _S.ENQUIRY:
            self.assessment(hid, status, worker, approver, assessed, completed, approved_on)
            self.checks(hid, member_ids, worker, assessed, approved_on, closed_on, status)
        if approved_on is not None:
            last_review = self.reviews(hid, worker, approved_on, closed_on, status)
            next_review = (last_review or approved_on) + 365
            if status == _S.APPROVED and r() < 0.08:
                next_review = today - 1 - int(r() * 60)  # overdue
            self.visits(hid, worker, approved_on, closed_on or today, overdue=r() < 0.1)
            self.training(hid, member_ids, worker, assessed, approved_on, kind)
        support_plan = phrases.SUPPORT_PLANS[int(r() * len(phrases.SUPPORT_PLANS))] if approved_on else ""
        self.add(CaregiverHousehold, (
            hid, name, kind, status, site, aid, round(lat, 5), round(lon, 5), capacity, age_min, age_max,
            capacity > 1 and r() < 0.7, json.dumps(needs), culture, json.dumps(iwi, ensure_ascii=False), languages,
            worker if status in (_S.ASSESSMENT, _S.APPROVED, _S.ON_HOLD) else None, clock.iso(enquiry),
            clock.iso(approved_on) if approved_on else None, approver if approved_on else None,
            clock.iso(next_review) if next_review and status in (_S.APPROVED, _S.ON_HOLD) else None,
            support_plan, text(noon(approved_on)) if approved_on else None,
            clock.iso(closed_on) if closed_on else None,
            phrases.CLOSED_REASONS[int(r() * len(phrases.CLOSED_REASONS))] if closed_on else "",
            worker, text(noon(enquiry)), 1 + (status != _S.ENQUIRY) + (approved_on is not None),
        ))  # fmt: skip
        return Household(
            id=hid, kind=kind, status=status, site=site, address=aid, capacity=capacity, age_min=age_min,
            age_max=age_max, takes_siblings=capacity > 1, approved_on=approved_on, closed_on=closed_on,
            person_ids=[pid for pid, _ in residents],
        )  # fmt: skip

    def assessment(
        self, hid: int, status: str, assessor: int, approver: int, started: int, completed: int, approved: int | None
    ) -> None:
        r = self.rng.random
        clock = self.clock
        summaries = phrases.ASSESSMENT_SUMMARIES
        if status == _S.ASSESSMENT:
            done = r() < 0.4 and completed < self.today
            self.add(CaregiverAssessment, (
                self.take(CaregiverAssessment), hid, assessor, clock.iso(started),
                clock.iso(completed) if done else None, "approve" if done else "",
                summaries[int(r() * len(summaries))] if done else "", "", None, None, "", 2 if done else 1,
            ))  # fmt: skip
            return
        declined = status == _S.DECLINED
        decided_day = completed + 3 + int(r() * 10) if approved is None else approved
        self.add(CaregiverAssessment, (
            self.take(CaregiverAssessment), hid, assessor, clock.iso(started), clock.iso(completed),
            "decline" if declined else "approve",
            phrases.DECLINE_REASONS[0] if declined else summaries[int(r() * len(summaries))],
            "declined" if declined else "approved", approver, clock.text(clock.noon(min(self.today, decided_day))),
            phrases.DECLINE_REASONS[int(r() * 2)] if declined else "", 3,
        ))  # fmt: skip
        self.counts["assessments"] += 1

    def checks(
        self, hid: int, members: list[tuple[int, int, str]], by: int, assessed: int, approved: int | None,
        closed: int | None, status: str,
    ) -> None:  # fmt: skip
        """Each adult's police vetting (renewed every three years while
        approved) and health check, two referees and a home visit."""
        r = self.rng.random
        clock, today = self.clock, self.today
        end = closed or today
        for mid, _pid, role in members:
            for kind, days in ((_CK.POLICE_VET, POLICE_VET_DAYS), (_CK.HEALTH, HEALTH_DAYS)):
                if kind == _CK.HEALTH and role != _MR.CAREGIVER:
                    continue
                done = min(today - 1, assessed + int(r() * 20))
                while True:
                    expires = done + days
                    roll = r()
                    outcome = _CO.CLEAR if roll < 0.95 else _CO.CONCERNS
                    note = phrases.CHECK_NOTES[-1] if outcome == _CO.CONCERNS else ""
                    self.add(CaregiverCheck, (self.take(CaregiverCheck), hid, mid, kind, clock.iso(done),
                                              clock.iso(expires), outcome, note, by,
                                              clock.text(clock.noon(done))))  # fmt: skip
                    self.counts["checks"] += 1
                    if approved is None or status not in (_S.APPROVED, _S.ON_HOLD, _S.CLOSED):
                        break
                    # Renewed before it expires, except a few expiring soon or lapsed.
                    renew = expires - 20 - int(r() * 60)
                    if renew >= end:
                        break
                    if status == _S.APPROVED and expires > today - 90 and r() < 0.06:
                        break  # lapsed: expired up to three months ago
                    done = renew
        for kind in (_CK.REFEREE, _CK.REFEREE, _CK.HOME_VISIT, _CK.CHILD_PROTECTION):
            done = assessed + 5 + int(r() * 40)
            self.add(CaregiverCheck, (self.take(CaregiverCheck), hid, None, kind, clock.iso(min(done, today)), None,
                                      _CO.CLEAR, "", by, clock.text(clock.noon(min(done, today)))))  # fmt: skip
            self.counts["checks"] += 1

    def reviews(self, hid: int, reviewer: int, approved: int, closed: int | None, status: str) -> int | None:
        r = self.rng.random
        clock = self.clock
        end = closed or self.today
        held = approved + 365 - int(r() * 20)
        last = None
        while held < end:
            outcome = CaregiverReview.Outcome.CONTINUE if r() < 0.9 else CaregiverReview.Outcome.CHANGED
            if status == _S.ON_HOLD and held + 365 >= end:
                outcome = CaregiverReview.Outcome.ON_HOLD
            self.add(CaregiverReview, (
                self.take(CaregiverReview), hid, clock.iso(held), reviewer, outcome,
                phrases.REVIEW_SUMMARIES[int(r() * len(phrases.REVIEW_SUMMARIES))], clock.iso(held + 365),
                clock.text(clock.noon(held) + 3600),
            ))  # fmt: skip
            self.counts["reviews"] += 1
            last = held
            held += 365 - int(r() * 30)
        return last

    def visits(self, hid: int, by: int, approved: int, end: int, *, overdue: bool) -> None:
        """Every eight weeks or so over the last five years of approval."""
        r = self.rng.random
        clock = self.clock
        stop = end - (VISIT_DAYS + 10 + int(r() * 60) if overdue else 0)
        day = max(approved + 14, end - 5 * 365)
        while day < stop:
            moment = clock.noon(day) - int((1 + r() * 3) * 3600)
            self.add(CaregiverVisit, (self.take(CaregiverVisit), hid, clock.text(moment), by,
                                      phrases.VISIT_SUMMARIES[int(r() * len(phrases.VISIT_SUMMARIES))],
                                      clock.text(moment + int(r() * DAY)) ))  # fmt: skip
            self.counts["visits"] += 1
            day += 35 + int(r() * 25)

    def training(
        self, hid: int, members: list[tuple[int, int, str]], by: int, assessed: int, approved: int, kind: str
    ) -> None:
        r = self.rng.random
        clock = self.clock
        carers = [mid for mid, _pid, role in members if role == _MR.CAREGIVER]
        courses = {"foundations", "first_aid"}
        if r() < 0.5:
            courses.add("trauma_informed")
        if r() < 0.3:
            courses.add("te_ao_maori")
        roles: list[str] = []
        if kind == _HK.SPECIALIST:
            codes = sorted(SPECIALIST_ROLES)
            roles = sorted({codes[int(r() * len(codes))] for _ in range(1 + int(r() * 2))})
            for role in roles:
                courses |= SPECIALIST_ROLES[role][1]
        latest = assessed
        for course in sorted(courses):
            done = min(approved - 1, assessed + int(r() * max(1, approved - assessed)))
            latest = max(latest, done)
            expires = done + FIRST_AID_DAYS if course == "first_aid" else None
            member = carers[int(r() * len(carers))] if carers else None
            self.add(CaregiverTraining, (self.take(CaregiverTraining), hid, member, course, clock.iso(done),
                                         clock.iso(expires) if expires else None, by,
                                         clock.text(clock.noon(done))))  # fmt: skip
            self.counts["training"] += 1
        for role in roles:
            granted_by = self.approver_at(0, by) or by
            self.add(SpecialistRole, (self.take(SpecialistRole), hid, role, clock.iso(max(latest + 1, approved)),
                                      granted_by, None))  # fmt: skip
            self.counts["specialist_roles"] += 1
