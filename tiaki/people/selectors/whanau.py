"""The whānau map: a person's family network as the actor may see it.

The map shows relatives' names, genders, birth years and whether they have
died, the same details of relatives the person record already lists
(person_get), reached through the focus person's record. Opening a
relative's own record still needs its own need-to-know: only those the actor
may open become links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tiaki.access import scoping
from tiaki.access import sealed as sealed_rule
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.people import genogram
from tiaki.people.models import Person, PersonName, Relationship
from tiaki.staff.models import User

MAX_DEPTH = 3


@dataclass(frozen=True)
class WhanauRow:
    """One relationship for the text alternative, named both ways round:
    "Hēmi Te Whare — parent of Tūī Te Whare" / "Tūī Te Whare — child of Hēmi Te Whare"."""

    from_id: int
    from_name: str
    forward: str
    to_id: int
    to_name: str
    backward: str
    ended: bool

    @property
    def text(self) -> str:
        return f"{self.from_name} — {self.forward} {self.to_name}"

    @property
    def reverse_text(self) -> str:
        return f"{self.to_name} — {self.backward} {self.from_name}"


@dataclass(frozen=True)
class WhanauMap:
    person_id: int
    display_name: str
    layout: genogram.Genogram
    rows: list[WhanauRow]
    #: Shown people whose own record the actor may open (links on the map).
    openable: frozenset[int]
    decision: scoping.Decision


@selector(AuditAction.PERSON_READ)
def whanau_map(*, actor: User, person_id: int, depth: int = 2) -> WhanauMap:
    """The family network ``depth`` relationships out from a person the actor
    may read (need-to-know as person_get; 404 otherwise), audited as one
    read of the focus person and everyone shown."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}.")
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        members, ties = _network(actor, person_id, depth)
        layout = genogram.layout(person_id, members, ties)
        shown = set(layout.ids)
        openable = frozenset((scoping.visible_person_ids(actor) & shown) | {person_id})
        step.subject_ids = sorted(shown)
    names = {m.id: m.name for m in members}
    order = {n.id: i for i, n in enumerate(sorted(layout.nodes, key=lambda n: (n.id != person_id, n.generation, n.x)))}
    rows = sorted(
        (
            WhanauRow(
                from_id=t.from_id,
                from_name=names[t.from_id],
                forward=genogram.FORWARD[t.kind],
                to_id=t.to_id,
                to_name=names[t.to_id],
                backward=genogram.BACKWARD[t.kind],
                ended=t.ended,
            )
            for t in ties
            if t.from_id in shown and t.to_id in shown
        ),
        # The focus person's own relationships first, then outwards.
        key=lambda r: (min(order[r.from_id], order[r.to_id]), max(order[r.from_id], order[r.to_id]), r.forward),
    )
    return WhanauMap(
        person_id=person_id,
        display_name=names[person_id],
        layout=layout,
        rows=rows,
        openable=openable,
        decision=decision,
    )


def _network(actor: User, person_id: int, depth: int) -> tuple[list[genogram.Member], list[genogram.Tie]]:
    """Everyone within ``depth`` relationships, in one query per step plus
    three. A record sealed from the actor is absent (tiaki.access.sealed):
    not drawn, not in the text table, and the walk does not pass through it,
    so nothing on the map says it is there. A sealed record the actor holds a
    grant for is drawn, but the walk still stops at it, so a staff member's
    own whānau is not mapped beyond the one person related to the focus."""
    found = {person_id}
    frontier = {person_id}
    for _ in range(depth):
        pairs = Relationship.objects.filter(
            Q(from_person_id__in=frontier) | Q(to_person_id__in=frontier),
            from_person__merged_into__isnull=True,
            to_person__merged_into__isnull=True,
        ).values_list("from_person_id", "to_person_id")
        reached = {p for pair in pairs for p in pair} - found
        reached -= sealed_rule.hidden_person_ids(actor, reached)
        found |= reached
        sealed = set(Person.objects.filter(pk__in=reached, sealed=True).values_list("pk", flat=True))
        frontier = reached - sealed
        if not frontier:
            break
    today = timezone.localdate()
    ties = [
        genogram.Tie(from_id=a, to_id=b, kind=kind, ended=ended_on is not None and ended_on <= today)
        for a, b, kind, ended_on in Relationship.objects.filter(
            from_person_id__in=found, to_person_id__in=found
        ).values_list("from_person_id", "to_person_id", "kind", "ended_on")
    ]
    people = Person.objects.filter(pk__in=found).values_list("pk", "gender", "date_of_birth", "deceased_on")
    names = {n.person_id: str(n) for n in PersonName.objects.filter(person_id__in=found, is_primary=True)}
    members = [
        genogram.Member(
            id=pk,
            name=names.get(pk, "Name not recorded"),
            gender=gender,
            birth_year=born.year if born else None,
            deceased=died is not None,
        )
        for pk, gender, born, died in people
    ]
    return members, ties
