"""The demo sign-ins: one account per staff role, ``demo-<role>`` /
``tiaki-demo``, and a second trainee, ``demo-trainee-new``, whose privacy
induction is not recorded (so the demo shows the induction gate), and a
second privacy officer, ``demo-privacy-lead``, who approves a subject access
release the first prepared (a second person always approves).

The caregiver reads what the social worker shares with the household the
demo child is placed with (tiaki.demo.work_sharing links the account); the
other portal roles (whānau, young person) get no demo sign-in until their
portals exist: signing in as one would lead to an empty staff page. An
account left from an older demo is made inactive, so it cannot sign in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tiaki.access.roles import STAFF_ROLES, Role
from tiaki.staff.models import Site, Team, User

DEMO_PASSWORD = "tiaki-demo"  # noqa: S105 - the documented demo password, demo data only

#: The roles with a demo sign-in: the staff side, the partner agency's worker
#: (referrals, and what is shared with their organisation) and a caregiver.
DEMO_ROLES = tuple(sorted(STAFF_ROLES | {Role.PARTNER_WORKER, Role.CAREGIVER}, key=lambda r: r.value))
#: Portal roles: no demo sign-in until the portals exist.
PORTAL_ROLES = tuple(r for r in Role if r not in DEMO_ROLES)
NEW_TRAINEE = "demo-trainee-new"
#: A second privacy officer: approves a subject access release the first prepared.
PRIVACY_LEAD = "demo-privacy-lead"

_NAMES: dict[str, tuple[str, str]] = {
    "demo-administrator": ("Aroha", "Parata"),
    "demo-analyst": ("James", "Whitaker"),
    "demo-caregiver": ("Moana", "Tane"),
    "demo-contact-centre": ("Hēmi", "Walker"),
    "demo-partner-worker": ("Grace", "Liu"),
    "demo-privacy-officer": ("Rāwiri", "Ngata"),
    PRIVACY_LEAD: ("Hana", "Rēweti"),
    "demo-site-manager": ("Sarah", "O'Connell"),
    "demo-social-worker": ("Tūī", "Herewini"),
    "demo-supervisor": ("Wiremu", "Te Whare"),
    "demo-trainee": ("Kahurangi", "Smith-Ngata"),
    NEW_TRAINEE: ("Manaia", "Tūhoe-Brown"),
}

#: What each sign-in shows, for the printed list and the README.
WHAT: dict[str, str] = {
    "demo-administrator": "staff accounts, roles, privacy induction and policy; no case data",
    "demo-analyst": "the timeliness dashboard's figures; nothing identifiable",
    "demo-caregiver": "reads what the social worker shared about the child in their care (routines from About me)",
    "demo-contact-centre": "on intake duty: records reports, sees the site's open reports",
    "demo-partner-worker": "sends referrals (web form and API); reads what is shared with Te Whare Tiaki Trust",
    "demo-privacy-officer": (
        "the audit trail, break-glass reviews, sealed records, the partner register (one disposal overdue) and "
        "subject access requests (a care leaver's, identity verified, theirs to review: a first stage prepared, "
        "the rest in the workspace); the privacy register (a notifiable breach with its Commissioner clock running, "
        "near misses from the disclosure guard) and access alerts (two open: a worker asked for 120 records in "
        "seconds)"
    ),
    PRIVACY_LEAD: (
        "a second privacy officer: approves the release of a subject access request someone else prepared "
        "(the care leaver's first stage is waiting)"
    ),
    "demo-site-manager": "the site's queue and timeliness dashboard, everyone's cases",
    "demo-social-worker": (
        "two cases (one seven months long, its siblings in care together), caregiver households, an overdue visit, "
        "a report awaiting first response"
    ),
    "demo-supervisor": (
        "the queue, the team's cases and what is overdue on them, a placement with caregivers not yet approved"
    ),
    "demo-trainee": "inducted, supervised: reads the one case allocated to them",
    NEW_TRAINEE: "not yet inducted: sees no information about people (the induction gate)",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str
    what: str


def demo_username(role: Role) -> str:
    return f"demo-{role.value}"


def demo_usernames() -> list[str]:
    """Every demo sign-in, in the printed order."""
    return sorted([*(demo_username(r) for r in DEMO_ROLES), NEW_TRAINEE, PRIVACY_LEAD])


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create (or reset the password of) the demo sign-ins at the first site,
    and make any portal sign-in from an older demo inactive."""
    site = Site.objects.order_by("pk").first() or Site.objects.create(name="Demo site", region="Demo")
    team = Team.objects.filter(site=site, kind=Team.Kind.INTAKE).order_by("pk").first() or Team.objects.create(
        site=site, name="Intake and assessment", kind=Team.Kind.INTAKE
    )
    User.objects.filter(username__in=[demo_username(r) for r in PORTAL_ROLES]).update(is_active=False)
    roles = {demo_username(r): r for r in DEMO_ROLES} | {NEW_TRAINEE: Role.TRAINEE, PRIVACY_LEAD: Role.PRIVACY_OFFICER}
    # The supervisor first, so the social worker and trainees can report to them.
    order = ["demo-supervisor", *[u for u in demo_usernames() if u != "demo-supervisor"]]
    accounts: list[DemoAccount] = []
    supervisor: User | None = None
    for username in order:
        role = roles[username]
        first, last = _NAMES[username]
        casework = role in {Role.CONTACT_CENTRE, Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.SITE_MANAGER, Role.TRAINEE}
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                # .invalid is reserved (RFC 2606): the demo writes its emails
                # to var/mail and none could ever be delivered.
                "email": f"{username}@tiaki-demo.invalid",
                "role": role,
                "site": site if casework or role == Role.PRIVACY_OFFICER else None,
                "team": team if casework else None,
                "supervisor": supervisor if role in {Role.SOCIAL_WORKER, Role.TRAINEE} else None,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if role == Role.SUPERVISOR:
            supervisor = user
        accounts.append(DemoAccount(user.username, str(role.label), WHAT[username]))
    return sorted(accounts, key=lambda a: a.username)
