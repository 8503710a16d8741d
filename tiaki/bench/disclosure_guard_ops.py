"""Benchmark operations for the disclosure domain (issue 15 figures, on the
full synthetic agency on PostgreSQL): the guard on a share pack of 50 items,
p95 <= 50 ms.

- ``disclosure.guard_pack_50``: ``tiaki.disclosure.selectors.guard.check``
  on a 50-item share pack about a child in care with relatives who have a
  protected address, going to one of the child's parents: every rule's
  values are fetched (protected addresses of the child's relatives, the
  placement location, notifiers, other children) and every item's text is
  scanned. Two items in ten carry a protected value (the placement's street,
  a relative's protected street), so the findings are built too. Each
  sample is a different child.

The guard is a pure read (no audit, no actor), so nothing is allocated and
nothing written. While the guard is missing from the tree the operation is
left out and said so in ``BenchContext.skipped``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db.models import Q

from tiaki.bench.operations import BenchContext, Operation
from tiaki.care.models import Placement
from tiaki.people.models import PersonAddress, Relationship

#: Children whose packs are checked (each sample the next one).
CHILDREN = 50
ITEMS = 50
_TEXTS = [
    "Bedtime is 7:30pm after a story; the landing light stays on.",
    "Likes kapa haka practice on Tuesdays and swimming at the pools.",
    "Allergic to peanuts: an EpiPen is in the kitchen drawer.",
    "Calls her koro on Sunday afternoons; contact is supervised.",
    "Feels settled when her routines are kept the same each day.",
    "School pick-up at 3pm; the teacher aide knows her well.",
    "Takes medication with breakfast; the chemist packs it weekly.",
    "Is learning to ride a bike and is proud of it.",
]


def _check() -> Any:
    try:
        return getattr(import_module("tiaki.disclosure.selectors.guard"), "check", None)
    except ImportError:
        return None


def guard_operations(ctx: BenchContext) -> list[Operation]:
    check = _check()
    if check is None:
        ctx.skipped["disclosure.guard_pack_50"] = "tiaki.disclosure.selectors.guard.check is not in this tree"
        return []
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient

    protected = PersonAddress.objects.filter(protected=True).values("person_id")
    relatives = Relationship.objects.filter(Q(from_person_id__in=protected) | Q(to_person_id__in=protected))
    near_protected = set(relatives.values_list("to_person_id", flat=True)[: CHILDREN * 20]) | set(
        relatives.values_list("from_person_id", flat=True)[: CHILDREN * 20]
    )
    current = Placement.objects.filter(ended_on__isnull=True).filter(
        Q(location__isnull=False) | Q(household__address__isnull=False)
    )
    fields = ("child_id", "episode__case_id", "location__street", "household__address__street")
    # Children with a relative at a protected address first; on a small seed, any child in care.
    rows = list(current.filter(child_id__in=near_protected).order_by("child_id").values_list(*fields)[:CHILDREN])
    if len(rows) < CHILDREN:
        rows += list(current.exclude(child_id__in=near_protected).order_by("child_id").values_list(*fields)[
            : CHILDREN - len(rows)
        ])  # fmt: skip
    placements = [(child, case, location or household) for child, case, location, household in rows]
    if not placements:
        ctx.skipped["disclosure.guard_pack_50"] = "no child in care with a placement address"
        return []
    packs: list[tuple[Any, Any]] = []
    for child_id, case_id, placement_street in placements:
        kin = Relationship.objects.filter(Q(from_person_id=child_id) | Q(to_person_id=child_id)).values_list(
            "from_person_id", "to_person_id", "kind"
        )
        others = [a if b == child_id else b for a, b, _ in kin]
        parent = next((a for a, b, kind in kin if b == child_id and kind == "parent"), others[0] if others else None)
        street = (
            PersonAddress.objects.filter(person_id__in=others, protected=True)
            .values_list("address__street", flat=True)
            .first()
        )
        items = []
        for n in range(ITEMS):
            text = _TEXTS[n % len(_TEXTS)]
            if n % 10 == 3:
                text += f" Drop-offs are at {placement_street}."
            if n % 10 == 7 and street:
                text += f" Her mum has moved to {street}."
            items.append(Item(key=f"item-{n}", label=f"Item {n + 1}", text=text, about_person=child_id))
        artefact = Artefact(kind="share_pack", title="Share pack", case_id=case_id, subject_ids=[child_id], items=items)
        recipient = (
            Recipient(kind="person", label="A parent", person_id=parent)
            if parent
            else Recipient(kind="staff", label="Bench", user_id=ctx.actor.pk)
        )
        packs.append((artefact, recipient))

    def guard_pack(i: int) -> object:
        artefact, recipient = packs[i % len(packs)]
        return check(artefact, recipient)

    return [
        Operation(
            "disclosure.guard_pack_50",
            f"the disclosure guard on a {ITEMS}-item share pack for one of {len(packs)} children in care with "
            "relatives at protected addresses, to a parent (structured facts and the text scan)",
            guard_pack,
        )
    ]
