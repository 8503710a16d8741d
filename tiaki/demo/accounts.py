"""The demo sign-ins: one account per role, ``demo-<role>`` / ``tiaki-demo``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tiaki.access.roles import Role
from tiaki.staff.models import Site, Team, User

DEMO_PASSWORD = "tiaki-demo"  # noqa: S105 - the documented demo password, demo data only

_NAMES: dict[Role, tuple[str, str]] = {
    Role.ADMINISTRATOR: ("Aroha", "Parata"),
    Role.ANALYST: ("James", "Whitaker"),
    Role.CAREGIVER: ("Mere", "Tipene"),
    Role.CONTACT_CENTRE: ("Hēmi", "Walker"),
    Role.PARTNER_WORKER: ("Grace", "Liu"),
    Role.PRIVACY_OFFICER: ("Rāwiri", "Ngata"),
    Role.SITE_MANAGER: ("Sarah", "O'Connell"),
    Role.SOCIAL_WORKER: ("Tūī", "Herewini"),
    Role.SUPERVISOR: ("Wiremu", "Te Whare"),
    Role.TRAINEE: ("Kahurangi", "Smith-Ngata"),
    Role.WHANAU: ("Ānahera", "Kāretu"),
    Role.YOUNG_PERSON: ("Nīkau", "Kāretu"),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str


def demo_username(role: Role) -> str:
    return f"demo-{role.value}"


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create (or reset the password of) one account per role at the first site."""
    site = Site.objects.order_by("pk").first() or Site.objects.create(name="Demo site", region="Demo")
    team = Team.objects.filter(site=site, kind=Team.Kind.INTAKE).order_by("pk").first() or Team.objects.create(
        site=site, name="Intake and assessment", kind=Team.Kind.INTAKE
    )
    accounts: list[DemoAccount] = []
    # The supervisor first, so the social worker and trainee can report to them.
    order = [Role.SUPERVISOR, *[r for r in Role if r != Role.SUPERVISOR]]
    supervisor: User | None = None
    for role in order:
        first, last = _NAMES[role]
        staff_side = role in {Role.CONTACT_CENTRE, Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.SITE_MANAGER, Role.TRAINEE}
        user, _ = User.objects.update_or_create(
            username=demo_username(role),
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "site": site if staff_side or role == Role.PRIVACY_OFFICER else None,
                "team": team if staff_side else None,
                "supervisor": supervisor if role in {Role.SOCIAL_WORKER, Role.TRAINEE} else None,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if role == Role.SUPERVISOR:
            supervisor = user
        accounts.append(DemoAccount(user.username, str(role.label)))
    return sorted(accounts, key=lambda a: a.username)
