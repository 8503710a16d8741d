"""Sites, teams and kaimahi: the supervision lines that need-to-know follows.

About one staff member per 250 persons (at least 30). Each site has a site
manager, an intake team, care and protection teams and a transition team;
each team has a supervisor over about six social workers, a few of them
trainees. The national contact centre is a site of its own. Usernames are
``staff-000001`` onwards, so they never meet the ``demo-*`` sign-ins, and
passwords are unusable: only the demo accounts sign in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from random import Random

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from tiaki.access.roles import Role
from tiaki.demo.generator.places import CONTACT_CENTRE, PLACES, Place
from tiaki.demo.generator.pools import Pools
from tiaki.demo.generator.writer import next_id, reset_sequences
from tiaki.staff.models import Site, Team, User

STAFF_PREFIX = "staff-"
PERSONS_PER_STAFF = 250
MIN_STAFF = 30
MIN_SITE_STAFF = 4
TEAM_SIZE = 7  # a supervisor and six social workers

_TEAM_NAMES = {
    Team.Kind.INTAKE: "Intake and assessment",
    Team.Kind.CARE_PROTECTION: "Care and protection",
    Team.Kind.TRANSITION: "Transition support",
}
# The order a site's teams are added in as it grows.
_TEAM_ORDER = (
    Team.Kind.INTAKE,
    Team.Kind.CARE_PROTECTION,
    Team.Kind.TRANSITION,
    Team.Kind.CARE_PROTECTION,
    Team.Kind.INTAKE,
    Team.Kind.CARE_PROTECTION,
)


@dataclass(frozen=True)
class AgencyCounts:
    sites: int
    teams: int
    staff: int


def staff_for(persons: int) -> int:
    return max(MIN_STAFF, round(persons / PERSONS_PER_STAFF))


def _share(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), so
    the split is exact and the same on every run."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _Staffing:
    def __init__(self, *, rng: Random, pools: Pools, stamp: datetime) -> None:
        self.rng = rng
        self.pools = pools
        self.stamp = stamp
        self.next_user = next_id(User)
        self.next_team = next_id(Team)
        self.next_site = next_id(Site)
        self.number = 0
        self.users: list[User] = []
        self.sites: dict[str, Site] = {s.name: s for s in Site.objects.all()}
        self.teams: dict[tuple[int, str], Team] = {(t.site_id, t.name): t for t in Team.objects.all()}
        self.new_sites: list[Site] = []
        self.new_teams: list[Team] = []
        self.sites_used = 0
        self.teams_used = 0

    def site(self, place: Place) -> Site:
        self.sites_used += 1
        site = self.sites.get(place.site)
        if site is None:
            site = self.sites[place.site] = Site(id=self.next_site, name=place.site, region=place.region)
            self.next_site += 1
            self.new_sites.append(site)
        return site

    def team(self, site: Site, kind: str, name: str) -> Team:
        self.teams_used += 1
        team = self.teams.get((site.pk, name))
        if team is None:
            team = self.teams[(site.pk, name)] = Team(id=self.next_team, site=site, name=name, kind=kind)
            self.next_team += 1
            self.new_teams.append(team)
        return team

    def user(self, role: Role, site: Site, team: Team | None, supervisor: User | None, capacity: int) -> User:
        r = self.rng.random
        roll = r()
        culture = self.pools.maori if roll < 0.22 else self.pools.pacific if roll < 0.3 else self.pools.general
        female = r() < 0.75  # the social work workforce is mostly women
        given = culture.given_female if female else culture.given_male
        self.number += 1
        user = User(
            id=self.next_user,
            username=f"{STAFF_PREFIX}{self.number:06d}",
            # set_unusable_password() adds a random suffix, which would make
            # two runs differ; the prefix alone is just as unusable.
            password=UNUSABLE_PASSWORD_PREFIX,
            first_name=given[int(r() * len(given))],
            last_name=culture.surnames[int(r() * len(culture.surnames))],
            role=role,
            site=site,
            team=team,
            supervisor=supervisor,
            caseload_capacity=capacity,
            is_active=True,
            date_joined=self.stamp,
        )
        self.next_user += 1
        self.users.append(user)
        return user

    def staff_site(self, place: Place, headcount: int, *, contact_centre: bool = False) -> None:
        site = self.site(place)
        manager = self.user(Role.SITE_MANAGER, site, None, None, 0)
        members = headcount - 1
        n_teams = max(1, math.ceil(members / TEAM_SIZE))
        sizes = _share(members, [1.0] * n_teams)
        seen: dict[str, int] = {}
        for index, size in enumerate(sizes):
            if contact_centre:
                kind, base = Team.Kind.INTAKE, "Contact centre"
            else:
                kind = _TEAM_ORDER[index % len(_TEAM_ORDER)]
                base = _TEAM_NAMES[kind]
            seen[base] = seen.get(base, 0) + 1
            name = base if seen[base] == 1 else f"{base} {seen[base]}"
            team = self.team(site, kind, name)
            if size == 0:
                continue
            supervisor = self.user(Role.SUPERVISOR, site, team, manager, 4)
            for _ in range(size - 1):
                if contact_centre:
                    self.user(Role.CONTACT_CENTRE, site, team, supervisor, 0)
                elif self.rng.random() < 0.08:
                    self.user(Role.TRAINEE, site, team, supervisor, 8)
                else:
                    self.user(Role.SOCIAL_WORKER, site, team, supervisor, self.rng.randrange(16, 25))


def seed_staff(*, persons: int, seed: int, pools: Pools, stamp: datetime) -> AgencyCounts:
    """Create the sites, teams and staff for a register of ``persons``."""
    total = staff_for(persons)
    contact = max(4, round(total * 0.06))
    field = total - contact
    n_sites = min(len(PLACES), max(2, field // 10))
    places = PLACES[:n_sites]
    staffing = _Staffing(rng=Random(f"staff-{seed}"), pools=pools, stamp=stamp)
    # Every site gets a floor of MIN_SITE_STAFF; the rest follows population.
    shares = _share(field - MIN_SITE_STAFF * n_sites, [p.weight for p in places])
    for place, share in zip(places, shares, strict=True):
        staffing.staff_site(place, MIN_SITE_STAFF + share)
    staffing.staff_site(CONTACT_CENTRE, contact, contact_centre=True)
    Site.objects.bulk_create(staffing.new_sites)
    Team.objects.bulk_create(staffing.new_teams)
    User.objects.bulk_create(staffing.users, batch_size=500)
    reset_sequences([Site, Team, User])
    return AgencyCounts(sites=staffing.sites_used, teams=staffing.teams_used, staff=len(staffing.users))
