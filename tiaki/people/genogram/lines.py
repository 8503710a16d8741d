"""The connecting lines, routed along lanes between rows, and each row's y."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tiaki.people.genogram.model import GAP_PAD, LABEL_BOTTOM, LANE, MARGIN, SHAPE, SLOT, Kind, Line, Tie
from tiaki.people.genogram.placement import _parents


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
