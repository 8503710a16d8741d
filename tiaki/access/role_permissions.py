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
        P.CARE_READ, P.CARE_RECORD, P.CAREGIVER_READ, P.CAREGIVER_MANAGE, P.PLACEMENT_SEARCH,
        P.DISCLOSURE_MAKE, P.SHARE_CREATE, P.PARTNER_READ, P.PRIVACY_CONCERN_REPORT,
    }
)  # fmt: skip
# Supervisors and site managers also approve triage decisions and case
# closures, allocate work and watch timeliness.
# They approve a caregiver's assessment (never their own) and a placement
# with a caregiver who is not yet approved, and may let an artefact the
# disclosure guard blocked go out (never one they sent themselves).
_LEADERS = frozenset(
    {
        P.REPORT_ALLOCATE, P.REPORT_APPROVE, P.DASHBOARD_VIEW, P.CASE_APPROVE, P.CAREGIVER_APPROVE,
        P.PLACEMENT_APPROVE, P.DISCLOSURE_OVERRIDE,
    }
)  # fmt: skip

ROLE_PERMISSIONS: dict[Role, frozenset[P]] = {
    # Any staff member reports a privacy concern (a breach or near miss) from any page.
    Role.ADMINISTRATOR: frozenset({P.HOME_VIEW, P.USER_MANAGE, P.POLICY_MANAGE, P.JOBS_VIEW, P.PRIVACY_CONCERN_REPORT}),
    Role.ANALYST: frozenset({P.HOME_VIEW, P.DASHBOARD_VIEW, P.PRIVACY_CONCERN_REPORT}),
    Role.CAREGIVER: frozenset({P.HOME_VIEW, P.SHARE_READ}),
    Role.CONTACT_CENTRE: frozenset(
        {
            P.HOME_VIEW,
            P.PERSON_CREATE,
            P.PERSON_READ,
            P.PERSON_SEARCH,
            P.REPORT_CREATE,
            P.REPORT_READ,
            P.PRIVACY_CONCERN_REPORT,
        }
    ),
    Role.PARTNER_WORKER: frozenset({P.HOME_VIEW, P.API_USE, P.REPORT_CREATE, P.SHARE_READ}),
    Role.PRIVACY_OFFICER: frozenset(
        {
            P.HOME_VIEW,
            P.AUDIT_READ,
            P.BREAKGLASS_REVIEW,
            P.SEALED_MANAGE,
            P.DISCLOSURE_READ,
            P.PARTNER_READ,
            P.PARTNER_MANAGE,
            P.LETTER_TEMPLATE_MANAGE,
            # A subject access pack leaves through the disclosure pipeline (tiaki.disclosure.services.pipeline).
            P.DISCLOSURE_MAKE,
            P.SUBJECT_ACCESS_MANAGE,
            # The privacy office: the breach and near-miss register, access monitoring, the quarterly report.
            P.PRIVACY_CONCERN_REPORT,
            P.PRIVACY_INCIDENT_MANAGE,
            P.ACCESS_ALERT_TRIAGE,
            P.MONITORING_POLICY_MANAGE,
            P.PRIVACY_REPORT_MAKE,
        }
    ),
    Role.SITE_MANAGER: _CASEWORK
    | _LEADERS
    | {P.PERSON_SENSITIVE_READ, P.BREAKGLASS_REVIEW, P.PERSON_MERGE, P.PARTNER_MANAGE, P.LETTER_TEMPLATE_MANAGE},
    Role.SOCIAL_WORKER: _CASEWORK | {P.PERSON_SENSITIVE_READ, P.PERSON_MERGE},
    Role.SUPERVISOR: _CASEWORK | _LEADERS | {P.PERSON_SENSITIVE_READ, P.PERSON_MERGE},
    # Trainees read a caregiver household's summary through a child placed
    # there that they work with (never its address: no person_sensitive:read).
    Role.TRAINEE: frozenset(
        {
            P.HOME_VIEW,
            P.PERSON_READ,
            P.PERSON_SEARCH,
            P.CASE_READ,
            P.CARE_READ,
            P.CAREGIVER_READ,
            P.PRIVACY_CONCERN_REPORT,
        }
    ),
    Role.WHANAU: frozenset({P.HOME_VIEW}),
    Role.YOUNG_PERSON: frozenset({P.HOME_VIEW}),
}


def permissions_for(role: str) -> frozenset[P]:
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()
