"""Keeping and discarding one's own drafts. Keeping one's own typing is not an
event (saving the record is, in its domain's service), so the paths record
nothing when they succeed; a draft about a record out of the actor's reach is
refused, audited, exactly as a missing record (docs/casework.md, "Drafts")."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django.utils import timezone

from tiaki.access import scoping
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.drafts import kinds
from tiaki.drafts.models import FormDraft
from tiaki.staff.models import User

#: A draft's fields as JSON, at most: a long note (20,000 characters) with
#: every other field of the longest form fits several times over.
MAX_DRAFT_BYTES = 200_000


class DraftTooLargeError(ValueError):
    """The typing is too long to keep as a draft (the page says so)."""


def decision_for(actor: User, kind: str, record_id: int) -> scoping.Decision:
    """Allowed when ``kind`` is registered and ``actor`` may still record on
    the record; otherwise refused as a missing record."""
    found = kinds.get(kind)
    parent = found.reach(actor, record_id) if found is not None else None
    return scoping.Decision(True, f"own-draft:{kind}") if parent is not None else scoping.refuse(scoping.NOT_FOUND)


@service(AuditAction.DRAFT_KEEP)
def draft_save(
    *, actor: User, kind: str, record_id: int, part: int = 0, data: Mapping[str, Sequence[str]]
) -> FormDraft:
    """Keep what ``actor`` has typed in a form about a record they may record
    on (their own draft only; one per form)."""
    clean = {str(k): [str(v) for v in values] for k, values in data.items() if k != "csrfmiddlewaretoken"}
    if len(json.dumps(clean).encode()) > MAX_DRAFT_BYTES:
        raise DraftTooLargeError("This is too long to keep as a draft. Save it, or shorten it.")
    decision = decision_for(actor, kind, record_id)
    with writing(actor, decision=decision, subject_type="draft", subject_ids=[record_id]) as step:
        step.nothing_done()
        draft, _ = FormDraft.objects.select_for_update().update_or_create(
            owner=actor, kind=kind, record_id=record_id, part=part,
            defaults={"data": clean, "updated_at": timezone.now()},
        )  # fmt: skip
    return draft


@service(AuditAction.DRAFT_KEEP)
def draft_discard(*, actor: User, kind: str, record_id: int, part: int = 0) -> None:
    """Throw away ``actor``'s own draft of a form (nobody else's can be named:
    it is looked up by owner). Discarding one that is gone changes nothing."""
    with writing(actor, subject_type="draft", subject_ids=[record_id]) as step:
        step.nothing_done()
        FormDraft.objects.filter(owner=actor, kind=kind, record_id=record_id, part=part).delete()


def forget(owner: User, kind: str, record_id: int, part: int = 0) -> None:
    """Remove ``owner``'s draft of the form whose record was just saved. Called
    by the domain's service inside its writing() transaction, so the record
    and the end of its draft commit (or roll back) together."""
    FormDraft.objects.filter(owner=owner, kind=kind, record_id=record_id, part=part).delete()
