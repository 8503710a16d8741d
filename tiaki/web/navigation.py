"""The top bar's entries: each role's main jobs, one table for every page.

An entry is offered to a user whose role holds all of its ``needs`` and
none of its ``unless`` (tiaki.access.role_permissions): so the contact
centre, who records reports but holds no cases, gets "Record a report",
and a social worker, who may record one too, gets "My cases" first. Links
are named by URL name (namespace ``web``); the pages still decide, and
audit, everything themselves. ``current`` also names the pages beneath an
entry (a case under "My cases"), marked aria-current="true"; the entry's
own page is aria-current="page" (GOV.UK service navigation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tiaki.access import Permission, has_permission
from tiaki.staff.models import User

P = Permission


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    needs: tuple[Permission, ...]
    unless: tuple[Permission, ...] = ()
    #: Pages beneath this entry (URL names), marked as within it.
    current: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    #: "page" on the entry's own page, "true" beneath it, "" elsewhere.
    current: str


#: In the order shown, after Home. Each role's main jobs: contact centre,
#: Record a report and Find a person; social worker and trainee, My cases
#: and Find a person; supervisor and site manager, the Queue, their team's
#: Cases and the Dashboard; privacy officer, Audit, Break-glass reviews and
#: Sealed records, Subject access and Access alerts; privacy officer and site manager, the partner register
#: (Partners); administrator, Users, Policy and Jobs; analyst, the Dashboard;
#: partner worker, Make a referral.
NAV: tuple[NavEntry, ...] = (
    NavEntry("Record a report", "intake-new", (P.REPORT_CREATE, P.PERSON_SEARCH), unless=(P.CASE_READ,),
             current=("intake-draft",)),
    NavEntry("Queue", "intake-queue", (P.REPORT_ALLOCATE,), current=("intake-allocate",)),
    NavEntry("My cases", "case-list", (P.CASE_READ,), unless=(P.REPORT_ALLOCATE,), current=("case-detail",)),
    NavEntry("Team cases", "case-list", (P.CASE_READ, P.REPORT_ALLOCATE), current=("case-detail",)),
    NavEntry("Find a person", "person-search", (P.PERSON_SEARCH,), current=("person-search-result",)),
    NavEntry("Caregivers", "caregiver-list", (P.CAREGIVER_READ,), current=("caregiver-create", "caregiver-detail")),
    NavEntry("Dashboard", "intake-dashboard", (P.DASHBOARD_VIEW,)),
    NavEntry("Blocked disclosures", "disclosure-blocked", (P.DISCLOSURE_OVERRIDE,), current=("disclosure-decide",)),
    NavEntry("Audit", "privacy-audit", (P.AUDIT_READ,)),
    NavEntry("Break-glass reviews", "privacy-breakglass", (P.BREAKGLASS_REVIEW,), unless=(P.CASE_READ,),
             current=("privacy-breakglass-review",)),
    NavEntry("Sealed records", "privacy-sealed", (P.SEALED_MANAGE,)),
    NavEntry("Subject access", "subject-access", (P.SUBJECT_ACCESS_MANAGE,),
             current=("subject-access-new", "subject-access-detail", "correction-new", "correction-detail")),
    NavEntry("Privacy register", "privacy-register", (P.PRIVACY_INCIDENT_MANAGE,), current=("privacy-incident",)),
    NavEntry("Near misses", "disclosure-near-misses", (P.DISCLOSURE_READ,)),
    NavEntry("Access alerts", "privacy-alerts", (P.ACCESS_ALERT_TRIAGE,),
             current=("privacy-alert", "privacy-monitoring-rules", "privacy-watched")),
    NavEntry("Partners", "partner-list", (P.PARTNER_MANAGE,),
             current=("partner-create", "partner-detail", "partner-edit", "partner-disposal-add")),
    NavEntry("Users", "admin-users", (P.USER_MANAGE,), current=("admin-user", "admin-user-tokens")),
    NavEntry("Policy", "admin-policy", (P.POLICY_MANAGE,)),
    NavEntry("Jobs", "admin-jobs", (P.JOBS_VIEW,)),
    NavEntry("Make a referral", "intake-referral", (P.API_USE, P.REPORT_CREATE), current=("intake-referral-sent",)),
)  # fmt: skip

HOME = NavEntry("Home", "home", (P.HOME_VIEW,))


def entries_for(user: User) -> list[NavEntry]:
    """The entries ``user``'s role is offered (Home first, for everyone signed in)."""
    return [HOME] + [
        entry
        for entry in NAV
        if all(has_permission(user, p) for p in entry.needs) and not any(has_permission(user, p) for p in entry.unless)
    ]


def links_for(user: User, url_name: str | None) -> list[NavLink]:
    """The top bar for ``user`` on the page named ``url_name``."""
    links = []
    for entry in entries_for(user):
        if url_name == entry.url_name:
            current = "page"
        elif url_name in entry.current:
            current = "true"
        else:
            current = ""
        links.append(NavLink(entry.label, reverse(f"web:{entry.url_name}"), current))
    return links
