"""Review, redaction, approval and staged release of a subject access
request (tiaki.disclosure.models.subject_access).

- A reviewer marks what is withheld from the gathered items
  (``redaction_add``): a whole item or a passage, on a ground, with a reason
  the requester will read. Tiaki itself withholds every passage that would
  show who told us about a worry (``redactions_mark_automatic``: ground
  NOTIFIER, automatic, never removable).
- The reviewer prepares a stage (``stage_prepare``): the items it releases.
  Every redaction in them must carry a reason (REDACTION_NO_REASON).
- A second person approves it (``stage_approve``): never the one who
  prepared it nor the request's reviewer (APPROVE_OWN).
- It is released (``stage_release``) through the disclosure pipeline: the
  pack (tiaki.disclosure.subject_access.pack.build_pack) goes to the person
  past the disclosure guard, recorded with a document id, watermarked. A
  pack the guard stops (a notifier's name left in, another child's details)
  is not released: the stage is BLOCKED with the guard's findings.

Every refusal is audited with the request as the relationship
(``subject-access:<id>``) and the person as the subject.
"""

from __future__ import annotations

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import service, writing
from tiaki.access.scoping import NOT_FOUND, Decision, refuse
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import reasons
from tiaki.disclosure.artefacts import Artefact, Recipient
from tiaki.disclosure.models import Redaction, ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.selectors.subject_access.gather import (
    _request_for,
    _require_verified,
    collect,
    gather_item,
    relationship_of,
)
from tiaki.disclosure.services import pipeline
from tiaki.disclosure.subject_access.errors import SubjectAccessError
from tiaki.disclosure.subject_access.gathered import Gathered
from tiaki.disclosure.subject_access.pack import build_pack
from tiaki.people.models import PersonAddress
from tiaki.staff.models import User

__all__ = [
    "AUTOMATIC_REASON",
    "redaction_add",
    "redaction_remove",
    "redactions_mark_automatic",
    "stage_approve",
    "stage_prepare",
    "stage_release",
]

#: What the requester reads beside every notifier redaction.
AUTOMATIC_REASON = (
    "This would show who told us about a worry. The law protects people who tell us, so we never give out who they are."
)
#: A request being worked on (not decided, transferred or withdrawn).
_OPEN = frozenset({SubjectAccessRequest.Status.RECEIVED, SubjectAccessRequest.Status.IN_REVIEW})


def _invalid(
    actor: User,
    request: SubjectAccessRequest,
    action: AuditAction,
    message: str,
    field: str,
    code: str = reasons.SUBJECT_ACCESS_INVALID,
    items: list[str] | None = None,
) -> SubjectAccessError:
    """Audit the refused attempt (its own transaction, so it is kept) and return the error to raise."""
    refusal_record(
        actor,
        code,
        action=action,
        subject_type="person",
        subject_ids=[request.person_id],
        relationship=relationship_of(request.pk),
    )
    return SubjectAccessError(message, field, code=code, items=items)


def _require_open(actor: User, request: SubjectAccessRequest, action: AuditAction) -> None:
    if request.status not in _OPEN:
        raise _invalid(
            actor,
            request,
            action,
            f"{request.reference} is {request.get_status_display().lower()}: nothing more can be "
            "withheld, prepared or released on it.",
            "request",
        )


def _stage_for(actor: User, stage_id: int, action: AuditAction) -> tuple[ReleaseStage, Decision]:
    stage = ReleaseStage.objects.select_related("request").filter(pk=stage_id).first()
    if stage is None:
        enforce(actor, refuse(NOT_FOUND), action=action, subject_type="person", subject_ids=[])
        raise AssertionError("enforce raises")  # pragma: no cover
    decision = request_decision(actor, stage.request.person_id, relationship_of(stage.request_id))
    enforce(actor, decision, action=action, subject_type="person", subject_ids=[stage.request.person_id])
    return stage, decision


def _missing_reasons(request_id: int, item_keys: list[str], gathered: Gathered) -> list[str]:
    """The items (their source and title) with a redaction that gives the
    requester no reason and that the stage's pack would apply: one on an
    item in the stage, or a passage withheld elsewhere that appears in one
    of the stage's items (the pack withholds a passage wherever it shows it)."""
    held = gathered.by_key()
    in_stage = set(item_keys)
    texts = [
        text
        for key in item_keys
        if key in held
        for text in (held[key].title, held[key].text, *(v.text for v in held[key].versions))
    ]
    keys = sorted(
        {
            key
            for key, passage, reason in Redaction.objects.filter(request_id=request_id).values_list(
                "item_key", "passage", "reason"
            )
            if not (reason or "").strip() and (key in in_stage or (passage and any(passage in text for text in texts)))
        }
    )
    return [f"{held[k].source}: {held[k].title}" if k in held else k for k in keys]


def _no_reason_error(
    actor: User, request: SubjectAccessRequest, action: AuditAction, items: list[str]
) -> SubjectAccessError:
    return _invalid(
        actor,
        request,
        action,
        "Every redaction needs a reason the requester will read. Give a reason for what is withheld from: "
        + "; ".join(items)
        + ".",
        "redactions",
        code=reasons.REDACTION_NO_REASON,
        items=items,
    )


def _mark_automatic(actor: User, request: SubjectAccessRequest, gathered: Gathered) -> list[Redaction]:
    """Inside the caller's writing(): a NOTIFIER redaction for every notifier passage not yet withheld."""
    done = set(Redaction.objects.filter(request=request, automatic=True).values_list("item_key", "passage"))
    now = timezone.now()
    new = [
        Redaction(
            request=request,
            item_key=item.key,
            passage=passage,
            ground=Redaction.Ground.NOTIFIER,
            reason=AUTOMATIC_REASON,
            automatic=True,
            made_by=None,
            made_at=now,
        )
        for item in gathered.items
        for passage in dict.fromkeys(item.notifier_passages)
        if (item.key, passage) not in done
    ]
    return Redaction.objects.bulk_create(new)


@service(AuditAction.SUBJECT_ACCESS_REDACT, permission=Permission.SUBJECT_ACCESS_MANAGE)
def redactions_mark_automatic(*, actor: User, request_id: int) -> list[Redaction]:
    """Withhold every passage that would show who told us about a worry
    (the workspace's "Start review", and every stage's preparation).
    Idempotent: a passage already withheld is not withheld twice."""
    action = AuditAction.SUBJECT_ACCESS_REDACT
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    gathered = collect(request.person_id, request_id=request.pk)
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]) as step:
        made = _mark_automatic(actor, request, gathered)
        if not made:
            step.nothing_done()
        return made


@service(AuditAction.SUBJECT_ACCESS_REDACT, permission=Permission.SUBJECT_ACCESS_MANAGE)
def redaction_add(*, actor: User, request_id: int, item_key: str, passage: str, ground: str, reason: str) -> Redaction:
    """Withhold ``passage`` (every occurrence; empty: the whole item) of a
    gathered item, on ``ground``, with ``reason`` in words the requester
    reads. A redaction without a reason may be marked while reviewing, but
    no stage with it can be prepared, approved or released."""
    action = AuditAction.SUBJECT_ACCESS_REDACT
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    _require_open(actor, request, action)
    passage = (passage or "").strip()
    reason = (reason or "").strip()
    if ground not in Redaction.Ground.values:
        raise _invalid(actor, request, action, "Choose why it is withheld.", "ground")
    item = gather_item(request.person_id, item_key or "")
    if item is None:
        raise _invalid(actor, request, action, f"That is not something gathered for {request.reference}.", "item_key")
    texts = [item.text, *(v.text for v in item.versions), *(v.title for v in item.versions), item.title]
    if passage and not any(passage in text for text in texts):
        raise _invalid(
            actor,
            request,
            action,
            "Those words are not in this item: copy the passage exactly as it appears, or leave it "
            "empty to withhold the whole item.",
            "passage",
        )
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        return Redaction.objects.create(
            request=request,
            item_key=item.key,
            passage=passage,
            ground=ground,
            reason=reason,
            automatic=False,
            made_by=actor,
            made_at=timezone.now(),
        )


@service(AuditAction.SUBJECT_ACCESS_REDACT, permission=Permission.SUBJECT_ACCESS_MANAGE)
def redaction_remove(*, actor: User, redaction_id: int) -> None:
    """Release again what a reviewer withheld. Tiaki's own (a notifier's
    identity) cannot be removed; nor one in a stage already released."""
    action = AuditAction.SUBJECT_ACCESS_REDACT
    redaction = Redaction.objects.select_related("request").filter(pk=redaction_id).first()
    if redaction is None:
        enforce(actor, refuse(NOT_FOUND), action=action, subject_type="person", subject_ids=[])
        raise AssertionError("enforce raises")  # pragma: no cover
    request, decision = _request_for(actor, redaction.request_id, action)
    if redaction.automatic:
        raise _invalid(
            actor,
            request,
            action,
            "Tiaki withholds who told us about a worry itself: this cannot be removed.",
            "redaction",
        )
    released = ReleaseStage.objects.filter(request=request, status=ReleaseStage.Status.RELEASED).values_list(
        "item_keys", flat=True
    )
    if any(redaction.item_key in keys for keys in released):
        raise _invalid(
            actor,
            request,
            action,
            "That item has already been released with this withheld: it cannot be changed now.",
            "redaction",
        )
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        Redaction.objects.filter(pk=redaction.pk, automatic=False).delete()


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def stage_prepare(*, actor: User, request_id: int, title: str, item_keys: list[str]) -> ReleaseStage:
    """Put gathered items in a new stage of the release, for a second person
    to approve. Only the request's reviewer prepares; every redaction in the
    items must have a reason (else nothing is prepared: REDACTION_NO_REASON,
    naming the items)."""
    action = AuditAction.SUBJECT_ACCESS_UPDATE
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    _require_open(actor, request, action)
    if request.reviewer_id != actor.pk:
        raise _invalid(
            actor, request, action, f"Only the reviewer of {request.reference} prepares its release.", "reviewer"
        )
    keys = list(dict.fromkeys(k for k in (item_keys or []) if k))
    if not keys:
        raise _invalid(actor, request, action, "Choose at least one item to release in this stage.", "item_keys")
    gathered = collect(request.person_id, request_id=request.pk)
    held = gathered.by_key()
    unknown = [k for k in keys if k not in held]
    if unknown:
        raise _invalid(
            actor,
            request,
            action,
            f"These are not gathered for {request.reference}: {', '.join(unknown)}.",
            "item_keys",
            items=unknown,
        )
    missing = _missing_reasons(request.pk, keys, gathered)
    if missing:
        raise _no_reason_error(actor, request, action, missing)
    title = (title or "").strip()[:200]
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]) as step:
        locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        if _mark_automatic(actor, locked, gathered):
            step.also(
                AuditAction.SUBJECT_ACCESS_REDACT,
                subject_type="person",
                subject_ids=[request.person_id],
                relationship=relationship_of(request.pk),
            )
        number = (
            ReleaseStage.objects.filter(request=locked).order_by("-number").values_list("number", flat=True).first()
            or 0
        ) + 1
        ordered = [item.key for item in gathered.items if item.key in set(keys)]
        return ReleaseStage.objects.create(
            request=locked,
            number=number,
            title=title or f"Stage {number}",
            item_keys=ordered,
            prepared_by=actor,
            prepared_at=timezone.now(),
        )


@service(AuditAction.SUBJECT_ACCESS_APPROVE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def stage_approve(*, actor: User, stage_id: int) -> ReleaseStage:
    """A second person approves a prepared stage: never the one who
    prepared it nor the request's reviewer (APPROVE_OWN, audited)."""
    action = AuditAction.SUBJECT_ACCESS_APPROVE
    stage, decision = _stage_for(actor, stage_id, action)
    request = stage.request
    _require_open(actor, request, action)
    if actor.pk in {stage.prepared_by_id, request.reviewer_id}:
        raise _invalid(
            actor,
            request,
            action,
            "A second person approves a release: you reviewed or prepared this one, so ask another "
            "privacy officer to approve it.",
            "approver",
            code=reasons.APPROVE_OWN,
        )
    if stage.status != ReleaseStage.Status.PREPARED or stage.approved_by_id is not None:
        raise _invalid(actor, request, action, f"Stage {stage.number} is not waiting for approval.", "stage")
    missing = _missing_reasons(request.pk, list(stage.item_keys), collect(request.person_id, request_id=request.pk))
    if missing:
        raise _no_reason_error(actor, request, action, missing)
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        updated = ReleaseStage.objects.filter(
            pk=stage.pk, status=ReleaseStage.Status.PREPARED, approved_by__isnull=True
        ).update(approved_by=actor, approved_at=timezone.now())
        if not updated:
            raise SubjectAccessError(f"Stage {stage.number} was approved by someone else just now.", "stage")
    stage.refresh_from_db()
    return stage


def _postal_address(person_id: int) -> str:
    lived = (
        PersonAddress.objects.filter(person_id=person_id, valid_to__isnull=True)
        .select_related("address")
        .order_by("-valid_from", "-pk")
        .first()
    )
    if lived is None:
        return ""
    address = lived.address
    city = " ".join(part for part in (address.city, address.postcode) if part)
    return "\n".join(part for part in (address.street, address.suburb, city) if part)


def stage_artefact(stage: ReleaseStage, sender: User) -> tuple[Artefact, Recipient, Gathered]:
    """The pack of ``stage`` as it would leave, and to whom (the preview, the release and the bench)."""
    request = stage.request
    gathered = collect(request.person_id, request_id=request.pk)
    # Every redaction of the request: a passage withheld on one item is withheld wherever the pack shows it
    # (the pack page's preview, tiaki.disclosure.selectors.subject_access.pack, reads the same).
    redactions = list(Redaction.objects.filter(request=request).order_by("made_at", "pk"))
    artefact = build_pack(
        gathered=gathered,
        redactions=redactions,
        stage=stage,
        request=request,
        sender_name=sender.get_full_name() or sender.username,
    )
    recipient = Recipient(
        kind="person",
        label=gathered.person_name or request.reference,
        person_id=request.person_id,
        address_lines=_postal_address(request.person_id),
    )
    return artefact, recipient, gathered


@service(AuditAction.SUBJECT_ACCESS_RELEASE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def stage_release(*, actor: User, stage_id: int, channel: str) -> pipeline.Released:
    """Release an approved stage to the person through the disclosure
    pipeline. The guard stopping it (DisclosureBlocked, re-raised) leaves
    the stage BLOCKED with the near miss: nothing released. Called outside
    any transaction (the pipeline's near miss must be committed)."""
    action = AuditAction.SUBJECT_ACCESS_RELEASE
    stage, decision = _stage_for(actor, stage_id, action)
    request = stage.request
    _require_verified(actor, request, action)
    _require_open(actor, request, action)
    if stage.status == ReleaseStage.Status.RELEASED:
        raise _invalid(actor, request, action, f"Stage {stage.number} has already been released.", "stage")
    if stage.status == ReleaseStage.Status.BLOCKED:
        raise _invalid(
            actor,
            request,
            action,
            f"The disclosure guard stopped stage {stage.number}: withhold what it found and prepare a new stage.",
            "stage",
        )
    if stage.approved_by_id is None:
        raise _invalid(
            actor, request, action, f"Stage {stage.number} needs a second person's approval first.", "approver"
        )
    missing = _missing_reasons(request.pk, list(stage.item_keys), collect(request.person_id, request_id=request.pk))
    if missing:
        raise _no_reason_error(actor, request, action, missing)
    if channel not in {c.value for c in pipeline.FILE_CHANNELS}:
        raise _invalid(actor, request, action, "Choose how it goes to them: download, post or email.", "channel")
    artefact, recipient, _ = stage_artefact(stage, actor)
    purpose = f"Subject access request {request.reference}: stage {stage.number}"
    try:
        released = pipeline.release(
            actor=actor, artefact=artefact, recipient=recipient, purpose=purpose, channel=channel
        )
    except pipeline.DisclosureBlocked as blocked:
        with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]) as step:
            ReleaseStage.objects.filter(pk=stage.pk).update(
                status=ReleaseStage.Status.BLOCKED, disclosure=blocked.disclosure
            )
            step.nothing_done()
        refusal_record(
            actor,
            reasons.DISCLOSURE_BLOCKED,
            action=action,
            subject_type="person",
            subject_ids=[request.person_id],
            relationship=relationship_of(request.pk),
        )
        raise
    except pipeline.DisclosureError as error:
        raise _invalid(actor, request, action, error.message, error.field or "channel") from None
    with writing(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]) as step:
        ReleaseStage.objects.filter(pk=stage.pk).update(
            status=ReleaseStage.Status.RELEASED, released_at=timezone.now(), disclosure=released.disclosure
        )
        step.relationship = f"{relationship_of(request.pk)}:{released.disclosure.document_id}"
    return released
