"""Who is current with their privacy induction or yearly refresher, who is
due within 30 days, whose has lapsed (their access to information about
people is suspended: tiaki.access.scoping, REFRESHER_LAPSED) and who was
never inducted: for the privacy office's refreshers page, the refresher
job's warnings and the quarterly report.

Staff names are not clients' personal information: the page lists them.
Everyone counted is an active account with a staff role (the portals' and
partners' accounts read nobody's record through the induction gate).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.models import PrivacyInduction
from tiaki.access.paths import reading, selector
from tiaki.access.roles import STAFF_ROLES
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User

#: How soon a refresher counts as due (the first warning: REFRESHER_WARN_DAYS).
DUE_WITHIN_DAYS = 30


class Standing:
    CURRENT = "current"
    DUE = "due"
    LAPSED = "lapsed"
    NEVER = "never"

    ORDER = (CURRENT, DUE, LAPSED, NEVER)
    LABELS = {
        CURRENT: "Current",
        DUE: f"Due within {DUE_WITHIN_DAYS} days",
        LAPSED: "Lapsed: access suspended",
        NEVER: "Never inducted",
    }


@dataclass(frozen=True)
class StaffStanding:
    user_id: int
    name: str
    role_label: str
    site: str
    last_completed_on: dt.date | None
    due_on: dt.date | None
    standing: str

    @property
    def standing_label(self) -> str:
        return Standing.LABELS[self.standing]

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due_on is None else (self.due_on - today).days


def standing_of(last: dt.date | None, today: dt.date) -> tuple[dt.date | None, str]:
    """(the day it lapses, the standing) for a last completion on ``last``."""
    if last is None:
        return None, Standing.NEVER
    due = scoping.refresher_due_on(last)
    if due <= today:
        return due, Standing.LAPSED
    if (due - today).days <= DUE_WITHIN_DAYS:
        return due, Standing.DUE
    return due, Standing.CURRENT


def staff_standings(today: dt.date) -> list[StaffStanding]:
    """Every active staff account's standing on ``today`` (NZ date), counting
    only inductions and refreshers completed by then, by site and name. Two
    queries whatever the number of staff."""
    last = dict(
        PrivacyInduction.objects.filter(completed_on__lte=today)
        .values("user_id")
        .annotate(last=Max("completed_on"))
        .values_list("user_id", "last")
    )
    users = (
        User.objects.filter(is_active=True, role__in=[r.value for r in STAFF_ROLES])
        .select_related("site")
        .order_by("site__name", "last_name", "first_name", "pk")
    )
    rows = []
    for user in users:
        due, standing = standing_of(last.get(user.pk), today)
        name = user.get_full_name() or user.username
        site = user.site.name if user.site else "No site"
        rows.append(StaffStanding(user.pk, name, user.role_label, site, last.get(user.pk), due, standing))
    return rows


@dataclass(frozen=True)
class SiteCounts:
    site: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def counts_by_site(rows: list[StaffStanding]) -> list[SiteCounts]:
    sites: dict[str, Counter[str]] = {}
    for row in rows:
        sites.setdefault(row.site, Counter())[row.standing] += 1
    return [SiteCounts(site, {s: c[s] for s in Standing.ORDER}) for site, c in sites.items()]


@dataclass
class RefresherOverview:
    today: dt.date
    sites: list[SiteCounts]
    totals: dict[str, int]
    #: The staff in each standing, soonest due first (never inducted by name).
    lists: dict[str, list[StaffStanding]] = field(default_factory=dict)


@selector(AuditAction.USER_READ, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def refresher_overview(*, actor: User, today: dt.date | None = None) -> RefresherOverview:
    """Privacy officers: each site's counts and the staff in each standing.
    Staff accounts only, no client's information; audited as a read of staff."""
    today = today or timezone.localdate()
    decision = scoping.list_decision(actor, Permission.PRIVACY_INCIDENT_MANAGE)
    with reading(actor, decision=decision, subject_type="user", relationship="privacy:refreshers") as step:
        rows = staff_standings(today)
        step.subject_ids = [row.user_id for row in rows if row.standing != Standing.CURRENT][:500]
    lists = {s: [r for r in rows if r.standing == s] for s in Standing.ORDER}
    for standing in (Standing.DUE, Standing.LAPSED):
        lists[standing].sort(key=lambda r: (r.due_on or today, r.name))
    totals = {s: len(lists[s]) for s in Standing.ORDER}
    return RefresherOverview(today, counts_by_site(rows), totals, lists)
