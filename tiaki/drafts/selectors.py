"""Reading one's own drafts back: the list of unfinished work, and one draft
to restore into its form. Only the owner's drafts, and only those about a
record they may still record on (the kind's reach): one about a case since
closed or reallocated is not listed, and restoring it is refused as a missing
record. Reading one's own typing is not an event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.drafts import kinds
from tiaki.drafts.models import FormDraft
from tiaki.drafts.services import decision_for
from tiaki.staff.models import User

#: How many of the newest drafts the list looks at.
LIST_LIMIT = 30


@dataclass(frozen=True)
class DraftSummary:
    kind: str
    label: str
    url_name: str
    url_args: tuple[int, ...]
    record_id: int
    part: int
    #: The case (or other parent) it is about, to list it on that page.
    parent_id: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class DraftView:
    data: dict[str, list[str]]
    updated_at: dt.datetime


@selector(AuditAction.DRAFT_READ)
def drafts_for(*, actor: User, parent_id: int | None = None) -> list[DraftSummary]:
    """``actor``'s own unfinished forms, newest first, about records they may
    still record on; with ``parent_id``, only those about that case."""
    with reading(actor, subject_type="draft") as step:
        step.nothing_done()
        rows = list(FormDraft.objects.filter(owner=actor).order_by("-updated_at")[:LIST_LIMIT])
        found = []
        for row in rows:
            kind = kinds.get(row.kind)
            parent = kind.reach(actor, row.record_id) if kind is not None else None
            if kind is None or parent is None or (parent_id is not None and parent != parent_id):
                continue
            found.append(DraftSummary(
                kind=row.kind, label=kind.label, url_name=kind.url_name,
                url_args=kind.url_args(row.record_id, row.part),
                record_id=row.record_id, part=row.part, parent_id=parent, updated_at=row.updated_at,
            ))  # fmt: skip
    return found


@selector(AuditAction.DRAFT_READ)
def draft_get(*, actor: User, kind: str, record_id: int, part: int = 0) -> DraftView | None:
    """``actor``'s own draft of this form, or None if they kept none. A record
    they may not record on is refused (audited, 404) whether or not a draft
    exists, exactly as a missing record."""
    decision = decision_for(actor, kind, record_id)
    with reading(actor, decision=decision, subject_type="draft", subject_ids=[record_id]) as step:
        step.nothing_done()
        row = FormDraft.objects.filter(owner=actor, kind=kind, record_id=record_id, part=part).first()
    if row is None:
        return None
    data = {str(k): [str(v) for v in vs] for k, vs in row.data.items() if isinstance(vs, list)}
    return DraftView(data=data, updated_at=row.updated_at)
