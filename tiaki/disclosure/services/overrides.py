"""A second person's decision on an artefact the disclosure guard blocked.

approve_override lets a blocked attempt through, once, for exactly the
content that was checked: the pipeline (tiaki.disclosure.services.pipeline
release(override_of=...)) releases it when the sender sends it again
unchanged to the same recipient. Rules: a leader with disclosure:override
who can reach the case (tiaki.casework.reach.case_decision, or a subject for
an artefact without a case; anyone else gets a 404); never the sender
(reasons.OVERRIDE_OWN, audited); never an attempt with a finding nobody may
override, such as a sealed record (reasons.OVERRIDE_NOT_ALLOWED, audited);
always with a reason a reader can follow."""

from __future__ import annotations

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.enforcement import refusal_record
from tiaki.access.ids import record_id
from tiaki.access.paths import service, writing
from tiaki.access.scoping import NOT_FOUND, refuse
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure
from tiaki.disclosure.selectors.overrides import reach_decision
from tiaki.staff.models import User

#: An override reason shorter than this says nothing a privacy officer could review.
MIN_REASON = 20
MAX_REASON = 2_000


class OverrideError(ValueError):
    """The override cannot be made as asked; ``field`` names the input at
    fault and ``reason`` is the refusal code when it was refused (audited).
    Nothing was saved."""

    def __init__(self, message: str, field: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise OverrideError("Enter why this may go out although the guard stopped it.", "reason")
    if len(text) < MIN_REASON:
        raise OverrideError(
            f"Say more about why this may go out (at least {MIN_REASON} characters): a privacy officer reviews "
            "every override.",
            "reason",
        )
    if len(text) > MAX_REASON:
        raise OverrideError(f"Keep the reason under {MAX_REASON:,} characters.", "reason")
    return text


@service(AuditAction.DISCLOSURE_OVERRIDE, permission=Permission.DISCLOSURE_OVERRIDE)
def approve_override(*, actor: User, disclosure_id: int, reason: str) -> Disclosure:
    """A second leader lets a blocked attempt go out, with a reason; never
    the person who was blocked, never past a finding nobody may override."""
    pk = record_id(disclosure_id)
    found = Disclosure.objects.filter(pk=pk, outcome=Disclosure.Outcome.BLOCKED).first()
    subject_ids = list(found.subjects.values_list("person_id", flat=True)) if found else []
    decision = reach_decision(actor, found.case_id, subject_ids) if found else refuse(NOT_FOUND)
    # Who asks is refused before what they typed is looked at, and audited in
    # its own transaction so the refusal is kept when the error is raised.
    if found is not None and decision.allowed:
        refusal = ""
        if found.sender_id == actor.pk:
            refusal = reasons.OVERRIDE_OWN
            message = "You made this attempt: another leader with the permission must decide it."
        elif found.findings.filter(overridable=False).exists():
            refusal = reasons.OVERRIDE_NOT_ALLOWED
            message = (
                "Nobody may override what the guard found here (a record sealed from the recipient, or a rule "
                "that allows no override): the sender must change the artefact or its recipient."
            )
        if refusal:
            refusal_record(actor, refusal, action=AuditAction.DISCLOSURE_OVERRIDE, subject_type="disclosure",
                           subject_ids=[pk], relationship=f"disclosure:{pk}")  # fmt: skip
            raise OverrideError(message, "", refusal)
        text = _reason(reason)
    else:
        text = ""
    with writing(actor, decision=decision, subject_type="disclosure", subject_ids=[pk],
                 relationship=f"disclosure:{pk}:override") as step:  # fmt: skip
        disclosure = Disclosure.objects.select_for_update().get(pk=pk)
        if disclosure.override_by_id is not None:
            raise OverrideError("This attempt has already been decided.", "")
        disclosure.override_by = actor
        disclosure.override_reason = text
        disclosure.override_at = timezone.now()
        disclosure.save(update_fields=["override_by", "override_reason", "override_at"])
        step.also(AuditAction.DISCLOSURE_OVERRIDE, subject_type="person", subject_ids=subject_ids,
                  relationship=f"disclosure:{pk}:override")  # fmt: skip
    return disclosure
