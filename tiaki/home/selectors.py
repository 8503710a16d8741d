"""Which panels a home page shows (tiaki.home.panels), answered once.

The panels link to pages that decide again, and audit, themselves; this
only says which to offer: what the actor's role holds, and whether their
privacy induction is recorded (no page about people is offered before it).
Nobody's record is read, so nothing is audited: every home page asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User


@dataclass(frozen=True)
class Home:
    """The panels (and links within them) that apply to one actor."""

    #: Their role reads people but their privacy induction is not recorded.
    induction_needed: bool
    #: Their role reads people but their yearly privacy refresher lapsed (access suspended).
    refresher_lapsed: bool
    #: The people allocated to them and those they supervise.
    people: bool
    #: Counts of their open cases and what is due.
    casework: bool
    #: Searching the register, and within it the possible duplicates.
    register: bool
    duplicates: bool
    #: Recording a report of concern.
    reports: bool
    #: The allocation queue.
    allocation: bool
    dashboard: bool
    breakglass: bool
    audit: bool
    breakglass_review: bool
    sealed: bool
    #: Accounts and intake policy.
    accounts: bool
    #: The privacy office's quarterly report, refreshers and providers pages.
    privacy_reports: bool = False


@selector(AuditAction.HOME_VIEW)
def home_for(*, actor: User) -> Home:
    """Which panels ``actor``'s home page offers."""
    with reading(actor) as step:
        # Links only, asked by every home page: nobody's record is read.
        step.nothing_done()
        why = scoping.induction_refusal(actor)
        inducted = not why

    def may(permission: Permission) -> bool:
        return has_permission(actor, permission)

    return Home(
        induction_needed=may(Permission.PERSON_READ) and why == scoping.INDUCTION_INCOMPLETE,
        refresher_lapsed=may(Permission.PERSON_READ) and why == scoping.REFRESHER_LAPSED,
        people=may(Permission.PERSON_READ) and inducted,
        casework=may(Permission.CASE_READ) and inducted,
        register=may(Permission.PERSON_SEARCH) and inducted,
        duplicates=may(Permission.PERSON_MERGE),
        reports=may(Permission.REPORT_CREATE) and inducted,
        allocation=may(Permission.REPORT_ALLOCATE) and inducted,
        dashboard=may(Permission.DASHBOARD_VIEW),
        breakglass=may(Permission.BREAKGLASS_USE),
        audit=may(Permission.AUDIT_READ),
        breakglass_review=may(Permission.BREAKGLASS_REVIEW),
        sealed=may(Permission.SEALED_MANAGE),
        accounts=may(Permission.USER_MANAGE),
        privacy_reports=may(Permission.PRIVACY_REPORT_MAKE),
    )
