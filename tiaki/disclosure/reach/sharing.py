"""Who may share about a child, and whose shares a caregiver or partner
worker reads (tiaki.disclosure.services.sharing, selectors.sharing).

Sharing is the work of the child's team: the allocated worker of an open
case the child is a child on, their supervision line and their site manager
(tiaki.casework.reach.case_decision with ``write``), as About me is
written. A reader of the child who is not on the team sees the shares but
may not make or withdraw one. A caregiver or partner worker reads through
their RecipientAccount only: no privacy induction (they are not staff),
and a share to anyone else is answered as no such share."""

from __future__ import annotations

from tiaki.access import Permission, scoping
from tiaki.casework.models import Case, CaseParticipant
from tiaki.casework.reach import case_decision
from tiaki.disclosure.models import RecipientAccount
from tiaki.staff.models import User


def share_write_decision(actor: User, child_id: int, *, read: scoping.Decision | None = None) -> scoping.Decision:
    """Whether ``actor`` may share about (or withdraw a share about) the
    child: they may read the child and are on the team of an open case the
    child is on. ``read``: the person decision already made."""
    refused = scoping.gate(actor, Permission.SHARE_CREATE)
    if refused is not None:
        return refused
    read = read or scoping.person_decision(actor, child_id)
    if not read.allowed:
        return read
    cases = CaseParticipant.objects.filter(
        person_id=child_id, role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
    ).order_by("case_id")
    for case_id in cases.values_list("case_id", flat=True):
        decision = case_decision(actor, case_id, write=True)
        if decision.allowed:
            return decision
    return scoping.refuse(scoping.NO_RELATIONSHIP)


def share_read_decision(actor: User, child_id: int) -> scoping.Decision:
    """Whether ``actor`` may see a child's shares (the worker's list): the
    role holds share:create and the child is within their reach."""
    refused = scoping.gate(actor, Permission.SHARE_CREATE)
    if refused is not None:
        return refused
    return scoping.person_decision(actor, child_id)


def recipient_gate(actor: User) -> scoping.Decision | None:
    """The checks before a caregiver or partner worker reads anything:
    signed in and holding share:read (no induction: they are not staff)."""
    return scoping.gate(actor, Permission.SHARE_READ, induction=False)


def account_of(actor: User) -> RecipientAccount | None:
    """The household or organisation the actor reads for, if linked."""
    return RecipientAccount.objects.filter(user_id=actor.pk).first()
