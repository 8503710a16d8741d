"""What each role's home page offers: a short list of plain-language panels.

Each panel asks a domain's selector for the user's own work (their cases
and what is due on them, tiaki.home.work; their people; unread notices) and
links only to pages that exist; each later capability adds its own (a
panel is a tiaki.home.panel.Panel, shown by home/_panel.html). Which panels apply is asked of access once, through
tiaki.home.selectors.home_for. The web layer builds the links: a notice
names what it is about (tiaki.inbox.models.Notification.About),
tiaki.inbox.links.notice_url links it.
"""

from __future__ import annotations

from django.urls import reverse

from tiaki.access.roles import Role
from tiaki.care.selectors.caregivers import caregivers_needing_attention
from tiaki.casework.selectors.work import casework_work_for
from tiaki.drafts.web import restore as drafts
from tiaki.home import work as work_panels
from tiaki.home.panel import Item, Link, Panel
from tiaki.home.selectors import home_for
from tiaki.inbox.links import notice_url
from tiaki.inbox.selectors import notifications_unread
from tiaki.people import selectors as person_selectors
from tiaki.staff.models import User
from tiaki.web.templatetags.tiaki_dates import moment

__all__ = ["Item", "Link", "Panel", "for_user"]


_INTRO: dict[Role, tuple[str, str]] = {
    Role.ADMINISTRATOR: (
        "Accounts and settings",
        "You manage staff accounts, roles and settings. You cannot see information about tamariki or whānau.",
    ),
    Role.ANALYST: (
        "Reporting",
        "You work with pseudonymised data only. Identifiable records are not available to analysts.",
    ),
    Role.CAREGIVER: (
        "Your caregiving",
        "Information the agency shares with you about the tamariki in your care.",
    ),
    Role.CONTACT_CENTRE: (
        "Taking reports of concern",
        "Record what a caller tells you. Search for the people involved before adding anyone new.",
    ),
    Role.PARTNER_WORKER: (
        "Working with us",
        "Your agency sends referrals to us through the Tiaki API. You see only what is shared with you.",
    ),
    Role.PRIVACY_OFFICER: (
        "Privacy and access",
        "You review emergency (break-glass) access and search the audit trail of who has seen what.",
    ),
    Role.SITE_MANAGER: (
        "Your site",
        "See how your site is doing against response timeframes and where work is waiting.",
    ),
    Role.SOCIAL_WORKER: (
        "Your work",
        "The tamariki and whānau allocated to you, and what is due next.",
    ),
    Role.SUPERVISOR: (
        "Your team",
        "Your team's work, what is waiting to be allocated, and decisions that need your approval.",
    ),
    Role.TRAINEE: (
        "Getting started",
        "Finish your privacy induction before you can see any information about people.",
    ),
    Role.WHANAU: (
        "Information about your whānau",
        "Ask for and read information we hold about you and your whānau.",
    ),
    Role.YOUNG_PERSON: (
        "About you",
        "Ask for and read the information we hold about you. You can also tell us if something is wrong.",
    ),
}


def for_user(user: User) -> list[Panel]:
    role = Role(user.role)
    # Links only: what the links lead to decides again, and audits, itself.
    home = home_for(actor=user)
    panels: list[Panel] = []
    if home.casework:
        # The day's work first (tiaki.home.work); the team's for those who allocate it.
        work = casework_work_for(actor=user)
        panels.append(work_panels.your_work(user, work, allocates=home.allocation))
        if home.allocation:
            panels.append(work_panels.your_team(user, work))
    else:
        heading, body = _INTRO[role]
        panels.append(Panel(heading, body))
    if home.induction_needed:
        panels.append(
            Panel(
                "Privacy induction needed",
                "Tiaki shows no information about people until your privacy induction is recorded. "
                "Ask your supervisor or administrator.",
            )
        )
    if home.refresher_lapsed:
        panels.append(
            Panel(
                "Privacy refresher overdue",
                "Your yearly privacy refresher has lapsed, so Tiaki shows no information about people until it "
                "is recorded. Ask your manager or the privacy office to book it.",
            )
        )
    # The households the user is social worker for that need them (empty
    # for a role without caregiver:read, so no panel).
    attention = caregivers_needing_attention(actor=user)
    if attention:
        panels.append(Panel(
            "Caregivers needing attention",
            "Households you are the social worker for with a visit overdue, a review due or a check expiring.",
            items=[Item(row.name, reverse("web:caregiver-detail", args=[row.id]), ", ".join(row.flags.words),
                        overdue=row.flags.visit_overdue) for row in attention],
        ))  # fmt: skip
    if home.people:
        people = person_selectors.person_list_allocated(actor=user, limit=20)
        links = [Link(p.display_name, reverse("web:person-detail", args=[p.id])) for p in people]
        panels.append(
            Panel(
                "Tamariki and whānau you are working with",
                "From your open cases and reports, and those of the people you supervise."
                if links
                else "Nobody is allocated to you or the people you supervise at the moment.",
                links,
            )
        )
    if home.register:
        links = [Link("Find a person", reverse("web:person-search"))]
        if home.duplicates:
            links.append(Link("Records that may be the same person", reverse("web:duplicates")))
        links.append(Link("Names that are the same person's", reverse("web:name-variants")))
        panels.append(Panel("The register", "Search before you add anyone: they may already be known.", links))
    if home.reports and not home.casework:
        # The contact centre's own work: what they recorded and where it went.
        panels.append(work_panels.your_reports(user))
    elif home.reports:
        panels.append(
            Panel(
                "Reports of concern",
                "Record what a caller tells you. A draft is kept as you type.",
                [Link("Record a report of concern", reverse("web:intake-new"))],
            )
        )
    if home.allocation:
        panels.append(
            Panel(
                "Allocation queue",
                "Reports waiting for a decision or a social worker, soonest deadline first.",
                [Link("Allocation queue", reverse("web:intake-queue"))],
            )
        )
    if home.dashboard:
        panels.append(
            Panel(
                "Timeliness",
                "On-time responses against the 95% target, and the unallocated queue.",
                [Link("Timeliness dashboard", reverse("web:intake-dashboard"))],
            )
        )
    if home.breakglass:
        panels.append(
            Panel(
                "Emergency access",
                "If a child may be at risk and the record is not allocated to you, "
                "you can open it for up to 60 minutes.",
                [Link("Use emergency access", reverse("web:break-glass"))],
            )
        )
    if home.audit:
        panels.append(
            Panel(
                "Access monitoring",
                "Search the audit trail and review emergency access.",
                [Link("Search the audit trail", reverse("web:privacy-audit"))],
            )
        )
    if home.breakglass_review:
        panels.append(
            Panel(
                "Emergency access reviews",
                "Uses of emergency access waiting for your review.",
                [Link("Review emergency access", reverse("web:privacy-breakglass"))],
            )
        )
    if home.sealed:
        panels.append(
            Panel(
                "Sealed records",
                "Seal records about staff and their whānau, and name who may open them.",
                [Link("Manage sealed records", reverse("web:privacy-sealed"))],
            )
        )
    if home.privacy_reports:
        panels.append(
            Panel(
                "The privacy office's reports",
                "The quarterly report to the chief executive, staff privacy refreshers, and partner "
                "organisations' disposals.",
                [
                    Link("The quarterly privacy report", reverse("web:privacy-reports")),
                    Link("Privacy refreshers", reverse("web:privacy-refreshers")),
                    Link("Providers", reverse("web:privacy-providers")),
                ],
            )
        )
    if home.accounts:
        panels.append(
            Panel(
                "Accounts and policy",
                "Roles, privacy induction and intake duty; response timeframes and workload weights.",
                [
                    Link("Manage accounts", reverse("web:admin-users")),
                    Link("Intake policy", reverse("web:admin-policy")),
                ],
            )
        )
    if role in (Role.CAREGIVER, Role.PARTNER_WORKER):
        # What the agency shared with their household or organisation
        # (tiaki.disclosure): the page lists it, and audits the listing.
        panels.append(
            Panel(
                "Shared with you",
                "Information the child's social worker has shared with you: routines, the plan, who to contact "
                "and what is coming up.",
                [Link("Read what is shared with you", reverse("web:shares-mine"))],
            )
        )
    if role == Role.PARTNER_WORKER:
        panels.append(
            Panel(
                "Make a referral",
                "Tell us about a child you are worried about. You will get a reference number.",
                [Link("Make a referral", reverse("web:intake-referral"))],
            )
        )
        panels.append(
            Panel(
                "API documentation",
                "How to send referrals and what answers to expect.",
                [Link("Read the API documentation", reverse("api:docs"))],
            )
        )
    notices = notifications_unread(actor=user)
    if notices:
        panels.insert(
            1,
            Panel(
                "Messages for you",
                f"You have {len(notices)} unread message{'s' if len(notices) != 1 else ''}.",
                # Urgent first (notifications_unread), said in words, not colour alone.
                [Link(f"Urgent: {n.text}" if n.urgent else n.text, notice_url(n)) for n in notices],
            ),
        )
    # Forms the user started and has not saved (tiaki.drafts), first after the
    # introduction: drafts_for lists only their own, on records still in reach.
    unfinished = drafts.unfinished(user)
    if unfinished:
        panels.insert(1, Panel(
            "Your unfinished work",
            "What you typed and have not saved yet. Open one to carry on.",
            [Link(f"{d.label}, kept {moment(d.updated_at)}", d.href) for d in unfinished],
        ))  # fmt: skip
    return panels
