"""The whānau map's layout: where each person and line goes in a genogram.

Pure: no database, no Django requests. tiaki.people.selectors.whanau feeds it
what the actor may see and people/person_whanau.html draws the result, so the
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

The steps live in one module each: rows.py (1, and the units of 3),
placement.py (3), lines.py (4); assemble.py runs them (and 2) for ``layout``.
model.py holds the inputs, the drawn result and the geometry they share.
"""

from tiaki.people.genogram.assemble import layout
from tiaki.people.genogram.model import BACKWARD, FORWARD, LABEL_BOTTOM, SHAPE, SLOT, Genogram, Member, Tie

__all__ = [
    "BACKWARD",
    "FORWARD",
    "LABEL_BOTTOM",
    "SHAPE",
    "SLOT",
    "Genogram",
    "Member",
    "Tie",
    "layout",
]
