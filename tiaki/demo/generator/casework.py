"""The casework of the synthetic agency: the chronology of every seeded
report, and the cases, notes, plans, FGCs and court orders that follow.

Written in bulk as tiaki.demo.generator.reports writes reports (the
generator may write raw rows; nothing here goes through the services), with
the titles and summaries the services write, word for word: report and
decision entries as tiaki.intake.services (report_summary, triage), case,
note, plan, FGC and order entries as tiaki.casework.services. The same seed
gives the same rows: one ``random.Random`` of its own, so the reports are
exactly what they were without casework.

Volume (``tiaki seed --persons 1000000``): about 9 million report,
decision and response entries come from the 2.5 million reports; about a
fifth of the assessments open a case, a third of those continue to ongoing
care and protection (some to transition support), and notes at a visit or
call every week or two make up the rest of about 20 million entries.

Showcase histories, for the benchmark (tiaki.bench.casework_ops) and for
anyone trying the chronology, are written before any other case by the
ShowcaseHistories mixin (tiaki.demo.generator.casework_showcase);
``showcase_children`` and the sizes are re-exported here for their callers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from random import Random
from typing import Any

from tiaki.casework.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseNoteVersion,
    CaseParticipant,
    CourtOrder,
    EngagementAttempt,
    FamilyGroupConference,
    NoteSubject,
    Plan,
    PlanVersion,
    VisitFrequency,
)
from tiaki.casework.policy import visit_frequency
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import summarise
from tiaki.demo.generator import phrases
from tiaki.demo.generator.casework_rows import (
    CASEWORK_TABLES,
    DAY,
    FIELDS,
    CaseworkRows,
    Clock,
    Ids,
    StaffBook,
    Worker,
)
from tiaki.demo.generator.casework_showcase import LONG_HISTORIES as LONG_HISTORIES
from tiaki.demo.generator.casework_showcase import LONG_HISTORY_ENTRIES as LONG_HISTORY_ENTRIES
from tiaki.demo.generator.casework_showcase import ShowcaseHistories
from tiaki.demo.generator.casework_showcase import showcase_children as showcase_children
from tiaki.demo.generator.writer import BulkWriter
from tiaki.intake.models import ReportOfConcern, ResponseTimeframe, TriageDecision
from tiaki.intake.services.reports import report_summary

_K = ChronologyEntry.Kind
_O = TriageDecision.Outcome
_CK = Case.Kind
_CR = Case.ClosureReason
_ORDER = CourtOrder.Kind
_FGC = FamilyGroupConference.Outcome
YEAR = 365 * DAY

#: Share of responded assessments and investigations that open a case.
CASE_SHARE = 0.3
ONGOING_SHARE = 0.35
TRANSITION_SHARE = 0.15  # of ongoing cases
IN_CARE_SHARE = 0.3  # of ongoing cases
FGC_SHARE = 0.7  # of ongoing cases
#: Mean days between notes, by phase.
NOTE_GAP: dict[str, float] = {_CK.ASSESSMENT: 5.5, _CK.INVESTIGATION: 5.0, _CK.ONGOING: 10.0, _CK.TRANSITION: 16.0}
CORRECTED_SHARE = 0.02
#: Rows generated before a chunk is written.
CHUNK_ROWS = 400_000

RESPONSE_OUTCOMES = frozenset({_O.CORE_ASSESSMENT, _O.JOINT_INVESTIGATION})
_ASSESSMENT_CLOSURES = ((_CR.NO_FURTHER_ACTION, 0.5), (_CR.SAFETY_PLAN, 0.3), (_CR.CONCERNS_ADDRESSED, 0.2))
_ONGOING_CLOSURES = ((_CR.CONCERNS_ADDRESSED, 0.5), (_CR.SAFETY_PLAN, 0.32), (_CR.TRANSFERRED, 0.12),
                     (_CR.MOVED_AWAY, 0.06))  # fmt: skip
_FGC_OUTCOMES = ((_FGC.PLAN_AGREED, 0.75), (_FGC.NO_AGREEMENT, 0.15), (_FGC.NOT_HELD, 0.1))
_PLAN_REASONS = ("Six-monthly review with the whānau.", "Updated after the review hui.",
                 "Goals met: new goals agreed with the young person.")  # fmt: skip


@dataclass(slots=True)
class ReportFacts:
    """What the casework needs to know about one seeded report."""

    id: int
    reference: str
    received: int  # seconds since 1970, UTC
    children: list[tuple[int, int]]  # (person id, birth date ordinal)
    adults: list[int]
    categories: list[str]
    channel: str
    unsafe: bool
    decision_id: int | None
    outcome: str | None
    reasons: str
    timeframe: str
    decided: int | None
    needs_approval: bool
    allocated_to: int | None
    responded: int | None
    due: int | None


@dataclass(frozen=True)
class CaseworkSummary:
    cases: int
    notes: int
    plans: int
    fgcs: int
    orders: int
    chronology: int
    seconds: float


def _pick(r: Callable[[], float], table: Sequence[tuple[Any, float]]) -> Any:
    roll = r()
    for value, share in table:
        roll -= share
        if roll < 0:
            return value
    return table[-1][0]


@dataclass(slots=True)
class Phase:
    kind: str
    start: int


class CaseworkMaker(ShowcaseHistories):
    def __init__(
        self, *, seed: int, end: int, years: int, postgres: bool, out: Callable[[str], None] | None = None,
        defer_indexes: bool = True,
    ) -> None:  # fmt: skip
        self.rng = Random(seed * 104_729 + 6)
        self.end = end
        self.start = end - int(years * 365.25 * DAY)
        self.clock = Clock(postgres=postgres)
        self.say = out or (lambda _line: None)
        self.staff = StaffBook()
        self.ids = Ids()
        self.rows = CaseworkRows()
        self.writer = BulkWriter(CASEWORK_TABLES, defer_indexes=defer_indexes)
        frequency = visit_frequency()
        self.default_frequency = frequency.pk if isinstance(frequency, VisitFrequency) else None
        self._report_summaries: dict[tuple[tuple[str, ...], str, bool], str] = {}
        self._timeframe_labels = {code: label.lower() for code, label in _timeframe_labels().items()}
        self.case_labels = {k.value: k.label for k in _CK}
        self.counts = dict.fromkeys(("cases", "notes", "plans", "fgcs", "orders"), 0)

    # --- rows ---------------------------------------------------------------

    def add(self, model: type, row: tuple[Any, ...]) -> None:
        self.rows.by_model[model].append(row)

    def entry(
        self, person_ids: Sequence[int], kind: str, occurred: int, title: str, summary: str, source_id: int, *,
        case: int | None = None, report: int | None = None, significant: bool = False, sensitive: bool = False,
        recorded: int | None = None,
    ) -> None:  # fmt: skip
        """One chronology entry per child, as chronology_add writes them."""
        at = self.clock.text(occurred)
        stamp = at if recorded is None or recorded == occurred else self.clock.text(recorded)
        title = summarise(title, 200)
        summary = summarise(summary)
        rows = self.rows.chronology
        take = self.ids.take
        for pid in sorted(set(person_ids)):
            rows.append((take(ChronologyEntry), pid, at, kind, significant, sensitive, title, summary, case, report,
                         source_id, stamp))  # fmt: skip

    def full(self) -> bool:
        return self.rows.size() >= CHUNK_ROWS

    def flush(self) -> None:
        for model in CASEWORK_TABLES:
            self.writer.write(model, FIELDS[model], self.rows.by_model[model])
        self.rows = CaseworkRows()

    def finish(self, started: float) -> CaseworkSummary:
        self.flush()
        self.say(f"casework written; rebuilding indexes ({time.perf_counter() - started:.1f} s)")
        self.writer.finish()
        return CaseworkSummary(
            cases=self.counts["cases"], notes=self.counts["notes"], plans=self.counts["plans"],
            fgcs=self.counts["fgcs"], orders=self.counts["orders"], chronology=self.writer.written[ChronologyEntry],
            seconds=time.perf_counter() - started,
        )  # fmt: skip

    # --- intake -------------------------------------------------------------

    def report(self, f: ReportFacts) -> None:
        """The report's entries, and maybe a case."""
        self.intake_entries(f)
        if (
            f.outcome in RESPONSE_OUTCOMES
            and f.responded is not None
            and f.allocated_to is not None
            and f.allocated_to in self.staff.workers
            and self.rng.random() < CASE_SHARE
        ):
            self.case_from_report(f)

    def intake_entries(self, f: ReportFacts) -> None:
        """Received, decided, first response: as report_record, triage_decide and report_respond write them."""
        children = [pid for pid, _ in f.children]
        key = (tuple(f.categories), f.channel, f.unsafe)
        summary = self._report_summaries.get(key)
        if summary is None:
            summary = self._report_summaries[key] = report_summary(
                ReportOfConcern(channel=f.channel, child_unsafe_now=f.unsafe), list(f.categories)
            )
        self.entry(children, _K.REPORT, f.received, f"Report of concern received ({f.reference})", summary, f.id,
                   report=f.id, significant=True)  # fmt: skip
        if f.decision_id is not None and f.outcome is not None and f.decided is not None:
            title = f"Intake decision on {f.reference}: {_O(f.outcome).label}"
            if f.timeframe:
                title += f" ({self._timeframe_labels[f.timeframe]})"
            reasons = f.reasons + (" Waiting for a supervisor's approval." if f.needs_approval else "")
            self.entry(children, _K.DECISION, f.decided, title, reasons, f.decision_id, report=f.id,
                       significant=f.outcome in RESPONSE_OUTCOMES)  # fmt: skip
        if f.responded is not None:
            on_time = f.due is None or f.responded <= f.due
            self.entry(children, _K.RESPONSE, f.responded, f"First response to {f.reference}",
                       "Within the response timeframe." if on_time else "After the response timeframe had passed.",
                       f.id, report=f.id)  # fmt: skip

    def case_from_report(self, f: ReportFacts) -> None:
        assert f.responded is not None
        assert f.allocated_to is not None
        r = self.rng.random
        opened = f.responded
        first = _CK.ASSESSMENT if f.outcome == _O.CORE_ASSESSMENT else _CK.INVESTIGATION
        phases = [Phase(first, opened)]
        close = opened + int((20 + r() * 80) * DAY)
        closure = _pick(r, _ASSESSMENT_CLOSURES)
        if r() < ONGOING_SHARE:
            ongoing = close
            phases.append(Phase(_CK.ONGOING, ongoing))
            close = ongoing + int((0.3 + r() * r() * 5) * YEAR)
            closure = _pick(r, _ONGOING_CLOSURES)
            eldest = min(dob for _, dob in f.children)
            aged_15 = (eldest + 15 * 365 - 719_163) * DAY
            if r() < TRANSITION_SHARE and aged_15 < close:
                transition = max(aged_15, ongoing + 60 * DAY)
                phases.append(Phase(_CK.TRANSITION, transition))
                close = transition + int((1 + r() * 2) * YEAR)
                closure = _CR.AGED_OUT
        self.case(
            worker=self.staff.workers[f.allocated_to], children=f.children, adults=f.adults, phases=phases,
            close=close, closure=closure, report=f,
        )  # fmt: skip

    # --- one case -------------------------------------------------------------

    def case(
        self, *, worker: Worker, children: Sequence[tuple[int, int]], adults: Sequence[int], phases: list[Phase],
        close: int, closure: str, report: ReportFacts | None = None, note_gap: float | None = None,
        all_children_share: float = 0.7, plan_versions: int = 3, jitter: float = 0.4, in_care: bool | None = None,
        with_fgc: bool | None = None,
    ) -> int:  # fmt: skip
        """Write a case through its phases up to its close (or now, left open).
        ``in_care`` and ``with_fgc`` decide what is otherwise left to chance."""
        r = self.rng.random
        ids, text, end = self.ids, self.clock.text, self.end
        case_id = ids.take(Case)
        self.counts["cases"] += 1
        reference = f"C-{case_id:06d}"
        kids = [pid for pid, _ in children]
        phases = [p for p in phases if p.start <= end]
        is_open = close > end
        stop = end if is_open else close
        by = worker.id
        # Opened, phase changes, closure.
        opened = phases[0].start
        self.add(
            CaseEvent, (ids.take(CaseEvent), case_id, CaseEvent.Kind.OPENED, "", phases[0].kind, "", text(opened), by)
        )
        summary = f"Allocated to {worker.name}." + (f" From report {report.reference}." if report else "")
        self.entry(kids, _K.CASE, opened, f"{self.case_labels[phases[0].kind]} case opened ({reference})", summary,
                   case_id, case=case_id, report=report.id if report else None, significant=True)  # fmt: skip
        for before, phase in pairwise(phases):
            reasons = phrases.PHASE_REASONS[phase.kind]
            reason = reasons[int(r() * len(reasons))]
            self.add(CaseEvent, (ids.take(CaseEvent), case_id, CaseEvent.Kind.PHASE, before.kind, phase.kind, reason,
                                 text(phase.start), by))  # fmt: skip
            self.entry(kids, _K.CASE, phase.start,
                       f"Case {reference} moved from {self.case_labels[before.kind]} to {self.case_labels[phase.kind]}",
                       reason, case_id, case=case_id, significant=True)  # fmt: skip
        # What happens in each phase.
        ongoing = next((p for p in phases if p.kind == _CK.ONGOING), None)
        care_roll, fgc_roll = r() < IN_CARE_SHARE, r() < FGC_SHARE
        in_care = ongoing is not None and (care_roll if in_care is None else in_care)
        orders = self.orders(case_id, worker, children, ongoing.start, in_care) if ongoing else 0
        wants_fgc = fgc_roll if with_fgc is None else with_fgc
        fgc = self.fgc(case_id, worker, kids, ongoing.start, stop) if ongoing and wants_fgc else None
        for index, phase in enumerate(phases):
            until = phases[index + 1].start if index + 1 < len(phases) else stop
            self.notes(case_id, worker, kids, phase.start, until, note_gap or NOTE_GAP[phase.kind], all_children_share,
                       jitter)  # fmt: skip
        planned = next((p for p in phases if p.kind in (_CK.ONGOING, _CK.TRANSITION)), None)
        if planned is not None:  # one plan per child per case, from ongoing work on
            for pid in kids:
                self.plan(case_id, worker, pid, planned.start, stop, fgc, plan_versions)
        # Participants: children (in care while an ongoing case with orders is open), then parents.
        care_since = (
            self.clock.iso(self.clock.local_day(ongoing.start) + 1) if ongoing and in_care and is_open else None
        )
        frequency = self.default_frequency if care_since else None
        role_child, role_parent = CaseParticipant.Role.CHILD, CaseParticipant.Role.PARENT
        for pid in kids:
            self.add(CaseParticipant, (ids.take(CaseParticipant), case_id, pid, role_child, care_since, frequency))
        for pid in adults:
            if pid not in kids:
                self.add(CaseParticipant, (ids.take(CaseParticipant), case_id, pid, role_parent, None, None))
        version = len(phases)
        closed_at = requested_at = requested_by = closed_by = None
        closure_summary = ""
        if is_open:
            closure = ""
        else:
            summaries = phrases.CLOSURE_SUMMARIES[closure]
            closure_summary = summaries[int(r() * len(summaries))]
            requested = max(opened, close - int((1 + r() * 10) * DAY))
            closed_by = self.staff.approver(worker)
            closed_at, requested_at, requested_by = text(close), text(requested), by
            self.add(CaseEvent, (ids.take(CaseEvent), case_id, CaseEvent.Kind.CLOSURE_REQUESTED, "", closure,
                                 closure_summary, requested_at, by))  # fmt: skip
            self.add(CaseEvent, (ids.take(CaseEvent), case_id, CaseEvent.Kind.CLOSED, "", closure, "", closed_at,
                                 closed_by))  # fmt: skip
            self.entry(kids, _K.CASE, close, f"Case {reference} closed: {_CR(closure).label}", closure_summary, case_id,
                       case=case_id, significant=True)  # fmt: skip
            version += 2
        self.add(Case, (
            case_id, phases[-1].kind, Case.Status.OPEN if is_open else Case.Status.CLOSED, worker.site, worker.team,
            worker.id, text(opened), closed_at, orders > 0, r() < 0.1, r() < 0.2, report.id if report else None, by,
            closure, closure_summary, requested_at, requested_by, closed_by, version,
        ))  # fmt: skip
        return case_id

    def notes(
        self, case_id: int, worker: Worker, kids: list[int], start: int, until: int, gap: float, share_all: float,
        jitter: float,
    ) -> None:  # fmt: skip
        """Notes at about one per ``gap`` days (give or take ``jitter``) between ``start`` and ``until``."""
        r = self.rng.random
        span = until - start
        if span <= 0:
            return
        count = max(1, round(span / (gap * DAY) * (1 - jitter + 2 * jitter * r())))
        ids, text, end = self.ids, self.clock.text, self.end
        kinds = phrases.NOTE_KINDS
        middles, endings = phrases.NOTE_MIDDLES, phrases.NOTE_ENDINGS
        by = worker.id
        self.counts["notes"] += count
        for occurred in sorted(start + int(r() * span) for _ in range(count)):
            kind = _pick(r, kinds)
            titles, openings = phrases.NOTE_TITLES[kind], phrases.NOTE_OPENINGS[kind]
            title = titles[int(r() * len(titles))]
            body = " ".join((
                openings[int(r() * len(openings))], middles[int(r() * len(middles))],
                middles[int(r() * len(middles))], endings[int(r() * len(endings))],
            ))  # fmt: skip
            recorded = min(end, occurred + int(r() * r() * 3 * DAY))
            about = kids if len(kids) == 1 or r() < share_all else [kids[int(r() * len(kids))]]
            seen = kind == CaseNote.Kind.VISIT and r() < 0.8
            significant, sensitive = r() < 0.06, r() < 0.04
            note_id = ids.take(CaseNote)
            label = f"{CaseNote.Kind(kind).label}: {title}"
            version = 1
            self.add(CaseNoteVersion, (ids.take(CaseNoteVersion), note_id, 1, title, body, by, text(recorded), ""))
            if r() < CORRECTED_SHARE and recorded < end:
                version = 2
                reasons, additions = phrases.CORRECTION_REASONS, phrases.CORRECTION_ADDITIONS
                body = f"{body} {additions[int(r() * len(additions))]}"
                fixed = min(end, recorded + int((1 + r() * 9) * DAY))
                self.add(CaseNoteVersion, (ids.take(CaseNoteVersion), note_id, 2, title, body, by, text(fixed),
                                           reasons[int(r() * len(reasons))]))  # fmt: skip
                label += " (corrected)"
            self.add(CaseNote, (note_id, case_id, kind, text(occurred), text(recorded), by, seen, significant,
                                sensitive, version))  # fmt: skip
            for pid in about:
                self.add(NoteSubject, (ids.take(NoteSubject), note_id, pid))
            self.entry(about, _K.NOTE, occurred, label, body, note_id, case=case_id, significant=significant,
                       sensitive=sensitive, recorded=recorded)  # fmt: skip

    def plan(
        self, case_id: int, worker: Worker, child: int, start: int, until: int, fgc: tuple[int, int] | None,
        most: int,
    ) -> None:  # fmt: skip
        """The child's plan: made about a month into the phase, reviewed every six months."""
        r = self.rng.random
        clock, ids = self.clock, self.ids
        written = start + int((14 + r() * 30) * DAY)
        if written >= until:
            return
        plan_id = ids.take(Plan)
        self.counts["plans"] += 1
        created = written
        number = 0
        linked = False
        while written < until and number < most:
            number += 1
            goals = [
                {"goal": goal, "action": action, "who": who,
                 "by": clock.iso(clock.local_day(written) + 60 + int(r() * 120))}
                for goal, action, who in _sample(r, phrases.GOALS, 2 + int(r() * 3))
            ]  # fmt: skip
            review = clock.local_day(written) + 182
            fgc_id = None
            reason = ""
            if fgc is not None and not linked and fgc[1] <= written:
                fgc_id, linked = fgc[0], True
                reason = "Updated to record the plan agreed at the Family Group Conference."
            elif number > 1:
                reason = _PLAN_REASONS[int(r() * len(_PLAN_REASONS))]
            self.add(PlanVersion, (
                ids.take(PlanVersion), plan_id, number, json.dumps(goals, ensure_ascii=False),
                phrases.CHILD_VOICE[int(r() * len(phrases.CHILD_VOICE))],
                phrases.WHANAU_VIEWS[int(r() * len(phrases.WHANAU_VIEWS))], clock.iso(review), worker.id,
                clock.text(written), reason, fgc_id,
            ))  # fmt: skip
            title = "Plan made" if number == 1 else f"Plan updated (version {number})"
            summary = f"{len(goals)} goal(s); review by {clock.long_date(review)}. " + (reason or goals[0]["goal"])
            self.entry([child], _K.PLAN, written, title, summary, plan_id, case=case_id,
                       significant=number == 1 or fgc_id is not None)  # fmt: skip
            written += int((150 + r() * 60) * DAY)
        self.add(Plan, (plan_id, case_id, child, clock.text(created), worker.id, number))

    def fgc(self, case_id: int, worker: Worker, kids: list[int], start: int, stop: int) -> tuple[int, int] | None:
        """A referral early in ongoing work and, once held, its outcome.
        Returns (id, when the plan was agreed) if a plan was agreed."""
        r = self.rng.random
        clock, ids = self.clock, self.ids
        referred = start + int((3 + r() * 17) * DAY)
        if referred >= stop:
            return None
        fgc_id = ids.take(FamilyGroupConference)
        self.counts["fgcs"] += 1
        reason = phrases.FGC_REASONS[int(r() * len(phrases.FGC_REASONS))]
        self.entry(kids, _K.FGC, referred, "Referred to a Family Group Conference", reason, fgc_id, case=case_id,
                   significant=True)  # fmt: skip
        coordinators = self.staff.social_workers.get(worker.site) or [worker.id]
        coordinator = coordinators[int(r() * len(coordinators))]
        held = clock.local_day(referred + int((25 + r() * 35) * DAY))
        moment = clock.noon(held)
        row = [fgc_id, case_id, clock.text(referred), worker.id, reason, coordinator, None, "", "", _FGC.PENDING,
               None, 1]  # fmt: skip
        agreed = None
        if moment < stop:
            outcome = _pick(r, _FGC_OUTCOMES)
            attendees = "" if outcome == _FGC.NOT_HELD else phrases.FGC_ATTENDEES[int(r() * len(phrases.FGC_ATTENDEES))]
            plan = phrases.FGC_PLANS[int(r() * len(phrases.FGC_PLANS))] if outcome == _FGC.PLAN_AGREED else ""
            review = clock.iso(held + 182) if outcome == _FGC.PLAN_AGREED else None
            row[6:12] = [clock.iso(held) if outcome != _FGC.NOT_HELD else None, attendees, plan, outcome, review, 2]
            self.entry(kids, _K.FGC, moment, f"Family Group Conference: {_FGC(outcome).label.lower()}",
                       plan or attendees, fgc_id, case=case_id, significant=True)  # fmt: skip
            if outcome == _FGC.PLAN_AGREED:
                agreed = (fgc_id, moment)
        self.add(FamilyGroupConference, tuple(row))
        return agreed

    def orders(
        self, case_id: int, worker: Worker, children: Sequence[tuple[int, int]], start: int, in_care: bool
    ) -> int:
        """Without-notice custody (s78) then custody (s101) for children coming
        into care; now and then a services or support order otherwise."""
        r = self.rng.random
        made: list[tuple[int, str, int]] = []
        if in_care:
            for pid, _dob in children:
                day = self.clock.local_day(start)
                made.append((pid, _ORDER.S78, day))
                if r() < 0.6:
                    made.append((pid, _ORDER.S101, day + 40 + int(r() * 80)))
        elif r() < 0.1:
            made.append((children[0][0], _ORDER.S83 if r() < 0.5 else _ORDER.S91, self.clock.local_day(start) + 30))
        count = 0
        for pid, kind, day in made:
            moment = self.clock.noon(day)
            if moment > self.end:
                continue
            count += 1
            self.order(case_id, worker, pid, kind, day, moment)
        self.counts["orders"] += count
        return count

    def order(self, case_id: int, worker: Worker, child: int, kind: str, day: int, moment: int) -> None:
        r = self.rng.random
        clock, ids = self.clock, self.ids
        order_id = ids.take(CourtOrder)
        court = self.staff.courts.get(worker.site, "Family Court")
        expires = day + 182 if kind in (_ORDER.S83, _ORDER.S91) else None
        without_notice = kind == _ORDER.S78
        reason = ""
        summary = f"{court}." + (f" Expires {clock.long_date(expires)}." if expires else "")
        if without_notice:
            reasons = phrases.NO_SAFETY_PLAN_REASONS
            reason = reasons[int(r() * len(reasons))]
            attempts = 1 + int(r() * 3)
            for n in range(attempts):
                at = moment - int((1 + n + r()) * DAY)
                self.add(EngagementAttempt, (
                    ids.take(EngagementAttempt), order_id, clock.text(at),
                    phrases.ENGAGEMENT_METHODS[int(r() * len(phrases.ENGAGEMENT_METHODS))],
                    phrases.ENGAGEMENT_WHO[int(r() * len(phrases.ENGAGEMENT_WHO))],
                    phrases.ENGAGEMENT_OUTCOMES[int(r() * len(phrases.ENGAGEMENT_OUTCOMES))],
                ))  # fmt: skip
            summary += f" Made without notice after {attempts} recorded attempt(s) to engage the whānau."
        recorded = min(self.end, moment + int(r() * 2 * DAY))
        self.add(CourtOrder, (
            order_id, case_id, child, kind, court, clock.iso(day), clock.iso(expires) if expires else None,
            phrases.ORDER_CONDITIONS.get(kind, ""), without_notice, reason, worker.id, clock.text(recorded),
        ))  # fmt: skip
        self.entry([child], _K.ORDER, moment, _ORDER(kind).label, summary, order_id, case=case_id, significant=True,
                   recorded=recorded)  # fmt: skip


def _sample(r: Callable[[], float], pool: Sequence[Any], count: int) -> list[Any]:
    chosen: list[Any] = []
    for _ in range(count * 3):
        item = pool[int(r() * len(pool))]
        if item not in chosen:
            chosen.append(item)
        if len(chosen) == count:
            break
    return chosen


def _timeframe_labels() -> dict[str, str]:
    return dict(ResponseTimeframe.objects.values_list("code", "label"))
