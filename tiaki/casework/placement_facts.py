"""When each child's current placement began, told by care.

A child's statutory visit is due within 7 days of a new placement's start,
then at the case's frequency (visit_due_on in
tiaki.casework.selectors.cases). Placements belong to care, which sits above
casework, so casework may not import it: casework declares the one fact it
needs here and care provides it (``tiaki.care.apps.CareConfig.ready`` calls
``provide``). Only person ids and dates cross, never where a child lives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

#: Days within which a child is visited after a placement starts.
AFTER_PLACEMENT_DAYS = 7

PlacementStarts = Callable[[Collection[int]], dict[int, dt.date]]
_provided: list[PlacementStarts] = []


def provide(starts: PlacementStarts) -> None:
    """Care's answer (called once, from its AppConfig.ready)."""
    _provided[:] = [starts]


def placement_starts(person_ids: Collection[int]) -> dict[int, dt.date]:
    """Person id -> the day their current placement began (none without care installed)."""
    if not _provided or not person_ids:
        return {}
    return _provided[0](person_ids)
