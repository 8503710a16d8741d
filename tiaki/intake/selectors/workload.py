"""Complexity-weighted caseloads (issue 5, "Workload").

A worker's load is not a count of cases: each open case weighs what the
WorkloadWeight policy rows say (docs/intake.md), read on every call so an
administrator's change applies at once:

- ``case:<kind>``: the base weight of an open case of that kind;
- ``each-extra-child``: added for every child in the case after the first;
- ``court-work``, ``travel``, ``cultural-needs``: added when the case has them;
- ``report``: each open report allocated to the worker and awaiting response.

The allocation page (tiaki.intake.web.views.queue) shows it against the
worker's ``caseload_capacity``. Only counts and flags are read: no personal
data. The open cases come from casework (tiaki.intake.case_facts). A read,
so it lives with intake's selectors (tiaki.access.guards): nobody's record
leaves it, so it takes no actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from tiaki.access.roles import Role
from tiaki.intake import policy as intake_policy
from tiaki.intake.case_facts import case_facts
from tiaki.intake.models import ReportOfConcern
from tiaki.staff.models import User

#: Used when a policy row is missing (the migration's defaults), so a deleted
#: row never makes a case weigh nothing.
DEFAULT_WEIGHTS = {
    "case:assessment": 1.0,
    "case:investigation": 1.5,
    "case:ongoing": 1.25,
    "case:transition": 0.75,
    "report": 0.5,
    "each-extra-child": 0.25,
    "court-work": 0.75,
    "travel": 0.25,
    "cultural-needs": 0.25,
}


def weights() -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **intake_policy.workload_weights()}


def case_weight(
    *, kind: str, children: int, court_work: bool, travel: bool, cultural_needs: bool, table: dict[str, float]
) -> float:
    """One open case's weight under the policy ``table`` (see the module docstring)."""
    weight = table.get(f"case:{kind}", 1.0)
    weight += table["each-extra-child"] * max(children - 1, 0)
    weight += table["court-work"] if court_work else 0.0
    weight += table["travel"] if travel else 0.0
    weight += table["cultural-needs"] if cultural_needs else 0.0
    return weight


@dataclass
class WorkerLoad:
    worker: User
    cases: int = 0
    reports: int = 0
    weighted: float = 0.0
    parts: list[str] = field(default_factory=list)

    @property
    def capacity(self) -> int:
        return self.worker.caseload_capacity

    @property
    def percent(self) -> int:
        return round(100 * self.weighted / self.capacity) if self.capacity else 100

    @property
    def over_capacity(self) -> bool:
        return self.weighted > self.capacity


def worker_loads(worker_ids: Iterable[int]) -> dict[int, WorkerLoad]:
    """Each worker's weighted load, in two grouped queries (open cases with
    their child counts, from casework; allocated reports awaiting response),
    whatever the number of workers."""
    ids = sorted(set(worker_ids))
    table = weights()
    loads = {user.pk: WorkerLoad(worker=user) for user in User.objects.filter(pk__in=ids).order_by("pk")}
    for case in case_facts().open_case_loads(ids):
        load = loads[case.worker_id]
        load.cases += 1
        load.weighted += case_weight(
            kind=case.kind, children=case.children, court_work=case.court_work, travel=case.travel,
            cultural_needs=case.cultural_needs, table=table,
        )  # fmt: skip
    reports = (
        ReportOfConcern.objects.filter(
            status=ReportOfConcern.Status.OPEN, stage=ReportOfConcern.Stage.ALLOCATED, allocated_to_id__in=ids
        )
        .values_list("allocated_to_id")
        .annotate(n=Count("pk"))
    )
    for worker_id, count in reports:
        loads[worker_id].reports = count
        loads[worker_id].weighted += table["report"] * count
    for load in loads.values():
        load.weighted = round(load.weighted, 2)
    return loads


def allocation_candidates(*, site_id: int, team_id: int | None = None) -> list[WorkerLoad]:
    """The social workers at a site (optionally one team) who can be allocated
    a report, least loaded (relative to capacity) first."""
    workers = User.objects.filter(site_id=site_id, is_active=True, role=Role.SOCIAL_WORKER)
    if team_id is not None:
        workers = workers.filter(team_id=team_id)
    loads = worker_loads(workers.values_list("pk", flat=True))
    return sorted(loads.values(), key=lambda load: (load.weighted / (load.capacity or 1), load.worker.pk))
