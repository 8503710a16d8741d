"""What the person page says about the agency's work with someone, told by
the domains above people.

The person record is where a worker starts: it must say which cases and
reports are open, who holds them, the current plan, the next statutory
visit and what has happened lately. Those records belong to intake,
casework and the chronology, which sit above people, so people may not
import them. People declares here the facts it shows ("Their work with
us" on the person page) and each domain provides some from its
``AppConfig.ready()`` (``provide``): a provider is called with the acting
user and the person's id and reads through its own domain's ``@selector``,
so it returns only what that user may read, and the read is audited there
(one event per selector, not one per row).

A provider leaves out what the reader may not open; it gives no count of
what it left out, so a sealed or out-of-reach record is not betrayed by a
number. Ids, references, labels, dates and names of workers cross; the
page builds the links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from tiaki.staff.models import User


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    reference: str
    kind_label: str
    opened_at: dt.datetime
    worker_name: str
    team_name: str
    site_name: str
    #: The person's part in the case ("Child or young person", "Parent"...).
    role_label: str
    #: They are one of the children the case is about (not a parent or whānau on it).
    as_child: bool = False


@dataclass(frozen=True)
class OpenReport:
    report_id: int
    reference: str
    received_at: dt.datetime
    stage_label: str
    allocated_to_name: str


@dataclass(frozen=True)
class CurrentPlan:
    plan_id: int
    case_id: int
    case_reference: str
    version: int
    review_on: dt.date | None


@dataclass(frozen=True)
class VisitDue:
    case_id: int
    case_reference: str
    due_on: dt.date
    every_days: int

    @property
    def overdue(self) -> bool:
        # The local date, as the case page's ParticipantView.visit_overdue says it.
        return self.due_on < timezone.localdate()


@dataclass(frozen=True)
class RecentEntry:
    entry_id: int
    occurred_at: dt.datetime
    kind_label: str
    title: str
    masked: bool


@dataclass(frozen=True)
class InCare:
    """A child in care now: since when and with whom (never where)."""

    child_id: int
    since: dt.date
    #: Who they are placed with in words ("the Ngata whānau", "Te Whare residence"), "" if not placed.
    placed_with: str


@dataclass(frozen=True)
class WorkFacts:
    """One provider's answer; the page shows the union of every provider's."""

    open_cases: tuple[OpenCase, ...] = ()
    open_reports: tuple[OpenReport, ...] = ()
    plans: tuple[CurrentPlan, ...] = ()
    visits_due: tuple[VisitDue, ...] = ()
    recent: tuple[RecentEntry, ...] = ()
    in_care: tuple[InCare, ...] = ()
    #: Kinds of fact this reader's role may not see at all ("cases",
    #: "reports", "chronology"): the same for every person, so it says
    #: nothing about this one; the page says so rather than "none".
    not_for_role: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WorkWithUs:
    """Every provider's facts about one person, as one reader may see them."""

    open_cases: tuple[OpenCase, ...] = ()
    open_reports: tuple[OpenReport, ...] = ()
    plans: tuple[CurrentPlan, ...] = ()
    visits_due: tuple[VisitDue, ...] = ()
    recent: tuple[RecentEntry, ...] = ()
    in_care: tuple[InCare, ...] = ()
    not_for_role: frozenset[str] = field(default_factory=frozenset)

    @property
    def open_cases_as_child(self) -> tuple[OpenCase, ...]:
        """The open cases about them (as a child), which a new case would duplicate."""
        return tuple(c for c in self.open_cases if c.as_child)

    @property
    def next_visit(self) -> VisitDue | None:
        """The soonest statutory visit due on any open case."""
        return min(self.visits_due, key=lambda v: (v.due_on, v.case_id), default=None)

    @property
    def current_plan(self) -> CurrentPlan | None:
        """The plan most recently started (the newest case's): the one to read first."""
        return max(self.plans, key=lambda p: p.plan_id, default=None)


Provider = Callable[[User, int], WorkFacts]
_providers: dict[str, Provider] = {}


def provide(name: str, provider: Provider) -> None:
    """Register (or replace) ``name``'s provider; called from an AppConfig.ready()."""
    _providers[name] = provider


def work_with_us(actor: User, person_id: int) -> WorkWithUs:
    """What every provider tells ``actor`` about ``person_id``, in provider
    order (chronology, intake, casework: the order their apps are ready).
    Call it only after the person's own read (person_get) has let the actor
    in: each provider decides again, so this never widens what they see."""
    parts = [provider(actor, person_id) for provider in _providers.values()]
    return WorkWithUs(
        open_cases=tuple(c for p in parts for c in p.open_cases),
        open_reports=tuple(r for p in parts for r in p.open_reports),
        plans=tuple(pl for p in parts for pl in p.plans),
        visits_due=tuple(v for p in parts for v in p.visits_due),
        recent=tuple(e for p in parts for e in p.recent),
        in_care=tuple(c for p in parts for c in p.in_care),
        not_for_role=frozenset().union(*(p.not_for_role for p in parts)),
    )
