"""What gathering hands the review workspace and the pack builder: every
item Tiaki holds about a person, each with its source and date
(tiaki.disclosure.selectors.subject_access.gather builds it).

An item's ``key`` is "<source>:<id>", the source named as the chronology
names it where the chronology has it ("note:123", "report:45",
"document:7", "placement:9"), so a redaction or a statement of correction
on an item also finds the chronology entries that point at it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Version:
    """An earlier (or the current) version of a versioned item (notes, plans)."""

    number: int
    written_at: dt.datetime
    written_by: str
    #: Why it was corrected (empty for version 1).
    reason: str
    title: str
    text: str


@dataclass
class GatheredItem:
    key: str
    #: Which domain holds it: "people", "intake", "casework", "care", "chronology", "disclosure".
    domain: str
    #: Plain words for its kind: "Case note", "Report of concern", "Placement".
    source: str
    #: When it happened (or was recorded, for what has no date of its own).
    occurred_at: dt.datetime | None
    title: str
    #: Its full text as held (a note's current version; a report's narrative).
    text: str
    case_reference: str = ""
    #: Every version, oldest first, for versioned items (a note's corrections).
    versions: list[Version] = field(default_factory=list)
    #: Other people's names it holds, for the reviewer's attention (never redacted automatically).
    other_people: list[str] = field(default_factory=list)
    #: Passages that would show who told us about a worry: withheld always (Redaction.automatic).
    notifier_passages: list[str] = field(default_factory=list)
    #: Marked SENSITIVE where it is held.
    sensitive: bool = False
    #: Hard to read (harm, abuse, a death): the pack warns before it.
    difficult: bool = False
    #: A statement of correction attached to it (tiaki.chronology.models.CorrectionStatement), if any.
    statements: list[str] = field(default_factory=list)
    #: A chronology entry's source item ("note:123", its kind and source id): the pack withholds the
    #: entry when that item is withheld whole, and the life story finds placements and schools by it.
    points_at: str = ""
    #: When it ended (a placement, a care episode): the life story's "until".
    ended_at: dt.datetime | None = None
    #: The people who cared for them in it, as the life story names them: "Rangi Kingi (caregiver)",
    #: "Ana Lee (social worker)" (placements, care episodes, cases).
    carers: list[str] = field(default_factory=list)


@dataclass
class Gathered:
    request_id: int
    person_id: int
    #: The person's name as the register holds it now.
    person_name: str
    items: list[GatheredItem]
    #: How many items came from each domain (the workspace's summary).
    counts: dict[str, int] = field(default_factory=dict)

    def by_key(self) -> dict[str, GatheredItem]:
        return {item.key: item for item in self.items}
