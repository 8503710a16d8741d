"""The case team's write path, which every casework service that records on
a case goes through (tiaki.access.paths.writing, narrowed to one case), and
what those services share: the children on the case and the typed text they
accept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tiaki.access import scoping, sealed
from tiaki.access.paths import Step, writing
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import Case, CaseParticipant
from tiaki.casework.reach import case_decision
from tiaki.casework.services.errors import CaseworkError
from tiaki.staff.models import User

CLOSED = "This case is closed: nothing more can be recorded on it."


def write_decision(actor: User, case_id: int) -> Decision:
    """Whether ``actor`` may record on the case (tiaki.casework.reach.case_decision), made
    before any transaction. A reader of a closed case is told it is closed
    (CaseworkError, not audited), not that it does not exist."""
    decision = case_decision(actor, case_id, write=True)
    if (
        not decision.allowed
        and decision.reason in scoping.HIDDEN
        # The read decision first, and for a missing case too: a refusal costs
        # the same statements whether the case is missing, out of reach or
        # closed (tiaki.access.scoping); only a reader learns it is closed.
        and case_decision(actor, case_id).allowed
        and Case.objects.filter(pk=case_id, status=Case.Status.CLOSED).exists()
    ):
        raise CaseworkError(CLOSED)
    return decision


@contextmanager
def case_for_write(
    actor: User, case_id: int, *, action: AuditAction | None = None, decision: Decision | None = None
) -> Iterator[tuple[Case, Step]]:
    """``with case_for_write(actor, case_id) as (case, step):`` the case
    team's write: decided (write_decision, unless the service already did)
    and enforced before the transaction, so a refusal's event is kept; then
    the transaction with the case row locked and checked open. When the body
    ends, the event it narrowed ``step`` to (subject, relationship) is
    recorded in that transaction. ``action`` defaults to the service's own."""
    decision = decision or write_decision(actor, case_id)
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id], relationship="",
                 action=action) as step:  # fmt: skip
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.status != Case.Status.OPEN:
            raise CaseworkError(CLOSED)
        yield case, step


def child_ids(case_id: int, *, shown_to: User | None = None) -> list[int]:
    """The case's children. With ``shown_to``, only those that writer may
    name: a child sealed from them (tiaki.access.sealed) is, as far as they
    can tell, not on the case, so naming her answers as for a child who is not."""
    ids = list(
        CaseParticipant.objects.filter(case_id=case_id, role=CaseParticipant.Role.CHILD)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    return ids if shown_to is None else sealed.shown_person_ids(shown_to, ids)


def entered_text(value: str, field: str, label: str, *, required: bool = True, limit: int = 20_000) -> str:
    """``value`` trimmed; CaseworkError naming ``field`` if it is missing but
    ``required``, or longer than ``limit``."""
    value = (value or "").strip()
    if required and not value:
        raise CaseworkError(f"Enter {label}.", field)
    if len(value) > limit:
        raise CaseworkError(f"Keep {label} under {limit:,} characters.", field)
    return value
