"""The case facts intake declares it needs (tiaki.intake.case_facts), given
by casework, which intake may not import. Ids, kinds, dates, flags and
workers' ids only: intake decides what of it a reader sees. Registered in
CaseworkConfig.ready."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q

from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake.case_facts import CaseFacts, OpenCase, OpenCaseLoad


def open_cases_of(person_ids: Collection[int]) -> dict[int, list[OpenCase]]:
    cases: dict[int, list[OpenCase]] = defaultdict(list)
    for part in (
        CaseParticipant.objects.filter(person_id__in=person_ids, case__status=Case.Status.OPEN)
        .select_related("case")
        .order_by("-case__opened_at")
    ):
        cases[part.person_id].append(
            OpenCase(part.case_id, part.case.get_kind_display(), part.case.opened_at, part.case.allocated_worker_id)
        )
    return dict(cases)


def open_case_loads(worker_ids: Collection[int]) -> list[OpenCaseLoad]:
    """One grouped query: each open case with its count of children."""
    return [
        OpenCaseLoad(*row)
        for row in Case.objects.filter(status=Case.Status.OPEN, allocated_worker_id__in=worker_ids)
        .annotate(children=Count("participants", filter=Q(participants__role=CaseParticipant.Role.CHILD)))
        .values_list("allocated_worker_id", "kind", "children", "court_work", "travel", "cultural_needs")
    ]


FACTS = CaseFacts(open_cases_of=open_cases_of, open_case_loads=open_case_loads)
