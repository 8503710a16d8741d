"""Twenty-two years of reports of concern for the synthetic agency.

Volume follows the population: about 120,000 a year now at 1,000,000
persons, ramping up from fewer in the past so the whole history is about 2.5
reports per person (``reports_for``). Each day's count is fixed by cumulative
rounding of a weekday-weighted ramp, so the total is exact and the same for a
seed. Reports are made in time order (ids follow receipt), each about a child
aged 0-17 at the time with, often, siblings from the same household and
sometimes the parents. Triage outcomes split about a third each way (no
further action or advice; community referral or FGC; assessment or joint
investigation); response times meet the deadline 80-90% of the time; old
reports are closed and the last weeks leave an open queue.

Deadlines are computed exactly as tiaki.intake.clocks.due_at does (working-
day deadlines call it, cached per local day), so the seeded clocks agree
with the ones the service would set. Timestamps are UTC text, which both
COPY and SQLite take.
"""

from __future__ import annotations

import datetime as dt
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.demo.generator.agency import STAFF_PREFIX
from tiaki.demo.generator.casework import CaseworkMaker, CaseworkSummary, ReportFacts
from tiaki.demo.generator.places import CONTACT_CENTRE, PLACES
from tiaki.demo.generator.pools import Pools
from tiaki.demo.generator.writer import BulkWriter, next_id
from tiaki.intake import clocks, policy
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, ResponseTimeframe, TriageDecision
from tiaki.people.models import Person, PersonAddress
from tiaki.staff.models import Site, User

REPORTS_PER_PERSON = 2.5  # over the whole history: ~2.5M at 1M persons
REPORTS_PER_PERSON_NOW = 0.12  # a year, now: ~120,000 at 1M persons
DEFAULT_YEARS = 22
CHUNK_REPORTS = 200_000

REPORT_FIELDS = (
    "id", "reference", "site", "received_at", "status", "stage", "channel", "allocated_to", "allocated_by",
    "allocated_at", "closed_at", "recorded_by", "notifier_name", "notifier_relationship", "notifier_contact",
    "notifier_confidential", "referrer_agency", "referrer_reference", "narrative", "immediate_safety",
    "child_unsafe_now", "decided_at", "response_due_at", "responded_at", "timeframe", "escalation_level", "version",
)  # fmt: skip
REPORT_PERSON_FIELDS = ("id", "report", "person", "role")
CONCERN_FIELDS = ("id", "report", "category", "detail")
DECISION_FIELDS = (
    "id", "report", "outcome", "reasons", "timeframe", "lowered_reason", "decided_by", "decided_at",
    "needs_approval", "approval_rule", "approved_by", "approved_at",
)  # fmt: skip
REPORT_TABLES = (ReportOfConcern, ReportPerson, ReportConcern, TriageDecision)

DAY = 86_400
HOUR = 3_600
YEAR_DAYS = 365.25
CHILD_DAYS = 18 * 365  # aged 0-17 at the time
PARENT_GAP_DAYS = 18 * 365
# Reports after this age are the open queue; older ones are closed.
OPEN_DAYS = 45

_S = ReportOfConcern.Stage
_O = TriageDecision.Outcome
_CH = ReportOfConcern.Channel
_CAT = ReportConcern.Category
_ROLE = ReportPerson.Role

# Receipt by weekday (Monday first) and hour of day, local time; schools and
# health services refer in working hours, Police at all hours.
WEEKDAY_WEIGHT = (1.12, 1.1, 1.08, 1.06, 1.04, 0.62, 0.55)
HOUR_WEIGHT = (
    1, 1, 0.6, 0.5, 0.5, 0.7, 1.2, 2, 4, 7, 8, 8, 7, 7, 8, 7, 6, 4.5, 3.5, 3, 2.5, 2, 1.6, 1.2,
)  # fmt: skip
# Outcomes: about 1/3 each of (nfa, advice), (community, fgc), (assessment, joint).
OUTCOMES = ((_O.NO_FURTHER_ACTION, 0.18), (_O.ADVICE, 0.17), (_O.COMMUNITY_REFERRAL, 0.22), (_O.FGC, 0.12),
            (_O.CORE_ASSESSMENT, 0.24), (_O.JOINT_INVESTIGATION, 0.07))  # fmt: skip
# For assessments: (timeframe, share, share answered on time).
TIMEFRAMES = (("critical", 0.12, 0.86), ("very-urgent", 0.18, 0.84), ("urgent", 0.35, 0.88), ("non-urgent", 0.35, 0.9))
JOINT_TIMEFRAMES = (("critical", 0.45, 0.86), ("very-urgent", 0.4, 0.84), ("urgent", 0.15, 0.88))
CHANNELS = ((_CH.PHONE, 0.62), (_CH.PROFESSIONAL, 0.23), (_CH.API, 0.15))
CATEGORIES = ((_CAT.NEGLECT, 0.26), (_CAT.FAMILY_VIOLENCE, 0.24), (_CAT.EMOTIONAL, 0.17), (_CAT.PHYSICAL, 0.16),
              (_CAT.SEXUAL, 0.07), (_CAT.SELF_HARM, 0.05), (_CAT.OTHER, 0.05))  # fmt: skip
AGENCIES = ("NZ Police", "Te Whatu Ora Health NZ", "Kura", "Primary school", "College", "Plunket", "GP practice",
            "Women's Refuge", "Emergency department", "Ministry of Education")  # fmt: skip
NOTIFIER_RELATIONSHIPS = ("Neighbour", "Grandparent", "Aunty", "Uncle", "Family friend", "Parent", "Teacher",
                          "Coach", "Member of the public", "Child themself")  # fmt: skip
NARRATIVES = {
    _CAT.NEGLECT: "Tamariki seen without food or supervision for long periods; the house is cold and unsafe.",
    _CAT.FAMILY_VIOLENCE: "Police attended a family violence incident at the address; the children were present.",
    _CAT.EMOTIONAL: "The child is often belittled and shouted at and seems withdrawn and frightened.",
    _CAT.PHYSICAL: "The child came to school with bruising they could not explain.",
    _CAT.SEXUAL: "The young person disclosed to a teacher that an adult touched them inappropriately.",
    _CAT.SELF_HARM: "The young person has talked about hurting themself and has marks on their arms.",
    _CAT.OTHER: "The notifier is worried about the children's care and asked for someone to check on them.",
}
REASONS = {
    _O.NO_FURTHER_ACTION: "Information checked; no care or protection concerns found.",
    _O.ADVICE: "Advice given to the notifier and the whānau about support available.",
    _O.COMMUNITY_REFERRAL: "Referred to a community partner for early support with the whānau's agreement.",
    _O.FGC: "Care and protection concerns the whānau can plan for: a Family Group Conference is to be convened.",
    _O.CORE_ASSESSMENT: "Concerns need a core assessment with the tamariki and whānau.",
    _O.JOINT_INVESTIGATION: "Possible offending against the child: joint investigation with Police.",
}


def reports_for(persons: int) -> int:
    """About 2.5 reports per person over 22 years, linearly with the population."""
    return round(persons * REPORTS_PER_PERSON)


@dataclass(slots=True)
class _Rows:
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    persons: list[tuple[Any, ...]] = field(default_factory=list)
    concerns: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)


def _pick(rng: Random, table: tuple[tuple[Any, float], ...] | tuple[tuple[Any, float, float], ...]) -> Any:
    roll = rng.random()
    for row in table:
        roll -= row[1]
        if roll < 0:
            return row
    return table[-1]


class _Population:
    """Persons by birth date, and households by current address."""

    def __init__(self) -> None:
        born = sorted(
            (dob.toordinal(), pid)
            for pid, dob in Person.objects.filter(date_of_birth__isnull=False, merged_into__isnull=True)
            .values_list("pk", "date_of_birth")
            .iterator(chunk_size=50_000)
            if dob is not None
        )
        self.dobs = [d for d, _ in born]
        self.pids = [p for _, p in born]
        dob_of = {p: d for d, p in born}
        self.home: dict[int, int] = {}
        self.households: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.place_of: dict[int, tuple[str, str]] = {}
        for pid, aid, city, suburb in (
            PersonAddress.objects.filter(valid_to__isnull=True)
            .order_by("pk")
            .values_list("person_id", "address_id", "address__city", "address__suburb")
            .iterator(chunk_size=50_000)
        ):
            if pid in self.home or pid not in dob_of:
                continue
            self.home[pid] = aid
            self.households[aid].append((pid, dob_of[pid]))
            self.place_of[aid] = (city, suburb)


class _Staff:
    def __init__(self, rng: Random) -> None:
        self.rng = rng
        by_site: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        everyone: dict[str, list[int]] = defaultdict(list)
        for uid, site_id, role in (
            User.objects.filter(username__startswith=STAFF_PREFIX, is_active=True)
            .order_by("pk")
            .values_list("pk", "site_id", "role")
        ):
            by_site[site_id][role].append(uid)
            everyone[role].append(uid)
        self.by_site = by_site
        self.everyone = everyone
        contact = Site.objects.filter(name=CONTACT_CENTRE.site).values_list("pk", flat=True).first()
        self.contact_centre = by_site.get(contact or 0, {}).get(Role.CONTACT_CENTRE) or everyone.get(
            Role.CONTACT_CENTRE
        )
        self.contact_centre = self.contact_centre or everyone.get(Role.SOCIAL_WORKER) or []

    def one(self, site_id: int, *roles: str) -> int | None:
        pools = self.by_site.get(site_id, {})
        for role in roles:
            if pools.get(role):
                chosen = pools[role]
                return chosen[int(self.rng.random() * len(chosen))]
        for role in roles:
            if self.everyone.get(role):
                chosen = self.everyone[role]
                return chosen[int(self.rng.random() * len(chosen))]
        return None


@dataclass(frozen=True)
class ReportSummary:
    reports: int
    report_persons: int
    concerns: int
    decisions: int
    seconds: float
    casework: CaseworkSummary | None = None


class ReportMaker:
    def __init__(self, *, seed: int, pools: Pools, end: dt.datetime, years: int, postgres: bool) -> None:
        self.rng = Random(seed * 7919 + 22)
        self.pools = pools
        self.postgres = postgres
        self.end = int(end.timestamp())
        self.years = years
        self.population = _Population()
        self.staff = _Staff(self.rng)
        self.sites = self._site_map()
        self.site_ids = sorted(set(self.sites.values())) or list(Site.objects.values_list("pk", flat=True))
        # The policy's defaults when its tables are empty (a database flushed
        # by a test, as its migration's rows go with a flush).
        policy.ensure_defaults()
        self.timeframes = {t.code: t for t in ResponseTimeframe.objects.all()}
        self._due_cache: dict[dt.date, int] = {}
        self._day_text: dict[int, str] = {}
        self.hour_cum = _cumulative(HOUR_WEIGHT)
        #: Writes each report's chronology and the cases that follow (None: reports only).
        self.casework: CaseworkMaker | None = None

    def _site_map(self) -> dict[tuple[str, str], int]:
        by_name = dict(Site.objects.values_list("name", "pk"))
        mapping: dict[tuple[str, str], int] = {}
        for place in PLACES:
            site_id = by_name.get(place.site)
            if site_id is None:
                continue
            mapping.setdefault((place.city, place.suburb), site_id)
            mapping.setdefault((place.city, ""), site_id)
        return mapping

    # --- time ---------------------------------------------------------------

    def text(self, seconds: int | None) -> str | None:
        """UTC text for a timestamp column (COPY and SQLite both take it)."""
        if seconds is None:
            return None
        day, rest = divmod(seconds, DAY)
        prefix = self._day_text.get(day)
        if prefix is None:
            prefix = self._day_text[day] = dt.date.fromordinal(719_163 + day).isoformat()
        h, rest = divmod(rest, HOUR)
        m, s = divmod(rest, 60)
        suffix = "+00" if self.postgres else ""
        return f"{prefix} {h:02d}:{m:02d}:{s:02d}{suffix}"

    def due(self, received: int, code: str) -> int:
        timeframe = self.timeframes[code]
        if timeframe.hours is not None:
            return received + timeframe.hours * HOUR
        moment = dt.datetime.fromtimestamp(received, tz=dt.UTC)
        local_day = timezone.localtime(moment).date()
        cached = self._due_cache.get(local_day)
        if cached is None:
            cached = self._due_cache[local_day] = int(clocks.due_at(moment, timeframe).timestamp())
        return cached

    def day_counts(self, total: int) -> list[int]:
        """Reports per day over ``years`` ending at ``end``: a linear ramp up
        to the current rate, weighted by weekday, summing exactly to ``total``."""
        days = round(self.years * YEAR_DAYS)
        # Solve the ramp's start so the last year carries REPORTS_PER_PERSON_NOW
        # of the REPORTS_PER_PERSON total: mean weight = now_share * years.
        mean = min(1.0, REPORTS_PER_PERSON / REPORTS_PER_PERSON_NOW / self.years) if self.years > 1 else 1.0
        start = max(0.2, 2 * mean - 1)
        first_day = self.end // DAY - days + 1
        weights = []
        for i in range(days):
            ramp = start + (1 - start) * i / max(1, days - 1)
            weekday = (first_day + i + 3) % 7  # 1970-01-01 was a Thursday (Monday is 0)
            weights.append(ramp * WEEKDAY_WEIGHT[weekday])
        whole = sum(weights)
        counts, cum, made = [], 0.0, 0
        for w in weights:
            cum += w * total / whole
            now = round(cum)
            counts.append(now - made)
            made = now
        return counts

    # --- one report -----------------------------------------------------------

    def children_at(self, received: int) -> list[tuple[int, int]]:
        """A child aged 0-17 at ``received`` and, often, siblings living with them."""
        pop = self.population
        day = 719_163 + received // DAY
        lo = bisect_right(pop.dobs, day - CHILD_DAYS)
        hi = bisect_right(pop.dobs, day)
        if hi <= lo:
            return []
        r = self.rng.random
        index = lo + int(r() * (hi - lo))
        pid, dob = pop.pids[index], pop.dobs[index]
        chosen = [(pid, dob)]
        aid = pop.home.get(pid)
        if aid is not None and r() < 0.7:
            siblings = [(p, d) for p, d in pop.households[aid] if p != pid and day - CHILD_DAYS < d <= day]
            wanted = min(len(siblings), (0, 1, 1, 2, 3)[int(r() * 5)])
            if wanted:
                chosen += self.rng.sample(siblings, wanted)
        return chosen

    def adults_for(self, child: tuple[int, int], received: int) -> list[int]:
        pop = self.population
        aid = pop.home.get(child[0])
        if aid is None:
            return []
        return [p for p, d in pop.households[aid] if d <= child[1] - PARENT_GAP_DAYS][:2]

    def site_for(self, pid: int) -> int:
        pop = self.population
        aid = pop.home.get(pid)
        if aid is not None and self.rng.random() < 0.92:
            city, suburb = pop.place_of[aid]
            site = self.sites.get((city, suburb)) or self.sites.get((city, ""))
            if site is not None:
                return site
        return self.site_ids[int(self.rng.random() * len(self.site_ids))]


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    total, out = 0.0, []
    whole = sum(weights)
    for w in weights:
        total += w / whole
        out.append(total)
    return out


def seed_reports(
    *,
    total: int,
    seed: int,
    pools: Pools,
    end: dt.datetime,
    years: int = DEFAULT_YEARS,
    out: Callable[[str], None] | None = None,
    chunk_reports: int = CHUNK_REPORTS,
    casework: bool = False,
) -> ReportSummary:
    """Write ``total`` reports over ``years`` ending at ``end`` for the persons
    already in the register, inside the caller's transaction; with
    ``casework``, their chronology and the casework that follows them
    (tiaki.demo.generator.casework)."""
    say = out or (lambda _line: None)
    started = time.perf_counter()
    writer = BulkWriter(REPORT_TABLES)
    maker = ReportMaker(seed=seed, pools=pools, end=end, years=years, postgres=writer.postgres)
    say(f"reports: {len(maker.population.pids):,} persons loaded ({time.perf_counter() - started:.1f} s)")
    if casework:
        maker.casework = CaseworkMaker(seed=seed, end=maker.end, years=years, postgres=writer.postgres, out=say)
        maker.casework.showcase(maker.population)
    rng = maker.rng
    r = rng.random
    ids = [next_id(ReportOfConcern), next_id(ReportPerson), next_id(ReportConcern), next_id(TriageDecision)]
    rows = _Rows()
    counts = maker.day_counts(total)
    hour_cum = maker.hour_cum
    text = maker.text
    made = 0
    for i, count in enumerate(counts):
        if not count:
            continue
        # Each "day" is the 24 hours ending (len(counts) - 1 - i) days before
        # ``end``; h0 is its first hour in NZ time (12 hours ahead of UTC is
        # close enough for the shape of the day).
        day_start = maker.end - (len(counts) - i) * DAY
        h0 = (day_start % DAY // HOUR + 12) % 24
        moments = sorted(
            day_start + ((min(23, bisect_left(hour_cum, r())) - h0) % 24) * HOUR + int(r() * HOUR) for _ in range(count)
        )
        for received in moments:
            _one_report(maker, rows, ids, received, text)
        made += count
        casework_full = maker.casework is not None and maker.casework.full()
        if len(rows.reports) >= chunk_reports or casework_full:
            _flush(writer, rows)
            rows = _Rows()
            say(f"{made:,} reports ({time.perf_counter() - started:.1f} s)")
        if casework_full and maker.casework is not None:
            # After the reports its rows point at: SQLite checks a deferred
            # foreign key again on every parent row inserted while one is
            # outstanding, scanning the child table each time.
            maker.casework.flush()
    _flush(writer, rows)
    writer.finish()
    w = writer.written
    return ReportSummary(
        reports=w[ReportOfConcern],
        report_persons=w[ReportPerson],
        concerns=w[ReportConcern],
        decisions=w[TriageDecision],
        seconds=time.perf_counter() - started,
        casework=maker.casework.finish(started) if maker.casework is not None else None,
    )


def _flush(writer: BulkWriter, rows: _Rows) -> None:
    writer.write(ReportOfConcern, REPORT_FIELDS, rows.reports)
    writer.write(ReportPerson, REPORT_PERSON_FIELDS, rows.persons)
    writer.write(ReportConcern, CONCERN_FIELDS, rows.concerns)
    writer.write(TriageDecision, DECISION_FIELDS, rows.decisions)


def _one_report(maker: ReportMaker, rows: _Rows, ids: list[int], received: int, text: Callable[..., Any]) -> None:
    rng = maker.rng
    r = rng.random
    children = maker.children_at(received)
    if not children:
        return
    rid = ids[0]
    ids[0] += 1
    age_days = maker.end - received
    site = maker.site_for(children[0][0])
    # People.
    for pid, _dob in children:
        rows.persons.append((ids[1], rid, pid, _ROLE.CHILD))
        ids[1] += 1
    adults: list[int] = []
    if r() < 0.45:
        adults = maker.adults_for(children[0], received)
        for n, pid in enumerate(adults):
            role = _ROLE.ALLEGED if n == 0 and r() < 0.3 else _ROLE.ADULT
            rows.persons.append((ids[1], rid, pid, role))
            ids[1] += 1
    # Concerns.
    first = _pick(rng, CATEGORIES)[0]
    categories = [first]
    if r() < 0.35:
        second = _pick(rng, CATEGORIES)[0]
        if second != first:
            categories.append(second)
    for category in categories:
        rows.concerns.append((ids[2], rid, category, NARRATIVES[category]))
        ids[2] += 1
    # Channel and notifier.
    channel = _pick(rng, CHANNELS)[0]
    notifier_name = notifier_relationship = notifier_contact = agency = agency_ref = ""
    confidential = False
    recorded_by = None
    if channel == _CH.PHONE:
        culture = maker.pools.maori if r() < 0.25 else maker.pools.general
        given = culture.given_female if r() < 0.6 else culture.given_male
        notifier_name = f"{given[int(r() * len(given))]} {culture.surnames[int(r() * len(culture.surnames))]}"
        notifier_relationship = NOTIFIER_RELATIONSHIPS[int(r() * len(NOTIFIER_RELATIONSHIPS))]
        notifier_contact = f"02{int(r() * 10)} {int(r() * 900) + 100} {int(r() * 9000) + 1000}"
        confidential = r() < 0.3
        staff = maker.staff.contact_centre
        recorded_by = staff[int(r() * len(staff))] if staff else None
    else:
        agency = AGENCIES[int(r() * len(AGENCIES))]
        agency_ref = f"{agency[:2].upper()}-{int(r() * 900_000) + 100_000}"
        notifier_relationship = "Professional"
    unsafe = r() < 0.06
    safety = "The child is not safe tonight." if unsafe else ""
    # Triage.
    now = maker.end
    decision_delay = int((0.3 + r() * r() * 40) * HOUR)
    decided: int | None = received + decision_delay if received + decision_delay <= now else None
    outcome = _pick(rng, OUTCOMES)[0] if decided is not None else None
    if unsafe and outcome is not None and r() < 0.8:
        outcome = _O.JOINT_INVESTIGATION if r() < 0.4 else _O.CORE_ASSESSMENT
    timeframe = ""
    due = responded = allocated_at = allocated_to = allocated_by = closed = None
    stage = _S.RECEIVED
    status = ReportOfConcern.Status.OPEN
    escalation = 0
    decider = maker.staff.one(site, Role.SUPERVISOR, Role.SITE_MANAGER)
    if outcome is not None and decided is not None:
        if outcome in (_O.CORE_ASSESSMENT, _O.JOINT_INVESTIGATION):
            table = TIMEFRAMES if outcome == _O.CORE_ASSESSMENT else JOINT_TIMEFRAMES
            timeframe, _share, on_time = _pick(rng, table)
            if unsafe:
                timeframe, on_time = "critical", 0.86
            due = maker.due(received, timeframe)
            if decided > received + (due - received) // 2:
                # The urgent ones are decided quickly, well inside their response time.
                decided = received + int(r() * (due - received) / 2)
            span = max(HOUR, due - decided)
            allocated_at = decided + int(min(span * 0.5, (0.2 + r() * 6) * HOUR))
            if r() < on_time:
                responded = decided + int(span * (0.15 + 0.85 * r()))
            else:
                responded = due + int((1 + r() * r() * 120) * HOUR)
            stage = _S.RESPONDED
            # The recent ones are still in the queue: not yet allocated or responded.
            if allocated_at > now or (age_days < 7 * DAY and r() < 0.35):
                allocated_at = None
                responded = None
                stage = _S.DECIDED
            elif responded > now or (age_days < 14 * DAY and r() < 0.3):
                responded = None
                stage = _S.ALLOCATED
            if allocated_at is not None:
                allocated_to = maker.staff.one(site, Role.SOCIAL_WORKER, Role.SUPERVISOR)
                allocated_by = decider
            if responded is not None and age_days > OPEN_DAYS * DAY:
                closed = responded + int((5 + r() * 80) * DAY)
                if closed > now:
                    closed = None
            if responded is None and due is not None:
                spent = (now - received) / max(1, due - received)
                escalation = 2 if spent >= 0.75 else 1 if spent >= 0.5 else 0
        else:
            stage = _S.DECIDED
            if age_days > 3 * DAY or r() < 0.6:
                closed = decided + int(r() * 3 * DAY)
                if closed > now:
                    closed = None
        if closed is not None:
            stage, status = _S.CLOSED, ReportOfConcern.Status.CLOSED
    # The decision row.
    decision_id = None
    needs_approval = False
    if outcome is not None and decided is not None and decider is not None:
        decision_id = ids[3]
        needs_approval = False
        rule = ""
        approver = approved_at = None
        if outcome == _O.NO_FURTHER_ACTION and any(received // DAY + 719_163 - d < 730 for _, d in children):
            needs_approval, rule = True, "no further action on a child under 2"
        if needs_approval:
            if age_days < 2 * DAY and r() < 0.5 and status == ReportOfConcern.Status.OPEN:
                stage = _S.AWAITING_APPROVAL
            else:
                approver = maker.staff.one(site, Role.SITE_MANAGER, Role.SUPERVISOR)
                approved_at = text(decided + int((0.5 + r() * 20) * HOUR))
        rows.decisions.append(
            (ids[3], rid, outcome, REASONS[outcome], timeframe, "", decider, text(decided), needs_approval, rule,
             approver, approved_at)
        )  # fmt: skip
        ids[3] += 1
    elif decided is not None:
        decided = None
    year = dt.datetime.fromtimestamp(received + 13 * HOUR, tz=dt.UTC).year  # NZ local year (NZDT at new year)
    narrative = " ".join(NARRATIVES[c] for c in categories)
    reference = f"ROC-{year}-{rid:07d}"
    if maker.casework is not None:
        maker.casework.report(
            ReportFacts(
                id=rid, reference=reference, received=received, children=children, adults=adults,
                categories=categories, channel=channel, unsafe=unsafe, decision_id=decision_id,
                outcome=outcome if decision_id is not None else None,
                reasons=REASONS[outcome] if decision_id is not None and outcome is not None else "",
                timeframe=timeframe, decided=decided if decision_id is not None else None,
                needs_approval=needs_approval, allocated_to=allocated_to, responded=responded, due=due,
            )
        )  # fmt: skip
    rows.reports.append(
        (rid, reference, site, text(received), status, stage, channel, allocated_to, allocated_by,
         text(allocated_at), text(closed), recorded_by, notifier_name, notifier_relationship, notifier_contact,
         confidential, agency, agency_ref, narrative, safety, unsafe, text(decided), text(due), text(responded),
         timeframe, escalation, 1)
    )  # fmt: skip
