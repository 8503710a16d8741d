"""``layout``: runs the steps and assembles the Genogram the template draws."""

from __future__ import annotations

from tiaki.people.genogram.lines import _Lines
from tiaki.people.genogram.model import (
    BACKWARD,
    FORWARD,
    LABEL_BOTTOM,
    LINE_STYLES,
    MARGIN,
    NAME_CHARS,
    SLOT,
    Genogram,
    Member,
    Node,
    Tie,
)
from tiaki.people.genogram.placement import _place
from tiaki.people.genogram.rows import _age_key, _generations, _rows


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
