"""What each role's home page offers: a short list of plain-language panels.

Panels link only to pages that exist; each later capability adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from tiaki.access.roles import Role
from tiaki.staff.models import User


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Panel:
    heading: str
    body: str
    links: list[Link] = field(default_factory=list)


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
        "Here you will find information shared with you about the tamariki in your care.",
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
    heading, body = _INTRO[role]
    panels = [Panel(heading, body)]
    if role == Role.PARTNER_WORKER:
        panels.append(
            Panel(
                "API documentation",
                "How to send referrals and what answers to expect.",
                [Link("Read the API documentation", reverse("api:docs"))],
            )
        )
    return panels
