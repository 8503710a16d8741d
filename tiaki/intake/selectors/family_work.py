"""Who already works with a report's family: the workers holding open cases
of the report's children or of their brothers and sisters, for the
allocation page (keeping siblings with one worker where that is right).

Not an access point of its own: report_for_allocation calls it inside its
read of the report. Only workers' names leave it, with whether the case is a
child's on this report or a sibling's; no child is named. A person sealed
from the allocator (tiaki.access.sealed) is left out first, so nothing about
them shows, not even that they have a case. The cases come from casework
through tiaki.intake.case_facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from tiaki.access import sealed
from tiaki.intake.case_facts import case_facts
from tiaki.intake.models import ReportPerson
from tiaki.people.models import Relationship
from tiaki.staff.models import User

_SIBLINGS = (Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING)
_PARENTS = (Relationship.Kind.PARENT, Relationship.Kind.STEP_PARENT)


@dataclass(frozen=True)
class CaseHolder:
    worker_id: int
    name: str
    #: Holds an open case of a child on this report / of a sibling of one.
    holds_child: bool
    holds_sibling: bool

    @property
    def note(self) -> str:
        if self.holds_child and self.holds_sibling:
            return "Already holds open cases of a child on this report and of a sibling"
        if self.holds_child:
            return "Already holds an open case of a child on this report"
        return "Already holds an open case of a sibling of a child on this report"


def siblings_of(child_ids: list[int]) -> set[int]:
    """Brothers and sisters (and half-siblings) by a current relationship,
    and the other children of the children's parents."""
    if not child_ids:
        return set()
    current = Relationship.objects.filter(ended_on__isnull=True)
    found: set[int] = set()
    for a, b in current.filter(
        Q(from_person_id__in=child_ids) | Q(to_person_id__in=child_ids), kind__in=_SIBLINGS
    ).values_list("from_person_id", "to_person_id"):
        found |= {a, b}
    parents = current.filter(to_person_id__in=child_ids, kind__in=_PARENTS).values_list("from_person_id", flat=True)
    found |= set(
        current.filter(from_person_id__in=list(parents), kind__in=_PARENTS).values_list("to_person_id", flat=True)
    )
    return found - set(child_ids)


def case_holders(actor: User, report_id: int) -> list[CaseHolder]:
    """The workers holding open cases of the report's children or their
    siblings, by name; ``actor``'s sealed records are left out."""
    children = list(
        ReportPerson.objects.filter(report_id=report_id, role=ReportPerson.Role.CHILD).values_list(
            "person_id", flat=True
        )
    )
    siblings = siblings_of(children)
    hidden = sealed.hidden_person_ids(actor, [*children, *siblings])
    children = [pid for pid in children if pid not in hidden]
    siblings = {pid for pid in siblings if pid not in hidden}
    cases = case_facts().open_cases_of([*children, *siblings])
    child_workers: set[int] = set()
    sibling_workers: set[int] = set()
    for person_id, open_cases in cases.items():
        workers = {case.worker_id for case in open_cases if case.worker_id is not None}
        (child_workers if person_id in children else sibling_workers).update(workers)
    ids = child_workers | sibling_workers
    return [
        CaseHolder(user.pk, user.get_full_name() or user.username, user.pk in child_workers, user.pk in sibling_workers)
        for user in User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    ]
