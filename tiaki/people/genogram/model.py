"""What a genogram is drawn from (Member, Tie) and what it is drawn as
(Genogram, Node, Line), with the geometry and wording the steps share."""

from __future__ import annotations

from dataclasses import dataclass

from tiaki.people.models.relationships import Relationship

Kind = Relationship.Kind

# Geometry, in SVG user units (CSS pixels at 100%).
SLOT = 170  # minimum distance between the centres of two people in a row
SHAPE = 40  # the side of a square, the diameter of a circle
# Labels are 16px at 100% (tiaki.css, .tiaki-genogram__label): at least body text size.
LINE_HEIGHT = 20
NAME_CHARS = 17  # a name wraps at this many characters, onto two lines at most
LABEL_LINES = 3  # two for the name, one for the birth year
LABEL_BOTTOM = SHAPE / 2 + 6 + LABEL_LINES * LINE_HEIGHT  # from a shape's centre
LANE = 10  # between two horizontal runs in one gap
GAP_PAD = 18  # between a label and the first lane, and the last lane and a shape
MARGIN = 24

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

#: Line styles, in legend order, with what the legend says: the relationship
#: and how its line looks, in words, so the key never relies on colour. The
#: template's CSS (tiaki.css, "whānau map") draws each pattern; a partner line
#: is drawn twice (a wide line and a white one inside it) to make it double.
LINE_STYLES: dict[str, str] = {
    "partner": "Partners: a double line",
    "descent": "Parent and child: a single solid line",
    "sibling": "Siblings (parents not recorded): long dashes",
    "half-sibling": "Half-siblings (shared parent not recorded): short dashes",
    "kin": "Grandparent, aunt or uncle (link through a parent not recorded): dash and dot",
    "step-parent": "Step-parent: dash and two dots",
    "caregiver": "Caregiver: round dots",
    "whanau": "Whānau member: very long dashes",
    "other": "Other relationship: sparse dots",
}


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
