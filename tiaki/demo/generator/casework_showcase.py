"""Showcase histories in the seeded casework, for the benchmark
(tiaki.bench.casework_ops) and for anyone trying the chronology.

Before any other case, ``LONG_HISTORIES`` children aged 15-17 get one case
each that has run most of their life, with about ``LONG_HISTORY_ENTRIES``
chronology entries; then the five children of one whānau (siblings sharing
their parents, by Relationship rows) share a case with a few hundred entries
each. They are the first cases the seed writes without an origin report, so
``showcase_children`` finds them with one small query: no table or file
records them.

``ShowcaseHistories`` is a mixin of tiaki.demo.generator.casework's
CaseworkMaker: its draws come from the maker's generator, in the order they
always have, so the same seed gives the same register.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from random import Random
from typing import Any

from django.db.models import Count

from tiaki.casework.models import Case, CaseParticipant
from tiaki.demo.generator.agency import STAFF_PREFIX
from tiaki.demo.generator.casework_rows import DAY, Clock, StaffBook, Worker
from tiaki.people.models import Person, Relationship

_CK = Case.Kind
_CR = Case.ClosureReason

LONG_HISTORIES = 10
LONG_HISTORY_ENTRIES = 2_000
WHANAU_CHILDREN = 5
WHANAU_ENTRIES = 500  # per child


class ShowcaseHistories:
    """The long histories and the large whānau; CaseworkMaker provides what
    is declared here and writes each case with its ``case`` method."""

    rng: Random
    start: int
    end: int
    clock: Clock
    staff: StaffBook
    case: Callable[..., int]

    def showcase(self, population: Any) -> None:
        """The long histories and the large whānau, written before any other
        case so that showcase_children finds them (see the module docstring)."""
        whanau = _large_whanau(today=self.clock.local_day(self.end))
        taken = set(whanau)
        dob_of = dict(zip(population.pids, population.dobs, strict=True))
        long_children = self._long_history_children(population, taken)
        for pid in long_children:
            self.long_history(pid, dob_of[pid])
        if len(whanau) >= 2:
            self.whanau_history(whanau, dob_of)

    def _long_history_children(self, population: Any, taken: set[int]) -> list[int]:
        """Children aged 15 to 17 now, chosen by the seed's own generator."""
        today = self.clock.local_day(self.end)
        lo = bisect_right(population.dobs, today - 18 * 365 + 30)
        hi = bisect_left(population.dobs, today - 15 * 365)
        pool = [pid for pid in population.pids[lo:hi] if pid not in taken and pid in population.home]
        picked = self.rng.sample(pool, min(LONG_HISTORIES, len(pool)))
        return sorted(picked)

    def _worker_near(self, person_site: int | None) -> Worker | None:
        workers = self.staff.social_workers.get(person_site or 0) or [
            uid for site in sorted(self.staff.social_workers) for uid in self.staff.social_workers[site]
        ]
        if not workers:
            return None
        return self.staff.workers[workers[int(self.rng.random() * len(workers))]]

    def long_history(self, pid: int, dob: int) -> None:
        """One case from early childhood to now: assessment, years of ongoing
        care and protection, then transition support; about
        LONG_HISTORY_ENTRIES entries, nearly all notes."""
        # Imported here: tiaki.demo.generator.casework imports this module for the mixin.
        from tiaki.demo.generator.casework import YEAR, Phase

        worker = self._worker_near(None)
        if worker is None:
            return
        born = (dob - 719_163) * DAY
        opened = max(self.start, born + int((1 + self.rng.random() * 2) * YEAR))
        ongoing = opened + 70 * DAY
        transition = max(ongoing + YEAR, born + 15 * YEAR)
        phases = [Phase(_CK.ASSESSMENT, opened), Phase(_CK.ONGOING, ongoing), Phase(_CK.TRANSITION, transition)]
        notes = LONG_HISTORY_ENTRIES - 30
        gap = max(0.05, (self.end - opened) / DAY / notes)
        self.case(worker=worker, children=[(pid, dob)], adults=_parents([pid]), phases=phases, close=self.end + YEAR,
                  closure=_CR.AGED_OUT, note_gap=gap, jitter=0.02)  # fmt: skip

    def whanau_history(self, children: list[int], dob_of: dict[int, int]) -> None:
        """The five siblings' shared case: eight years (at most) of ongoing work."""
        # Imported here: tiaki.demo.generator.casework imports this module for the mixin.
        from tiaki.demo.generator.casework import YEAR, Phase

        worker = self._worker_near(None)
        if worker is None:
            return
        youngest = max(dob_of[pid] for pid in children)
        opened = max(self.start, self.end - 8 * YEAR, (youngest - 719_163) * DAY + 60 * DAY)
        if opened >= self.end:
            return
        ongoing = opened + 45 * DAY
        phases = [Phase(_CK.ASSESSMENT, opened), Phase(_CK.ONGOING, ongoing)]
        notes = WHANAU_ENTRIES - 25
        share_all = 0.85
        per_child = share_all + (1 - share_all) / len(children)
        gap = max(0.05, (self.end - opened) / DAY / (notes / per_child))
        self.case(worker=worker, children=[(pid, dob_of[pid]) for pid in children], adults=_parents(children),
                  phases=phases, close=self.end + YEAR, closure=_CR.CONCERNS_ADDRESSED, note_gap=gap,
                  all_children_share=share_all, jitter=0.02)  # fmt: skip


def _parents(children: Sequence[int]) -> list[int]:
    return sorted(
        set(
            Relationship.objects.filter(to_person_id__in=list(children), kind=Relationship.Kind.PARENT).values_list(
                "from_person_id", flat=True
            )
        )
    )


def _large_whanau(*, today: int) -> list[int]:
    """The children of a parent with WHANAU_CHILDREN children (or as many as
    a small register has) who all share the same parents and are all under
    18 on ``today``; among those, the whānau whose youngest is oldest, so
    their shared history is long. Ties go to the lowest parent id."""
    parent_kind = Relationship.Kind.PARENT
    by_size: dict[int, list[int]] = {}
    for parent, n in (
        Relationship.objects.filter(kind=parent_kind)
        .values("from_person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2, n__lte=WHANAU_CHILDREN)
        .order_by("-n", "from_person_id")
        .values_list("from_person_id", "n")[:5000]
    ):
        by_size.setdefault(n, []).append(parent)
    adult_born = today - 18 * 365
    for size in sorted(by_size, reverse=True):
        kids_of: dict[int, list[int]] = {parent: [] for parent in by_size[size]}
        for parent, child in Relationship.objects.filter(
            kind=parent_kind, from_person_id__in=by_size[size]
        ).values_list("from_person_id", "to_person_id"):
            kids_of[parent].append(child)
        children = {c for kids in kids_of.values() for c in kids}
        born = {
            pid: dob.toordinal()
            for pid, dob in Person.objects.filter(pk__in=children, date_of_birth__isnull=False).values_list(
                "pk", "date_of_birth"
            )
            if dob is not None
        }
        parents_of: dict[int, set[int]] = {}
        for parent, child in Relationship.objects.filter(kind=parent_kind, to_person_id__in=children).values_list(
            "from_person_id", "to_person_id"
        ):
            parents_of.setdefault(child, set()).add(parent)
        chosen: list[int] = []
        latest_youngest = today
        for _parent, kids in sorted(kids_of.items()):
            if any(k not in born for k in kids) or len({frozenset(parents_of.get(k, ())) for k in kids}) != 1:
                continue
            if min(born[k] for k in kids) <= adult_born:
                continue
            youngest = max(born[k] for k in kids)
            if youngest < latest_youngest:
                chosen, latest_youngest = sorted(kids), youngest
        if chosen:
            return chosen
    return []


def showcase_children() -> tuple[list[int], list[int]]:
    """The long-history children and the large whānau of a seeded register:
    the children of the first cases the seed wrote without an origin report
    (see the module docstring). Cases with one child are long histories; the
    first with several children is the whānau."""
    cases = list(
        Case.objects.filter(origin_report__isnull=True, allocated_worker__username__startswith=STAFF_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)[: LONG_HISTORIES + 1]
    )
    children: dict[int, list[int]] = {case_id: [] for case_id in cases}
    for case_id, pid in (
        CaseParticipant.objects.filter(case_id__in=cases, role=CaseParticipant.Role.CHILD)
        .order_by("case_id", "person_id")
        .values_list("case_id", "person_id")
    ):
        children[case_id].append(pid)
    long_histories = [kids[0] for kids in children.values() if len(kids) == 1]
    whanau = next((kids for kids in children.values() if len(kids) > 1), [])
    return long_histories, whanau
