"""Generations and rows: who sits in which row, and the partner units in it."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable

from tiaki.people.genogram.model import Kind, Member, Tie

#: Generations from ``from_person`` down to ``to_person`` for each kind.
GENERATION_STEP: dict[str, int] = {
    Kind.PARENT: 1,
    Kind.STEP_PARENT: 1,
    Kind.GRANDPARENT: 2,
    Kind.AUNT_UNCLE: 1,
    Kind.CAREGIVER: 1,
    Kind.SIBLING: 0,
    Kind.HALF_SIBLING: 0,
    Kind.PARTNER: 0,
    Kind.WHANAU: 0,
    Kind.OTHER: 0,
}
# Ties that say nothing certain about generation: a path through one of these
# places a person only when no path of family ties is as short.
LOOSE = frozenset({Kind.WHANAU, Kind.CAREGIVER, Kind.OTHER})
_GENDER_ORDER = {"male": 0, "another": 1, "unknown": 1, "female": 2}


def _age_key(member: Member) -> tuple[int, int]:
    # Oldest first; a person with no birth year after those with one.
    return (member.birth_year is None, member.birth_year or 0)


def _generations(
    focus_id: int, people: dict[int, Member], ties: list[Tie]
) -> tuple[dict[int, int], dict[int, int], dict[int, tuple[int, Tie]]]:
    """Generation (0 = the focus, negative above), distance from the focus
    (a loose tie counts as two steps: a whānau member is further than a
    parent), and the tie each person was reached through. People not
    connected to the focus are left out."""
    edges: dict[int, list[tuple[int, int, Tie]]] = defaultdict(list)
    for t in ties:
        step = GENERATION_STEP[t.kind]
        edges[t.from_id].append((t.to_id, step, t))
        edges[t.to_id].append((t.from_id, -step, t))
    generation = {focus_id: 0}
    hops = {focus_id: 0}
    via: dict[int, tuple[int, Tie]] = {}
    best: dict[int, tuple[int, int]] = {focus_id: (0, 0)}
    queue: list[tuple[int, int, int]] = [(0, 0, focus_id)]
    done: set[int] = set()
    while queue:
        hop, loose, p = heapq.heappop(queue)
        if p in done:
            continue
        done.add(p)
        for q, step, t in edges[p]:
            cost = (hop + 1 + (t.kind in LOOSE), loose + (t.kind in LOOSE))
            if q not in done and cost < best.get(q, (len(people) + 1, 0)):
                best[q] = cost
                generation[q] = generation[p] + step
                hops[q] = cost[0]
                via[q] = (p, t)
                heapq.heappush(queue, (*cost, q))
    return generation, hops, via


def _rows(
    shown: set[int], generation: dict[int, int], people: dict[int, Member], ties: list[Tie]
) -> list[list[list[int]]]:
    """Rows top to bottom, each a list of units (partners kept together),
    first ordered oldest first."""
    partners: dict[int, set[int]] = defaultdict(set)
    for t in ties:
        if t.kind == Kind.PARTNER and generation[t.from_id] == generation[t.to_id]:
            partners[t.from_id].add(t.to_id)
            partners[t.to_id].add(t.from_id)

    def key(p: int) -> tuple[int, tuple[int, int], int]:
        return (_GENDER_ORDER.get(people[p].gender, 1), _age_key(people[p]), p)

    rows = []
    for g in sorted({generation[p] for p in shown}):
        seen: set[int] = set()
        units = []
        for p in sorted((p for p in shown if generation[p] == g), key=key):
            if p in seen:
                continue
            component, stack = {p}, [p]
            while stack:
                for q in partners[stack.pop()]:
                    if q not in component:
                        component.add(q)
                        stack.append(q)
            seen |= component
            units.append(_unit_order(component, partners, key))
        units.sort(key=lambda u: (min(_age_key(people[p]) for p in u), min(u)))
        rows.append(units)
    return rows


def _unit_order(
    component: set[int], partners: dict[int, set[int]], key: Callable[[int], tuple[int, tuple[int, int], int]]
) -> list[int]:
    """Partners side by side: walk a chain (someone with two partners sits
    between them); anything more tangled is simply sorted."""
    ends = sorted((p for p in component if len(partners[p]) <= 1), key=key)
    if len(component) > 1 and len(ends) == 2 and all(len(partners[p]) <= 2 for p in component):
        order, previous = [ends[0]], None
        while len(order) < len(component):
            nxt = next(q for q in sorted(partners[order[-1]], key=key) if q != previous)
            previous = order[-1]
            order.append(nxt)
        return order
    return sorted(component, key=key)
