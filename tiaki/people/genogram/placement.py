"""Each person's x: units in a row placed under (or over) their relatives."""

from __future__ import annotations

from collections import defaultdict

from tiaki.people.genogram.model import MARGIN, SLOT, Kind, Member, Tie


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
    # The look-ups above add an empty list for siblings with no recorded
    # parents; _Lines.build draws a descent for every key, so keep only
    # people who have parents (two siblings alone crashed the map).
    return defaultdict(list, {child: found for child, found in parents.items() if found})


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
