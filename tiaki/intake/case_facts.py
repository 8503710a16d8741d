"""What intake needs to know about cases, told by casework.

Casework sits above intake (a case is opened from a report), so intake may
not import it. Intake declares here the few facts it shows about cases (a
child's open cases in a report's history, the open cases a worker's
workload weighs) and casework provides them when the apps are ready
(``tiaki.casework.apps.CaseworkConfig.ready`` calls ``provide``). Only ids,
kinds, dates, flags and workers' ids cross: what of it a reader may see is decided here
in intake (tiaki.intake.selectors.report._history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenCase:
    """An open case a person is in, as a report's history lists it."""

    case_id: int
    kind_label: str
    opened_at: dt.datetime
    #: Who holds it (the allocation page names them: tiaki.intake.selectors.family_work).
    worker_id: int | None = None


@dataclass(frozen=True)
class OpenCaseLoad:
    """What an open case adds to its worker's load (tiaki.intake.selectors.workload)."""

    worker_id: int
    kind: str
    children: int
    court_work: bool
    travel: bool
    cultural_needs: bool


@dataclass(frozen=True)
class CaseFacts:
    #: Person id -> the open cases they are in, newest first.
    open_cases_of: Callable[[Collection[int]], dict[int, list[OpenCase]]]
    #: The open cases allocated to any of the workers.
    open_case_loads: Callable[[Collection[int]], list[OpenCaseLoad]]


#: Without casework installed there are no cases to tell of.
_NO_CASES = CaseFacts(open_cases_of=lambda person_ids: {}, open_case_loads=lambda worker_ids: [])
_provided: list[CaseFacts] = []


def provide(facts: CaseFacts) -> None:
    """Casework's answers (called once, from its AppConfig.ready)."""
    _provided[:] = [facts]


def case_facts() -> CaseFacts:
    return _provided[0] if _provided else _NO_CASES
