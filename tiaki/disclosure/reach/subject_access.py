"""Who may handle a subject access or correction request
(tiaki.disclosure.services.subject_access, .corrections and
selectors.subject_access).

Requests are the privacy office's work (``subject_access:manage``, after
privacy induction): a privacy officer reaches the requester's information
through the request itself, not through casework (they are allocated to
no case), and the audit trail names the request as the relationship
(``subject-access:<id>``, ``correction:<id>``), so "who has seen this
record" says why they looked. A requester whose record is sealed from the
officer (their own whānau, their own record) is out of their reach like
any sealed record: another officer, or one with a sealed grant, handles it.
"""

from __future__ import annotations

from tiaki.access import Permission, scoping
from tiaki.access.sealed import hidden_person_ids
from tiaki.staff.models import User


def request_decision(actor: User, person_id: int, relationship: str) -> scoping.Decision:
    """Whether ``actor`` may work on a request about ``person_id``;
    ``relationship`` is what the audit trail records ("subject-access:12")."""
    refused = scoping.gate(actor, Permission.SUBJECT_ACCESS_MANAGE)
    if refused is not None:
        return refused
    if hidden_person_ids(actor, [person_id]):
        return scoping.refuse(scoping.SEALED)
    # The whole record is the request's subject: SENSITIVE items are reviewed, then withheld or released.
    return scoping.Decision(True, relationship, may_see_sensitive=True)


def register_decision(actor: User) -> scoping.Decision:
    """Listing the register of requests (the list then hides sealed requesters)."""
    return scoping.list_decision(actor, Permission.SUBJECT_ACCESS_MANAGE)
