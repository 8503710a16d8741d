"""The whānau map's layout: where each person and line goes in a genogram.

Pure: no database, no Django requests. tiaki.people.selectors.whanau feeds it
what the actor may see and web/person_whanau.html draws the result, so the
rules of drawing (generations, shapes, line styles) are tested here alone.

How it lays out:

1. Generations by breadth-first search from the focus person: a parent sits
   one row above their child, a grandparent two, an aunt or uncle one;
   siblings, partners, whānau and others share a row. Of equally short
   paths the one through family ties (not whānau, caregiver, other) decides.
2. Beyond ``max_people`` the farthest people (then the youngest, then by id)
   are left out, and the count is reported.
3. In each row, partners form one rigid unit (male left, as genograms draw).
   Units are ordered and placed by alternating sweeps: each pass sorts a
   row's units by the mean position of their relatives in the row above (or
   below) and places them as close to it as the minimum spacing allows
   (isotonic regression), so rows never overlap and children sit under
   their parents.
4. Lines: a partner line between adjacent partners, a descent line from the
   couple (or single parent) down a bar to each child, so half-siblings hang
   only from their shared parent. Every other tie is routed along horizontal
   "lanes" between rows; each gap gets as many lanes as its lines need, so
   no two horizontal runs lie on top of each other.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from tiaki.people.models.relationships import Relationship

Kind = Relationship.Kind

# Geometry, in SVG user units (CSS pixels at 100%).
SLOT = 150  # minimum distance between the centres of two people in a row
SHAPE = 40  # the side of a square, the diameter of a circle
LINE_HEIGHT = 15
NAME_CHARS = 18  # a name wraps at this many characters, onto two lines at most
LABEL_LINES = 3  # two for the name, one for the birth year
LABEL_BOTTOM = SHAPE / 2 + 6 + LABEL_LINES * LINE_HEIGHT  # from a shape's centre
LANE = 10  # between two horizontal runs in one gap
GAP_PAD = 18  # between a label and the first lane, and the last lane and a shape
MARGIN = 24

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

#: "from is ___ to" and "to is ___ from", for titles and the text alternative.
FORWARD: dict[str, str] = {
    Kind.PARENT: "parent of",
    Kind.STEP_PARENT: "step-parent of",
    Kind.SIBLING: "sibling of",
    Kind.HALF_SIBLING: "half-sibling of",
    Kind.GRANDPARENT: "grandparent of",
    Kind.AUNT_UNCLE: "aunt or uncle of",
    Kind.WHANAU: "whānau member of",
    Kind.CAREGIVER: "caregiver of",
    Kind.PARTNER: "partner of",
    Kind.OTHER: "has another relationship with",
}
BACKWARD: dict[str, str] = {
    Kind.PARENT: "child of",
    Kind.STEP_PARENT: "step-child of",
    Kind.SIBLING: "sibling of",
    Kind.HALF_SIBLING: "half-sibling of",
    Kind.GRANDPARENT: "grandchild of",
    Kind.AUNT_UNCLE: "niece or nephew of",
    Kind.WHANAU: "whānau member of",
    Kind.CAREGIVER: "cared for by",
    Kind.PARTNER: "partner of",
    Kind.OTHER: "has another relationship with",
}

SHAPES = {"male": "square", "female": "circle"}  # anything else is a diamond

#: Line styles, in legend order, with what the legend says. The template's CSS
#: (tiaki.css, "whānau map") gives each a distinct dash pattern and colour.
LINE_STYLES: dict[str, str] = {
    "partner": "Partners",
    "descent": "Parent and child",
    "sibling": "Siblings (parents not recorded)",
    "half-sibling": "Half-siblings (shared parent not recorded)",
    "kin": "Grandparent, aunt or uncle (link through a parent not recorded)",
    "step-parent": "Step-parent",
    "caregiver": "Caregiver",
    "whanau": "Whānau member",
    "other": "Other relationship",
}
_GENDER_ORDER = {"male": 0, "another": 1, "unknown": 1, "female": 2}


@dataclass(frozen=True)
class Member:
    """A person to draw, as the selector may show them."""

    id: int
    name: str
    gender: str = "unknown"
    birth_year: int | None = None
    deceased: bool = False


@dataclass(frozen=True)
class Tie:
    """``from_id`` is ``kind`` of ``to_id`` (a Relationship row, stored once)."""

    from_id: int
    to_id: int
    kind: str
    ended: bool = False


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    gender: str
    birth_year: int | None
    deceased: bool
    focus: bool
    generation: int
    x: float
    y: float
    relation: str  # to the focus, e.g. "parent of Tūī Te Whare"
    label: tuple[str, ...]

    @property
    def shape(self) -> str:
        return SHAPES.get(self.gender, "diamond")

    @property
    def title(self) -> str:
        """The accessible name: name, relationship, birth year."""
        parts = [f"{self.name} (focus)" if self.focus else self.name]
        if not self.focus:
            parts.append(self.relation)
        parts.append(f"born {self.birth_year}" if self.birth_year else "birth year not known")
        if self.deceased:
            parts.append("died")
        return ", ".join(parts)

    @property
    def half(self) -> float:
        return SHAPE / 2

    @property
    def label_y(self) -> tuple[float, ...]:
        return tuple(self.y + SHAPE / 2 + 6 + LINE_HEIGHT * (i + 1) - 3 for i in range(len(self.label)))


@dataclass(frozen=True)
class Line:
    style: str  # a key of LINE_STYLES
    points: tuple[tuple[float, float], ...]
    ended: bool = False

    @property
    def path(self) -> str:
        return "M" + " L".join(f"{x:g} {y:g}" for x, y in self.points)

    @property
    def ended_marks(self) -> str:
        """Two short slashes across the middle of an ended partnership."""
        if not self.ended or len(self.points) != 2:
            return ""
        (x1, y1), (x2, y2) = self.points
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        return " ".join(f"M{mx + dx - 3:g} {my + 7:g} L{mx + dx + 3:g} {my - 7:g}" for dx in (-4, 4))


@dataclass(frozen=True)
class Genogram:
    nodes: tuple[Node, ...]
    lines: tuple[Line, ...]
    width: float
    height: float
    left_out: int
    styles: tuple[tuple[str, str], ...]  # the line styles used, for the legend

    @property
    def has_ended(self) -> bool:
        return any(line.ended for line in self.lines)

    @property
    def ids(self) -> list[int]:
        return [n.id for n in self.nodes]


def layout(focus_id: int, members: list[Member], ties: list[Tie], *, max_people: int = 60) -> Genogram:
    people = {m.id: m for m in members}
    if focus_id not in people:
        raise ValueError("The focus person must be one of the members.")
    ties = sorted(
        {t for t in ties if t.from_id in people and t.to_id in people and t.from_id != t.to_id},
        key=lambda t: (t.from_id, t.to_id, t.kind),
    )
    generation, distance, via = _generations(focus_id, people, ties)
    nearest = sorted(generation, key=lambda p: (distance[p], _age_key(people[p]), p))
    shown = set(nearest[:max_people])
    ties = [t for t in ties if t.from_id in shown and t.to_id in shown]
    rows = _rows(shown, generation, people, ties)
    x = _place(rows, ties, people)
    builder = _Lines(rows, x, ties)
    lines = builder.build()
    row_y = builder.row_y
    row_of = {p: r for r, row in enumerate(rows) for unit in row for p in unit}
    nodes = tuple(
        Node(
            id=p,
            name=people[p].name,
            gender=people[p].gender,
            birth_year=people[p].birth_year,
            deceased=people[p].deceased,
            focus=p == focus_id,
            generation=generation[p],
            x=x[p],
            y=row_y[row_of[p]],
            relation=_relation(p, via, people),
            label=_label(people[p]),
        )
        for p in sorted(shown, key=lambda p: (row_of[p], x[p]))
    )
    width = max(x.values()) + SLOT / 2 + MARGIN
    height = row_y[-1] + LABEL_BOTTOM + MARGIN
    used = {line.style for line in lines}
    return Genogram(
        nodes=nodes,
        lines=tuple(lines),
        width=round(width, 1),
        height=round(height, 1),
        left_out=len(members) - len(shown),
        styles=tuple((s, label) for s, label in LINE_STYLES.items() if s in used),
    )


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


def _relation(p: int, via: dict[int, tuple[int, Tie]], people: dict[int, Member]) -> str:
    if p not in via:
        return "focus"
    q, t = via[p]
    phrase = FORWARD[t.kind] if t.from_id == p else BACKWARD[t.kind]
    return f"{phrase} {people[q].name}"


def _label(member: Member) -> tuple[str, ...]:
    lines: list[str] = []
    for word in member.name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= NAME_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    lines = [line if len(line) <= NAME_CHARS else line[: NAME_CHARS - 1] + "…" for line in lines]
    year = f"b. {member.birth_year}" if member.birth_year else ""
    if member.deceased:
        year = f"{year} · died" if year else "died"
    return (*lines, year) if year else tuple(lines)


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


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence nearest ``values`` (pool adjacent violators)."""
    blocks: list[list[float]] = []
    for v, w in zip(values, weights, strict=True):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for v, _, c in blocks:
        out.extend([v] * int(c))
    return out


def _place(rows: list[list[list[int]]], ties: list[Tie], people: dict[int, Member]) -> dict[int, float]:
    row_of = {p: r for r, row in enumerate(rows) for unit in row for p in unit}
    up: dict[int, list[int]] = defaultdict(list)  # relatives in the row above
    down: dict[int, list[int]] = defaultdict(list)
    # Parents pull hardest: listed twice, they weigh twice in the mean.
    for child, parents in _parents(ties, row_of).items():
        for p in parents:
            up[child].extend([p, p])
            down[p].extend([child, child])
    for t in ties:
        a, b = sorted((t.from_id, t.to_id), key=lambda p: row_of[p])
        if row_of[b] == row_of[a] + 1 and t.kind != Kind.PARENT:
            up[b].append(a)
            down[a].append(b)
    x: dict[int, float] = {}
    for row in rows:
        cursor = 0.0
        for unit in row:
            for p in unit:
                x[p] = cursor
                cursor += SLOT
    sweeps = [up, down] * 4 + [up]
    for relatives in sweeps:
        order = range(len(rows)) if relatives is up else range(len(rows) - 1, -1, -1)
        for r in order:
            _place_row(rows[r], relatives, x)
    left = min(x.values())
    return {p: round(v - left + MARGIN + SLOT / 2, 1) for p, v in x.items()}


def _parents(ties: list[Tie], row_of: dict[int, int]) -> defaultdict[int, list[int]]:
    """Each person's parents in the row above, as drawn: a full sibling with
    no recorded parents hangs from their sibling's (siblings share both)."""
    parents: defaultdict[int, list[int]] = defaultdict(list)
    for t in ties:
        if t.kind == Kind.PARENT and row_of[t.to_id] == row_of[t.from_id] + 1:
            parents[t.to_id].append(t.from_id)
    for t in ties:
        if t.kind == Kind.SIBLING and row_of[t.from_id] == row_of[t.to_id]:
            for a, b in ((t.from_id, t.to_id), (t.to_id, t.from_id)):
                if not parents[a] and parents[b]:
                    parents[a] = list(parents[b])
    return parents


def _place_row(row: list[list[int]], relatives: dict[int, list[int]], x: dict[int, float]) -> None:
    """Order the row's units by where their relatives are, then place them as
    near there as the spacing allows."""
    pulled: list[tuple[float, float, float, list[int]]] = []
    loose: list[tuple[float, float, float, list[int]]] = []
    for unit in row:
        pulls = [
            (sum(x[q] for q in relatives[p]) / len(relatives[p]) - i * SLOT) for i, p in enumerate(unit) if relatives[p]
        ]
        start = x[unit[0]]
        if pulls:
            pulled.append((sum(pulls) / len(pulls), start, 1.0, unit))
        else:
            loose.append((start, start, 0.05, unit))
    pulled.sort(key=lambda w: (w[0], w[1]))
    loose.sort(key=lambda w: w[1])
    # People with no relatives in the next row (whānau, partners' other
    # partners) go to the right-hand end, so they never split a sibling bar.
    end = max((w[0] + len(w[3]) * SLOT for w in pulled), default=0.0)
    wanted = pulled + [(end + i * SLOT, start, weight, unit) for i, (_, start, weight, unit) in enumerate(loose)]
    row[:] = [w[3] for w in wanted]
    offsets, offset = [], 0.0
    for _, _, _, unit in wanted:
        offsets.append(offset)
        offset += len(unit) * SLOT
    fitted = _isotonic([w[0] - o for w, o in zip(wanted, offsets, strict=True)], [w[2] for w in wanted])
    for (_, _, _, unit), base, o in zip(wanted, fitted, offsets, strict=True):
        for i, p in enumerate(unit):
            x[p] = base + o + i * SLOT


@dataclass
class _Lines:
    """Builds the lines. A point's y is symbolic until every gap's lanes are
    counted: ("c", row) a shape's centre, ("t", row) its top, ("b", row) the
    bottom of its label, ("l", gap, lane) a lane (gap g lies above row g)."""

    rows: list[list[list[int]]]
    x: dict[int, float]
    ties: list[Tie]
    row_y: list[float] = field(default_factory=list)
    _lanes: dict[int, list[list[tuple[float, float]]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.row_of = {p: r for r, row in enumerate(self.rows) for unit in row for p in unit}
        self.sequence = [[p for unit in row for p in unit] for row in self.rows]

    def lane(self, gap: int, x1: float, x2: float) -> tuple[str, int, int]:
        lo, hi = min(x1, x2) - 4, max(x1, x2) + 4
        lanes = self._lanes[gap]
        for i, taken in enumerate(lanes):
            if all(hi < a or lo > b for a, b in taken):
                taken.append((lo, hi))
                return ("l", gap, i)
        lanes.append([(lo, hi)])
        return ("l", gap, len(lanes) - 1)

    def adjacent(self, a: int, b: int) -> bool:
        row = self.sequence[self.row_of[a]]
        return self.row_of[a] == self.row_of[b] and abs(row.index(a) - row.index(b)) == 1

    def build(self) -> list[Line]:
        raw: list[tuple[str, list[tuple[float, tuple]], bool]] = []
        parents = _parents(self.ties, self.row_of)
        families: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for child in sorted(parents, key=lambda p: self.x[p]):
            ps = sorted(set(parents[child]), key=lambda p: self.x[p])
            families[tuple(ps[:2])].append(child)
            for extra in ps[2:]:
                families[(extra,)].append(child)
        for family, children in sorted(families.items(), key=lambda f: [self.x[p] for p in f[0]]):
            raw.extend(self._descent(family, children))
        partner_pairs = set()
        for t in self.ties:
            a, b = t.from_id, t.to_id
            if t.kind == Kind.PARTNER:
                partner_pairs.add(frozenset((a, b)))
                if self.adjacent(a, b):
                    raw.append(("partner", self._side_by_side(a, b), t.ended))
                else:
                    raw.append(("partner", self._route(a, b), t.ended))
            elif t.kind == Kind.PARENT and self.row_of[b] != self.row_of[a] + 1:
                raw.append(("descent", self._route(a, b), t.ended))
            elif t.kind in (Kind.SIBLING, Kind.HALF_SIBLING):
                if not set(parents[a]) & set(parents[b]):
                    style = "sibling" if t.kind == Kind.SIBLING else "half-sibling"
                    raw.append((style, self._route(a, b), t.ended))
            elif t.kind in (Kind.GRANDPARENT, Kind.AUNT_UNCLE):
                if not self._explained(t, parents):
                    raw.append(("kin", self._route(a, b), t.ended))
            elif t.kind != Kind.PARENT:
                raw.append((t.kind, self._route(a, b), t.ended))
        # Parents of a child joined at the middle who are not recorded partners
        # still get the short joining line the descent starts from.
        for family in families:
            if len(family) == 2 and self.adjacent(*family) and frozenset(family) not in partner_pairs:
                raw.append(("descent", self._side_by_side(*family), False))
        self._set_row_y()
        return [
            Line(style, tuple((round(px, 1), round(self._y(ref), 1)) for px, ref in pts), ended)
            for style, pts, ended in raw
        ]

    def _explained(self, t: Tie, parents: dict[int, list[int]]) -> bool:
        """Whether a grandparent or aunt/uncle tie is already drawn through a parent."""
        elder, child = t.from_id, t.to_id
        for p in parents[child]:
            if t.kind == Kind.GRANDPARENT and elder in parents[p]:
                return True
            if t.kind == Kind.AUNT_UNCLE and (set(parents[p]) & set(parents[elder])):
                return True
        return False

    def _side_by_side(self, a: int, b: int) -> list[tuple[float, tuple]]:
        left, right = sorted((a, b), key=lambda p: self.x[p])
        r = self.row_of[a]
        return [(self.x[left] + SHAPE / 2, ("c", r)), (self.x[right] - SHAPE / 2, ("c", r))]

    def _descent(
        self, family: tuple[int, ...], children: list[int]
    ) -> list[tuple[str, list[tuple[float, tuple]], bool]]:
        r = self.row_of[family[0]]
        if len(family) == 2 and self.adjacent(*family):
            drops = [((self.x[family[0]] + self.x[family[1]]) / 2, ("c", r))]
        else:
            drops = [(self.x[p], ("b", self.row_of[p])) for p in family]
        xs = [d[0] for d in drops] + [self.x[c] for c in children]
        bar = self.lane(r + 1, min(xs), max(xs))
        out: list[tuple[str, list[tuple[float, tuple]], bool]] = []
        out.extend(("descent", [(dx, dref), (dx, bar)], False) for dx, dref in drops)
        if max(xs) > min(xs):
            out.append(("descent", [(min(xs), bar), (max(xs), bar)], False))
        out.extend(("descent", [(self.x[c], bar), (self.x[c], ("t", self.row_of[c]))], False) for c in children)
        return out

    def _route(self, a: int, b: int) -> list[tuple[float, tuple]]:
        """A bracket over the row for people in one row; else down from the
        upper person's label, across through free columns, onto the lower."""
        ra, rb = self.row_of[a], self.row_of[b]
        if ra == rb:
            lane = self.lane(ra, self.x[a], self.x[b])
            return [(self.x[a], ("t", ra)), (self.x[a], lane), (self.x[b], lane), (self.x[b], ("t", rb))]
        upper, lower = (a, b) if ra < rb else (b, a)
        ru, rl = min(ra, rb), max(ra, rb)
        xu, xl = self.x[upper], self.x[lower]
        if rl == ru + 1:
            lane = self.lane(rl, xu, xl)
            return [(xu, ("b", ru)), (xu, lane), (xl, lane), (xl, ("t", rl))]
        column = self._free_column(range(ru + 1, rl), xl)
        first = self.lane(ru + 1, xu, column)
        last = self.lane(rl, column, xl)
        return [(xu, ("b", ru)), (xu, first), (column, first), (column, last), (xl, last), (xl, ("t", rl))]

    def _free_column(self, rows: range, near: float) -> float:
        """An x that passes between the people (and their labels) of ``rows``."""
        blocked = sorted((self.x[p] - SLOT / 2 + 4, self.x[p] + SLOT / 2 - 4) for r in rows for p in self.sequence[r])
        candidates = [near] + [edge for lo, hi in blocked for edge in (lo, hi)]
        free = [c for c in candidates if all(not (lo < c < hi) for lo, hi in blocked)]
        return min(free, key=lambda c: (abs(c - near), c))

    def _set_row_y(self) -> None:
        y = MARGIN + len(self._lanes[0]) * LANE + (GAP_PAD if self._lanes[0] else 0) + SHAPE / 2
        self._lane_top: dict[int, float] = {0: MARGIN}
        for r in range(len(self.rows)):
            if r:
                self._lane_top[r] = y + LABEL_BOTTOM + GAP_PAD
                y += LABEL_BOTTOM + 2 * GAP_PAD + max(len(self._lanes[r]) - 1, 0) * LANE + SHAPE / 2
            self.row_y.append(y)

    def _y(self, ref: tuple) -> float:
        match ref:
            case ("c", r):
                return self.row_y[r]
            case ("t", r):
                return self.row_y[r] - SHAPE / 2
            case ("b", r):
                return self.row_y[r] + LABEL_BOTTOM
            case ("l", gap, lane):
                return self._lane_top[gap] + lane * LANE
        raise ValueError(ref)
