"""The role-to-permission table: the one place that says what each role may do.

Deny by default: a role not listed, or a permission not in its set, is refused.
Holding ``person:read`` is necessary but not sufficient: need-to-know scoping
(tiaki.access.scoping) decides which persons.
"""

from __future__ import annotations

from tiaki.access.permissions import Permission as P  # noqa: N817 - keeps the table readable
from tiaki.access.roles import Role

_CASEWORK = frozenset(
    {
        P.HOME_VIEW, P.PERSON_CREATE, P.PERSON_READ, P.PERSON_SEARCH, P.PERSON_UPDATE, P.BREAKGLASS_USE,
        P.REPORT_CREATE, P.REPORT_READ, P.REPORT_TRIAGE, P.CASE_CREATE, P.CASE_READ, P.CASE_UPDATE,
    }
)  # fmt: skip
# Supervisors and site managers also approve triage decisions and case
# closures, allocate work and watch timeliness.
_LEADERS = frozenset({P.REPORT_ALLOCATE, P.REPORT_APPROVE, P.DASHBOARD_VIEW, P.CASE_APPROVE})

ROLE_PERMISSIONS: dict[Role, frozenset[P]] = {
    Role.ADMINISTRATOR: frozenset({P.HOME_VIEW, P.USER_MANAGE, P.POLICY_MANAGE, P.JOBS_VIEW}),
    Role.ANALYST: frozenset({P.HOME_VIEW, P.DASHBOARD_VIEW}),
    Role.CAREGIVER: frozenset({P.HOME_VIEW}),
    Role.CONTACT_CENTRE: frozenset(
        {P.HOME_VIEW, P.PERSON_CREATE, P.PERSON_READ, P.PERSON_SEARCH, P.REPORT_CREATE, P.REPORT_READ}
    ),
    Role.PARTNER_WORKER: frozenset({P.HOME_VIEW, P.API_USE, P.REPORT_CREATE}),
    Role.PRIVACY_OFFICER: frozenset({P.HOME_VIEW, P.AUDIT_READ, P.BREAKGLASS_REVIEW, P.SEALED_MANAGE}),
    Role.SITE_MANAGER: _CASEWORK | _LEADERS | {P.PERSON_SENSITIVE_READ, P.BREAKGLASS_REVIEW, P.PERSON_MERGE},
    Role.SOCIAL_WORKER: _CASEWORK | {P.PERSON_SENSITIVE_READ, P.PERSON_MERGE},
    Role.SUPERVISOR: _CASEWORK | _LEADERS | {P.PERSON_SENSITIVE_READ, P.PERSON_MERGE},
    Role.TRAINEE: frozenset({P.HOME_VIEW, P.PERSON_READ, P.PERSON_SEARCH, P.CASE_READ}),
    Role.WHANAU: frozenset({P.HOME_VIEW}),
    Role.YOUNG_PERSON: frozenset({P.HOME_VIEW}),
}


def permissions_for(role: str) -> frozenset[P]:
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()
