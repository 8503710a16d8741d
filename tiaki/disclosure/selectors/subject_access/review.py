"""Reading a request's review: the workspace (everything gathered, grouped
by domain, with the redactions marked on each item and the stages so far)
and one stage (its items, redactions and reasons, who prepared and approved
it, and the guard's findings when it was stopped).

The workspace is a gathering (audited SUBJECT_ACCESS_GATHER, once); a
stage is a read of the request (SUBJECT_ACCESS_READ). Both refuse before
the requester's identity is verified (IDENTITY_NOT_VERIFIED)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tiaki.access import Permission
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import GuardFinding, Redaction, ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.selectors.subject_access.gather import (
    DOMAINS,
    _request_for,
    _require_verified,
    collect,
)
from tiaki.disclosure.subject_access.gathered import Gathered, GatheredItem
from tiaki.staff.models import User

__all__ = ["ItemView", "RedactionView", "Review", "StageView", "review_get", "stage_get", "stages_for"]


@dataclass(frozen=True)
class RedactionView:
    id: int
    item_key: str
    passage: str
    ground: str
    ground_label: str
    reason: str
    automatic: bool
    made_by: str
    made_at: dt.datetime
    #: The item's source and title, as the workspace lists it.
    item_label: str = ""

    @property
    def has_reason(self) -> bool:
        return bool(self.reason.strip())


@dataclass
class ItemView:
    item: GatheredItem
    redactions: list[RedactionView] = field(default_factory=list)
    #: The stages it is in (their numbers).
    stages: list[int] = field(default_factory=list)

    @property
    def withheld_whole(self) -> bool:
        return any(not r.passage for r in self.redactions)


@dataclass
class StageSummary:
    id: int
    number: int
    title: str
    status: str
    status_label: str
    items: int
    prepared_by: str
    approved_by: str
    released_at: dt.datetime | None


@dataclass
class Review:
    request: SubjectAccessRequest
    gathered: Gathered
    #: (domain's plain name, its items in date order), in the workspace's order.
    groups: list[tuple[str, list[ItemView]]]
    redactions: list[RedactionView]
    stages: list[StageSummary]
    #: The actor is the request's reviewer: they mark redactions and prepare stages.
    may_review: bool
    #: Tiaki has not yet withheld the notifiers it found (the "Start review" button).
    automatic_pending: bool

    @property
    def missing_reasons(self) -> list[RedactionView]:
        return [r for r in self.redactions if not r.has_reason]


@dataclass
class StageView:
    stage: ReleaseStage
    request: SubjectAccessRequest
    person_name: str
    items: list[ItemView]
    redactions: list[RedactionView]
    prepared_by: str
    approved_by: str
    findings: list[GuardFinding]
    may_approve: bool
    may_release: bool
    #: Why the actor may not approve it (shown instead of the button).
    approve_note: str = ""


def _name(user: User | None) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


def _redaction_views(
    request_id: int, keys: list[str] | None = None, gathered: Gathered | None = None
) -> list[RedactionView]:
    held = gathered.by_key() if gathered is not None else {}
    rows = Redaction.objects.filter(request_id=request_id).select_related("made_by").order_by("pk")
    if keys is not None:
        rows = rows.filter(item_key__in=keys)
    return [
        RedactionView(id=r.pk, item_key=r.item_key, passage=r.passage, ground=r.ground,
                      ground_label=str(Redaction.Ground(r.ground).label), reason=r.reason, automatic=r.automatic,
                      made_by="Tiaki" if r.automatic else _name(r.made_by), made_at=r.made_at,
                      item_label=f"{held[r.item_key].source}: {held[r.item_key].title}" if r.item_key in held else "")
        for r in rows
    ]  # fmt: skip


def _summaries(request: SubjectAccessRequest) -> list[StageSummary]:
    return [
        StageSummary(id=s.pk, number=s.number, title=s.title, status=s.status, status_label=s.get_status_display(),
                     items=len(s.item_keys), prepared_by=_name(s.prepared_by), approved_by=_name(s.approved_by),
                     released_at=s.released_at)
        for s in ReleaseStage.objects.filter(request=request).select_related("prepared_by", "approved_by")
        .order_by("number")
    ]  # fmt: skip


@selector(AuditAction.SUBJECT_ACCESS_GATHER, permission=Permission.SUBJECT_ACCESS_MANAGE)
def review_get(*, actor: User, request_id: int) -> Review:
    """The review workspace of a request (one gathering, audited once)."""
    action = AuditAction.SUBJECT_ACCESS_GATHER
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        gathered = collect(request.person_id, request_id=request.pk)
        redactions = _redaction_views(request.pk, gathered=gathered)
        stages = list(
            ReleaseStage.objects.filter(request=request).order_by("number").values_list("number", "item_keys")
        )
        summaries = _summaries(request)
    by_item: dict[str, list[RedactionView]] = {}
    for r in redactions:
        by_item.setdefault(r.item_key, []).append(r)
    in_stage: dict[str, list[int]] = {}
    for number, keys in stages:
        for key in keys:
            in_stage.setdefault(key, []).append(number)
    withheld = {(r.item_key, r.passage) for r in redactions if r.automatic}
    groups: list[tuple[str, list[ItemView]]] = []
    for domain, words in DOMAINS.items():
        views = [ItemView(item=i, redactions=by_item.get(i.key, []), stages=in_stage.get(i.key, []))
                 for i in gathered.items if i.domain == domain]  # fmt: skip
        if views:
            groups.append((words, views))
    pending = any((i.key, p) not in withheld for i in gathered.items for p in i.notifier_passages)
    return Review(request=request, gathered=gathered, groups=groups, redactions=redactions, stages=summaries,
                  may_review=request.reviewer_id == actor.pk, automatic_pending=pending)  # fmt: skip


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def stages_for(*, actor: User, request_id: int) -> tuple[list[StageSummary], list[RedactionView]]:
    """A request's stages and redactions (the API's lists), without gathering."""
    action = AuditAction.SUBJECT_ACCESS_READ
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        return _summaries(request), _redaction_views(request.pk)


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def stage_get(*, actor: User, request_id: int, number: int) -> StageView:
    """One stage of a request (its number in the request): what the approver checks before approving."""
    action = AuditAction.SUBJECT_ACCESS_READ
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    stage = (
        ReleaseStage.objects.select_related("prepared_by", "approved_by", "disclosure")
        .filter(request=request, number=number)
        .first()
    )
    if stage is None:
        from tiaki.access.enforcement import enforce
        from tiaki.access.scoping import NOT_FOUND, refuse

        enforce(actor, refuse(NOT_FOUND), action=action, subject_type="person", subject_ids=[request.person_id])
        raise AssertionError("enforce raises")  # pragma: no cover
    with reading(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        gathered = collect(request.person_id, request_id=request.pk)
        keys = list(stage.item_keys)
        redactions = _redaction_views(request.pk, keys, gathered=gathered)
        findings = (
            list(GuardFinding.objects.filter(disclosure_id=stage.disclosure_id).order_by("pk"))
            if stage.status == ReleaseStage.Status.BLOCKED and stage.disclosure_id
            else []
        )
    held = gathered.by_key()
    by_item: dict[str, list[RedactionView]] = {}
    for r in redactions:
        by_item.setdefault(r.item_key, []).append(r)
    items = [ItemView(item=held[k], redactions=by_item.get(k, [])) for k in keys if k in held]
    own = actor.pk in {stage.prepared_by_id, request.reviewer_id}
    waiting = stage.status == ReleaseStage.Status.PREPARED
    note = ""
    if waiting and stage.approved_by_id is None and own:
        note = "A second person approves a release: ask another privacy officer to check and approve this stage."
    return StageView(
        stage=stage, request=request, person_name=gathered.person_name, items=items, redactions=redactions,
        prepared_by=_name(stage.prepared_by), approved_by=_name(stage.approved_by), findings=findings,
        may_approve=waiting and stage.approved_by_id is None and not own,
        may_release=waiting and stage.approved_by_id is not None, approve_note=note,
    )  # fmt: skip
