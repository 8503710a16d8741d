"""The load test's sign-ins, on a seeded database only, and what each may open.

Need-to-know stays real: social workers, supervisors and site managers are
the seeded agency's own staff (``staff-*``, tiaki.demo.generator.agency),
whose cases were allocated by ``tiaki seed``; each is given, for the run,
a random password (one hash for all: PBKDF2 takes a fifth of a second per
account) and a privacy induction if they had none. The persons each may
open are those ``tiaki.access.scoping.visible_person_ids`` says they reach
now, so a 404 in the mix is a real error, never a wrong choice. The contact
centre and analysts need no cases, and the seed makes few or none of them:
their accounts are made here (``loadtest-<role>-NNN``) at the seeded contact
centre. ``revoke`` puts every password back as it was, removes the
inductions added, and switches the made accounts off, so nothing can sign
in with the run's password afterwards.

It refuses a database that does not look seeded (tiaki.demo.generator):
production mode, no generated staff, or any NHI number outside the Z range
reserved for testing, which only a register with real people would hold.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import induction_current_since, visible_person_ids
from tiaki.bench.load.mix import users_per_role
from tiaki.casework.models import Case
from tiaki.demo.generator.agency import STAFF_PREFIX
from tiaki.demo.generator.places import CONTACT_CENTRE
from tiaki.people.models import Person, PersonIdentifier, PersonName
from tiaki.staff.models import Site, Team, User

MADE_PREFIX = "loadtest-"
#: Persons and cases sampled per account: enough that reads spread over the register.
PERSONS_PER_ACCOUNT = 40
CASES_PER_ACCOUNT = 12
SEARCH_NAMES = 500
#: Roles whose accounts are the seeded staff (their cases give need-to-know).
SEEDED_ROLES = (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.SITE_MANAGER)
MADE_ROLES = (Role.CONTACT_CENTRE, Role.ANALYST)


class NotSeededError(RuntimeError):
    """The database is not one ``tiaki seed`` made; the message says why."""


@dataclass
class Account:
    username: str
    persons: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)


@dataclass
class Plan:
    """What the locust process is told: who signs in and what they may open."""

    password: str
    accounts: dict[str, list[Account]]
    users: dict[str, int]
    names: list[str]
    children: list[int]
    think: tuple[float, float]
    tour: bool = False
    # Kept on this side only: what revoke() puts back.
    passwords_before: dict[int, str] = field(default_factory=dict, repr=False)
    inductions_added: list[int] = field(default_factory=list, repr=False)
    made_ids: list[int] = field(default_factory=list, repr=False)

    def for_locust(self) -> dict[str, object]:
        return {
            "password": self.password,
            "accounts": {role: [asdict(a) for a in accounts] for role, accounts in self.accounts.items()},
            "users": self.users,
            "names": self.names,
            "children": self.children,
            "think": list(self.think),
            "tour": self.tour,
        }


def require_seeded() -> None:
    """Refuse anything but a synthetic agency: see the module's docstring."""
    if settings.PRODUCTION:
        raise NotSeededError("The load test signs in as the agency's staff: it will not run in production mode.")
    # Every page would fail on a table or column the code expects.
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()):
        raise NotSeededError("This database is behind the code's migrations: run `tiaki migrate` first.")
    if not User.objects.filter(username__startswith=STAFF_PREFIX).exists():
        raise NotSeededError(
            "This database has no generated staff (staff-*): the load test runs only on a synthetic agency; "
            "run `tiaki seed --persons N` first."
        )
    real = PersonIdentifier.objects.filter(kind=PersonIdentifier.Kind.NHI).exclude(value__startswith="Z")
    if real.exists():
        raise NotSeededError(
            "This register holds NHI numbers outside the Z range reserved for testing, so it may hold real "
            "people: the load test will not run on it."
        )


def _sample(rng: random.Random, values: list[int] | set[int], k: int) -> list[int]:
    ordered = sorted(values)
    return ordered if len(ordered) <= k else sorted(rng.sample(ordered, k))


def _seeded_candidates(role: Role, wanted: int) -> list[tuple[User, list[int]]]:
    """Seeded staff of ``role`` who may have work to open, with their open
    cases (social workers: only those with one, to write notes on); a few more
    than ``wanted``, as some (a contact-centre supervisor) reach nobody."""
    staff = User.objects.filter(username__startswith=STAFF_PREFIX, role=role, is_active=True).order_by("pk")
    found: list[tuple[User, list[int]]] = []
    for user in staff.iterator():
        cases: list[int] = []
        if role == Role.SOCIAL_WORKER:
            open_cases = Case.objects.filter(allocated_worker=user, status=Case.Status.OPEN)
            cases = list(open_cases.values_list("pk", flat=True))
            if not cases:
                continue
        found.append((user, cases))
        if len(found) >= wanted * 2 + 5:
            break
    return found


def _made_accounts(role: Role, wanted: int) -> list[User]:
    site, _ = Site.objects.get_or_create(name=CONTACT_CENTRE.site, defaults={"region": CONTACT_CENTRE.region})
    team = Team.objects.filter(site=site, kind=Team.Kind.INTAKE).order_by("pk").first()
    supervisor = User.objects.filter(site=site, role=Role.SUPERVISOR).order_by("pk").first()
    made = []
    for n in range(1, wanted + 1):
        username = f"{MADE_PREFIX}{role.value}-{n:03d}"
        casework = role == Role.CONTACT_CENTRE
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role, "first_name": "Load test", "last_name": f"{role.label} {n}", "is_active": True,
                "site": site if casework else None, "team": team if casework else None,
                "supervisor": supervisor if casework else None,
            },
        )  # fmt: skip
        if user.role != role:
            raise NotSeededError(f"The account {username!r} exists with another role: refusing to use it.")
        made.append(user)
    return made


def _search_names(rng: random.Random) -> list[str]:
    """Names people on the register go by, as a kaimahi would type them."""
    last = PersonName.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = {rng.randint(1, last) for _ in range(SEARCH_NAMES * 2)} if last else set()
    rows = PersonName.objects.filter(pk__in=picks, person__sealed=False, person__merged_into__isnull=True)
    names = sorted({f"{g} {f}".strip() for g, f in rows.values_list("given_names", "family_name")})
    return rng.sample(names, min(len(names), SEARCH_NAMES))


def _children(rng: random.Random, now: dt.datetime) -> list[int]:
    born_after = (now - dt.timedelta(days=17 * 365)).date()
    ids = Person.objects.filter(
        Q(date_of_birth__gt=born_after), sealed=False, merged_into__isnull=True, staff_links__isnull=True
    ).values_list("pk", flat=True)[:5000]
    return _sample(rng, list(ids), 200)


def prepare(*, users: int, think: tuple[float, float], seed: int = 1, now: dt.datetime | None = None) -> Plan:
    """Accounts for ``users`` simulated staff (tiaki.bench.load.mix), the run's
    password set on them, and the persons, cases and names they use."""
    require_seeded()
    now = now or timezone.now()
    rng = random.Random(seed)
    counts = users_per_role(users)
    password = secrets.token_urlsafe(24)
    plan = Plan(password=password, accounts={}, users=counts, names=[], children=[], think=think)
    with transaction.atomic():
        candidates = {role: _seeded_candidates(role, counts[role.value]) for role in SEEDED_ROLES}
        made = {role: _made_accounts(role, counts[role.value]) for role in MADE_ROLES}
        everyone = [u for found in candidates.values() for u, _ in found] + [u for us in made.values() for u in us]
        # Current ones only: an induction more than a year old has lapsed (REFRESHER_LAPSED).
        current = induction_current_since(timezone.localdate(now))
        current_inductions = PrivacyInduction.objects.filter(user__in=everyone, completed_on__gte=current)
        inducted = set(current_inductions.values_list("user_id", flat=True))
        added = PrivacyInduction.objects.bulk_create(
            PrivacyInduction(user=u, completed_on=now.date(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=u)
            for u in everyone
            if u.pk not in inducted
        )
        plan.inductions_added = [i.pk for i in added]
        signing_in: list[User] = []
        # Inducted now (in this transaction), so scoping reaches for them as it
        # will for their requests.
        for role, found in candidates.items():
            kept: list[Account] = []
            for user, cases in found:
                if len(kept) == counts[role.value]:
                    break
                persons = visible_person_ids(user, now=now, include_break_glass=False)
                if persons:
                    kept.append(Account(user.username, _sample(rng, persons, PERSONS_PER_ACCOUNT),
                                        _sample(rng, cases, CASES_PER_ACCOUNT)))  # fmt: skip
                    signing_in.append(user)
            if counts[role.value] and not kept:
                what = role.label.lower()
                raise NotSeededError(f"The seeded agency has no {what} with work to open: seed with casework.")
            plan.accounts[role.value] = kept
        for role, accounts in made.items():
            plan.accounts[role.value] = [Account(u.username) for u in accounts]
            plan.made_ids.extend(u.pk for u in accounts)
            signing_in.extend(accounts)
        plan.passwords_before = {u.pk: u.password for u in signing_in}
        # One hash for every account: PBKDF2 costs a fifth of a second each.
        User.objects.filter(pk__in=plan.passwords_before).update(password=make_password(password))
    plan.names = _search_names(rng)
    plan.children = _children(rng, now)
    return plan


def revoke(plan: Plan) -> None:
    """Undo prepare(): passwords as they were, inductions added removed, made
    accounts switched off (kept: the audit trail names them)."""
    with transaction.atomic():
        for user_id, before in plan.passwords_before.items():
            User.objects.filter(pk=user_id).update(password=before)
        PrivacyInduction.objects.filter(pk__in=plan.inductions_added).delete()
        User.objects.filter(pk__in=plan.made_ids).update(is_active=False, password=UNUSABLE_PASSWORD_PREFIX)
