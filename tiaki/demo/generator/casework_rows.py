"""Row layouts, clocks and staff look-ups for the seeded casework
(tiaki.demo.generator.casework).

As in tiaki.demo.generator.records, rows are plain tuples in the order of
the ``*_FIELDS`` tuples with ids assigned by the generator, so a case's
notes, plans and chronology can point at it before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from tiaki.access.roles import Role
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
)
from tiaki.chronology.models import ChronologyEntry
from tiaki.demo.generator.agency import STAFF_PREFIX
from tiaki.demo.generator.places import PLACES
from tiaki.demo.generator.records import Row
from tiaki.demo.generator.writer import next_id
from tiaki.staff.models import Site, User

CASE_FIELDS = (
    "id", "kind", "status", "site", "team", "allocated_worker", "opened_at", "closed_at", "court_work", "travel",
    "cultural_needs", "origin_report", "opened_by", "closure_reason", "closure_summary", "closure_requested_at",
    "closure_requested_by", "closed_by", "version",
)  # fmt: skip
PARTICIPANT_FIELDS = ("id", "case", "person", "role", "in_care_since", "visit_frequency")
EVENT_FIELDS = ("id", "case", "kind", "from_value", "to_value", "reason", "at", "by")
NOTE_FIELDS = (
    "id", "case", "kind", "occurred_at", "recorded_at", "recorded_by", "child_seen", "significant", "sensitive",
    "current_version",
)  # fmt: skip
NOTE_VERSION_FIELDS = ("id", "note", "number", "title", "text", "written_by", "written_at", "reason")
SUBJECT_FIELDS = ("id", "note", "person")
FGC_FIELDS = (
    "id", "case", "referred_at", "referred_by", "referral_reason", "coordinator", "held_on", "attendees",
    "agreed_plan", "outcome", "review_on", "version",
)  # fmt: skip
PLAN_FIELDS = ("id", "case", "child", "created_at", "created_by", "current_version")
PLAN_VERSION_FIELDS = (
    "id", "plan", "number", "goals", "child_voice", "whanau_views", "review_on", "written_by", "written_at",
    "reason", "fgc",
)  # fmt: skip
ORDER_FIELDS = (
    "id", "case", "child", "kind", "court", "made_on", "expires_on", "conditions", "without_notice",
    "no_safety_plan_reason", "recorded_by", "recorded_at",
)  # fmt: skip
ATTEMPT_FIELDS = ("id", "order", "attempted_at", "method", "with_whom", "outcome")
CHRONOLOGY_FIELDS = (
    "id", "person", "occurred_at", "kind", "significant", "sensitive", "title", "summary", "case", "report",
    "source_id", "recorded_at",
)  # fmt: skip

# Written in foreign-key order; the chronology last.
CASEWORK_TABLES = (
    Case, CaseParticipant, CaseEvent, CaseNote, CaseNoteVersion, NoteSubject, FamilyGroupConference, Plan,
    PlanVersion, CourtOrder, EngagementAttempt, ChronologyEntry,
)  # fmt: skip
FIELDS = {
    Case: CASE_FIELDS, CaseParticipant: PARTICIPANT_FIELDS, CaseEvent: EVENT_FIELDS, CaseNote: NOTE_FIELDS,
    CaseNoteVersion: NOTE_VERSION_FIELDS, NoteSubject: SUBJECT_FIELDS, FamilyGroupConference: FGC_FIELDS,
    Plan: PLAN_FIELDS, PlanVersion: PLAN_VERSION_FIELDS, CourtOrder: ORDER_FIELDS, EngagementAttempt: ATTEMPT_FIELDS,
    ChronologyEntry: CHRONOLOGY_FIELDS,
}  # fmt: skip

DAY = 86_400
HOUR = 3_600
#: 0001-01-01 is ordinal 1; 1970-01-01 is ordinal 719,163.
EPOCH_ORDINAL = 719_163


@dataclass(slots=True)
class CaseworkRows:
    """One chunk of rows, by table."""

    by_model: dict[type, list[Row]] = field(default_factory=lambda: {model: [] for model in CASEWORK_TABLES})

    @property
    def chronology(self) -> list[Row]:
        return self.by_model[ChronologyEntry]

    def size(self) -> int:
        return sum(len(rows) for rows in self.by_model.values())


class Ids:
    """The next id of each casework table, taken once from the database."""

    def __init__(self) -> None:
        self.next: dict[type, int] = {model: next_id(model) for model in CASEWORK_TABLES}

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class Clock:
    """Seconds since 1970 (UTC) as the text a timestamp or date column takes."""

    def __init__(self, *, postgres: bool) -> None:
        self.suffix = "+00" if postgres else ""
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self._day_text: dict[int, str] = {}
        self._noon: dict[int, int] = {}

    def iso(self, ordinal: int) -> str:
        text = self._day_text.get(ordinal)
        if text is None:
            text = self._day_text[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def text(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        h, rest = divmod(rest, HOUR)
        m, s = divmod(rest, 60)
        return f"{self.iso(EPOCH_ORDINAL + day)} {h:02d}:{m:02d}:{s:02d}{self.suffix}"

    @staticmethod
    def local_day(seconds: int) -> int:
        """The New Zealand date (as an ordinal) of a moment; 12 hours ahead is
        close enough for dates the generator makes up."""
        return EPOCH_ORDINAL + (seconds + 12 * HOUR) // DAY

    def noon(self, ordinal: int) -> int:
        """Midday on a local date, as the services store dated events (FGCs, orders)."""
        moment = self._noon.get(ordinal)
        if moment is None:
            local = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(12), tzinfo=self.zone)
            moment = self._noon[ordinal] = int(local.timestamp())
        return moment

    @staticmethod
    def long_date(ordinal: int) -> str:
        """As the services write a date into a summary: "5 March 2027"."""
        day = dt.date.fromordinal(ordinal)
        return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True, slots=True)
class Worker:
    id: int
    site: int
    team: int | None
    supervisor: int | None
    name: str


class StaffBook:
    """Generated staff by site: who holds cases, who approves, who coordinates."""

    def __init__(self) -> None:
        self.workers: dict[int, Worker] = {}
        self.social_workers: dict[int, list[int]] = defaultdict(list)
        self.supervisors: dict[int, list[int]] = defaultdict(list)
        for uid, site, team, supervisor, first, last, role in (
            User.objects.filter(username__startswith=STAFF_PREFIX, is_active=True)
            .order_by("pk")
            .values_list("pk", "site_id", "team_id", "supervisor_id", "first_name", "last_name", "role")
        ):
            self.workers[uid] = Worker(uid, site, team, supervisor, f"{first} {last}".strip())
            if role == Role.SOCIAL_WORKER:
                self.social_workers[site].append(uid)
            elif role == Role.SUPERVISOR:
                self.supervisors[site].append(uid)
        city_of = {place.site: place.city for place in PLACES}
        self.courts = {
            pk: f"Family Court at {city_of.get(name, name)}" for pk, name in Site.objects.values_list("pk", "name")
        }

    def approver(self, worker: Worker) -> int:
        """Who approves the worker's closures: their supervisor, else one at the site."""
        if worker.supervisor is not None and worker.supervisor != worker.id:
            return worker.supervisor
        others = [s for s in self.supervisors.get(worker.site, []) if s != worker.id]
        return others[0] if others else worker.id
