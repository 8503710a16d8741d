"""The pack page's read: a stage's pack as the requester will read it, for
the reviewer and the approver (the approver sees it before approving), and
for the portal to come. Audited as a read of the request
(SUBJECT_ACCESS_READ), its subject the person, the request the relationship."""

from __future__ import annotations

from dataclasses import dataclass

from tiaki.access import Permission
from tiaki.access.enforcement import enforce
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NOT_FOUND, refuse
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import Redaction, ReleaseStage
from tiaki.disclosure.selectors.subject_access.gather import _request_for, collect
from tiaki.disclosure.subject_access.pack import Pack, compose
from tiaki.staff.models import User

__all__ = ["PackPreview", "pack_preview"]


@dataclass(frozen=True)
class PackPreview:
    request_id: int
    reference: str
    stage_number: int
    stage_title: str
    stage_status: str
    pack: Pack


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def pack_preview(*, actor: User, request_id: int, number: int) -> PackPreview:
    """Stage ``number`` of the request as its pack, every redaction applied
    (404 for an unknown request or stage, or a requester sealed from the actor)."""
    action = AuditAction.SUBJECT_ACCESS_READ
    request, decision = _request_for(actor, request_id, action)
    stage = ReleaseStage.objects.filter(request=request, number=number).first()
    if stage is None:
        enforce(actor, refuse(NOT_FOUND), action=action, subject_type="person", subject_ids=[request.person_id])
        raise AssertionError("enforce raises")  # pragma: no cover
    with reading(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        gathered = collect(request.person_id, request_id=request.pk)
        redactions = list(Redaction.objects.filter(request=request).order_by("made_at", "pk"))
        pack = compose(gathered=gathered, redactions=redactions, stage=stage, request=request,
                       sender_name=actor.get_full_name() or actor.username)  # fmt: skip
    return PackPreview(request_id=request.pk, reference=request.reference, stage_number=stage.number,
                       stage_title=stage.title, stage_status=stage.get_status_display(), pack=pack)  # fmt: skip
