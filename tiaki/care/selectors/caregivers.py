"""Reading the caregiver register, as the actor may see it: the list of
households (never an address), one household with everything recorded on it
and what the actor may do next, and the caregivers needing their social
worker's attention (a home-page panel).

A household is decided by tiaki.care.reach.household_decision (404 when out
of reach or sealed, exactly as when missing). Its address and coordinates
are SENSITIVE: shown only with ``may_see_sensitive`` (an ongoing
relationship and person_sensitive:read: never under break-glass, never to a
trainee), and never in a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.enforcement import refuse
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NO_RELATIONSHIP
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import COURSES, NEEDS, SPECIALIST_ROLES
from tiaki.care.models import (
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverPolicy,
    CaregiverReview,
    CaregiverTraining,
    CaregiverVisit,
    HouseholdMember,
    Placement,
    SpecialistRole,
)
from tiaki.care.policy import EXPIRY_WARNING, caregiver_policy
from tiaki.care.reach import VIA_CHILD, household_decision, may_change_household
from tiaki.people.selectors.record import MASKED, display_names
from tiaki.staff.models import Site, User

SUBJECT = "household"
#: A review is flagged this long before it is due.
REVIEW_WARNING = dt.timedelta(days=30)
PAGE_SIZE = 25


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass(frozen=True)
class Flags:
    visit_overdue: bool = False
    review_due: bool = False
    check_expiring: bool = False

    @property
    def words(self) -> list[str]:
        return [text for on, text in ((self.visit_overdue, "Visit overdue"), (self.review_due, "Review due"),
                                      (self.check_expiring, "Check expiring or expired")) if on]  # fmt: skip


def _latest_checks(checks: Iterable[CaregiverCheck]) -> list[CaregiverCheck]:
    """The latest check of each kind for each member (or the household)."""
    seen: dict[tuple[str, int | None], CaregiverCheck] = {}
    for check in sorted(checks, key=lambda c: (c.done_on, c.pk), reverse=True):
        seen.setdefault((check.kind, check.member_id), check)
    return list(seen.values())


def _flags(
    household: CaregiverHousehold,
    last_visit: dt.datetime | None,
    checks: Iterable[CaregiverCheck],
    policy: CaregiverPolicy,
    today: dt.date,
) -> Flags:
    active = household.status in (CaregiverHousehold.Status.APPROVED, CaregiverHousehold.Status.ON_HOLD)
    visit_overdue = False
    if active:
        since = timezone.localdate(last_visit) if last_visit else household.approved_on
        visit_overdue = since is not None and since + dt.timedelta(days=policy.visit_interval_days) < today
    review_due = active and household.next_review_on is not None and household.next_review_on <= today + REVIEW_WARNING
    expiring = any(c.expires_on is not None and c.expires_on <= today + EXPIRY_WARNING for c in _latest_checks(checks))
    return Flags(visit_overdue, review_due, expiring and household.status != CaregiverHousehold.Status.CLOSED)


# --- The register: which households the actor may list -------------------------------


def _reachable(actor: User, now: dt.datetime) -> QuerySet[CaregiverHousehold]:
    """Households household_decision would let ``actor`` read, in bulk: the
    team's (social worker, open assessment's assessor, their supervision
    line, the site's caregiver team) and those where a child they may read is
    placed now; the sealed rule is applied after."""
    workers = [actor.pk, *scoping.supervisees(actor)]
    open_assessed = CaregiverAssessment.objects.filter(decision="", assessor_id__in=workers).values("household_id")
    reached = Q(social_worker_id__in=workers) | Q(pk__in=open_assessed)
    if actor.site_id is not None and has_permission(actor, Permission.CAREGIVER_MANAGE):
        reached |= Q(site_id=actor.site_id)
    if has_permission(actor, Permission.PERSON_READ):
        placed = Placement.objects.filter(ended_on__isnull=True, household__isnull=False)
        children = set(placed.values_list("child_id", flat=True))
        if children:
            visible = scoping.visible_person_ids(actor, now=now) & children
            if visible:
                reached |= Q(pk__in=placed.filter(child_id__in=sorted(visible)).values("household_id"))
    return CaregiverHousehold.objects.filter(reached)


def _sealed_households(actor: User, household_ids: list[int]) -> set[int]:
    members = list(
        HouseholdMember.objects.filter(household_id__in=household_ids).values_list("household_id", "person_id")
    )
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid in members])
    return {hid for hid, pid in members if pid in hidden}


@dataclass(frozen=True)
class HouseholdRow:
    """One household in the register's list: never its address."""

    id: int
    reference: str
    name: str
    status: str
    status_label: str
    kind: str
    kind_label: str
    site_name: str
    capacity: int
    placed: int
    flags: Flags


@dataclass
class HouseholdPage:
    rows: list[HouseholdRow]
    page: int
    has_next: bool
    may_create: bool
    #: Every site, for the filter: (id, name).
    sites: list[tuple[int, str]] = field(default_factory=list)


@selector(AuditAction.CAREGIVER_LIST, permission=Permission.CAREGIVER_READ)
def household_list_for(
    *,
    actor: User,
    status: str = "",
    kind: str = "",
    site_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> HouseholdPage:
    """The households the actor may read, newest enquiry first, filtered by
    status, kind and site, one page at a time. Sealed households are absent."""
    decision = scoping.list_decision(actor, Permission.CAREGIVER_READ)
    page, page_size = max(1, page), min(max(1, page_size), 100)
    with reading(actor, decision=decision, subject_type=SUBJECT, relationship="list") as step:
        now = timezone.now()
        found = _reachable(actor, now).select_related("site")
        if status:
            found = found.filter(status=status)
        if kind:
            found = found.filter(kind=kind)
        if site_id is not None:
            found = found.filter(site_id=site_id)
        found = found.order_by("-enquiry_on", "-pk")
        rows: list[CaregiverHousehold] = []
        offset, skipped = (page - 1) * page_size, 0
        # Read in slices so that sealed households left out do not shorten a page.
        start = 0
        while len(rows) <= page_size:
            chunk = list(found[start : start + 200])
            if not chunk:
                break
            start += len(chunk)
            hidden = _sealed_households(actor, [h.pk for h in chunk])
            for household in chunk:
                if household.pk in hidden:
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                rows.append(household)
        has_next = len(rows) > page_size
        rows = rows[:page_size]
        shown = _rows(rows, now)
        step.subject_ids = [row.id for row in shown]
    sites = list(Site.objects.order_by("name").values_list("pk", "name"))
    return HouseholdPage(shown, page, has_next, has_permission(actor, Permission.CAREGIVER_MANAGE), sites)


def _rows(households: list[CaregiverHousehold], now: dt.datetime) -> list[HouseholdRow]:
    ids = [h.pk for h in households]
    policy, today = caregiver_policy(), timezone.localdate(now)
    placed = dict(
        Placement.objects.filter(household_id__in=ids, ended_on__isnull=True)
        .values("household_id")
        .annotate(n=Count("pk"))
        .values_list("household_id", "n")
    )
    visits = dict(
        CaregiverVisit.objects.filter(household_id__in=ids)
        .values("household_id")
        .annotate(last=Max("visited_at"))
        .values_list("household_id", "last")
    )
    checks: dict[int, list[CaregiverCheck]] = {}
    for check in CaregiverCheck.objects.filter(household_id__in=ids).filter(
        Q(member__isnull=True) | Q(member__left_on__isnull=True)
    ):
        checks.setdefault(check.household_id, []).append(check)
    return [
        HouseholdRow(
            h.pk,
            h.reference,
            h.name,
            h.status,
            h.get_status_display(),
            h.kind,
            h.get_kind_display(),
            h.site.name,
            h.capacity,
            placed.get(h.pk, 0),
            _flags(h, visits.get(h.pk), checks.get(h.pk, []), policy, today),
        )
        for h in households
    ]


# --- One household ----------------------------------------------------------------


@dataclass(frozen=True)
class MemberView:
    id: int
    person_id: int
    name: str
    role: str
    role_label: str
    joined_on: dt.date
    left_on: dt.date | None
    #: Whether the reader may open their person record (the page links it).
    may_open: bool


@dataclass(frozen=True)
class CheckView:
    id: int
    kind: str
    kind_label: str
    member_name: str
    member_id: int | None
    done_on: dt.date
    expires_on: dt.date | None
    outcome: str
    outcome_label: str
    note: str
    expired: bool
    expiring: bool
    current: bool


@dataclass(frozen=True)
class PlacedChild:
    """A child placed there now: named only to a reader who may read the child."""

    placement_id: int
    child_id: int | None
    name: str
    started_on: dt.date
    awaiting_approval: bool


@dataclass
class HouseholdView:
    household: CaregiverHousehold
    #: The address, or the masked text; never None for a household with one.
    address_text: str
    address_masked: bool
    latitude: float | None
    longitude: float | None
    social_worker_name: str
    members: list[MemberView]
    checks: list[CheckView]
    assessments: list[CaregiverAssessment]
    reviews: list[CaregiverReview]
    visits: list[CaregiverVisit]
    training: list[tuple[CaregiverTraining, str, str]]
    specialist_roles: list[tuple[SpecialistRole, str]]
    placements: list[PlacedChild]
    others_placed: int
    flags: Flags
    needs_labels: list[str]
    relationship: str
    #: A reader through a child placed there sees a summary: who lives there
    #: and what the household offers, not its checks, assessments, reviews,
    #: visits, training or support plan (the caregivers' own record).
    summary_only: bool = False
    may_change: bool = False
    may_decide: bool = False
    may_start_assessment: bool = False
    may_complete_assessment: bool = False
    may_review: bool = False
    may_grant_role: bool = False
    may_close: bool = False
    open_assessment: CaregiverAssessment | None = None
    approval_gaps: list[str] = field(default_factory=list)
    visit_due_on: dt.date | None = None

    @property
    def current_members(self) -> list[MemberView]:
        return [m for m in self.members if m.left_on is None]


@selector(AuditAction.CAREGIVER_READ, permission=Permission.CAREGIVER_READ)
def household_get(*, actor: User, household_id: int, to_change: bool = False) -> HouseholdView:
    """One household as the actor may see it, with what they may do next.
    ``to_change``: for a page that changes it, refused (audited, after the
    read) unless the reader may change it."""
    decision = household_decision(actor, household_id)
    with reading(actor, decision=decision, subject_type=SUBJECT, subject_ids=[household_id]):
        household = CaregiverHousehold.objects.select_related("site", "social_worker", "address").get(pk=household_id)
        view = _view(actor, household, decision)
    if to_change and not view.may_change:
        refuse(actor, NO_RELATIONSHIP, action=AuditAction.CAREGIVER_UPDATE, subject_type=SUBJECT,
               subject_ids=[household_id])  # fmt: skip
    return view


def _view(actor: User, household: CaregiverHousehold, decision: scoping.Decision) -> HouseholdView:
    from tiaki.care.services.caregivers.assessments import approval_gaps

    now = timezone.now()
    today, policy = timezone.localdate(now), caregiver_policy()
    sensitive = decision.may_see_sensitive
    address_text = ""
    if household.address is not None:
        address_text = str(household.address) if sensitive else MASKED
    members_rows = list(HouseholdMember.objects.filter(household=household).order_by("left_on", "joined_on", "pk"))
    names = display_names([m.person_id for m in members_rows])
    members = [
        MemberView(m.pk, m.person_id, names.get(m.person_id, "Name not recorded"), m.role, m.get_role_display(),
                   m.joined_on, m.left_on, scoping.person_decision(actor, m.person_id, now=now).allowed)
        for m in members_rows
    ]  # fmt: skip
    member_names = {m.id: m.name for m in members}
    current_member_ids = {m.id for m in members if m.left_on is None}
    check_rows = list(CaregiverCheck.objects.filter(household=household).order_by("-done_on", "-pk"))
    latest = {c.pk for c in _latest_checks(check_rows)}
    checks = [
        CheckView(
            c.pk,
            c.kind,
            c.get_kind_display(),
            member_names.get(c.member_id, "") if c.member_id else "",
            c.member_id,
            c.done_on,
            c.expires_on,
            c.outcome,
            c.get_outcome_display(),
            c.note,
            c.expires_on is not None and c.expires_on <= today,
            c.expires_on is not None and today < c.expires_on <= today + EXPIRY_WARNING,
            c.pk in latest and (c.member_id is None or c.member_id in current_member_ids),
        )
        for c in check_rows
    ]
    assessments = list(household.assessments.select_related("assessor", "decided_by").order_by("-started_on", "-pk"))
    open_assessment = next((a for a in assessments if not a.decision), None)
    reviews = list(household.reviews.select_related("reviewer").order_by("-held_on", "-pk"))
    visits = list(household.visits.select_related("by").order_by("-visited_at", "-pk"))
    training = [
        (t, COURSES.get(t.course, t.course), member_names.get(t.member_id, "") if t.member_id else "")
        for t in household.training.order_by("-completed_on", "-pk")
    ]
    roles = [
        (r, SPECIALIST_ROLES.get(r.role, (r.role,))[0]) for r in household.specialist_roles.order_by("-granted_on")
    ]
    placed = list(Placement.objects.filter(household=household, ended_on__isnull=True).order_by("started_on", "pk"))
    shown_children = {p.child_id for p in placed if scoping.person_decision(actor, p.child_id, now=now).allowed}
    child_names = display_names(shown_children)
    placements = [
        PlacedChild(p.pk, p.child_id, child_names.get(p.child_id, "Name not recorded"), p.started_on,
                    p.awaiting_approval)
        for p in placed if p.child_id in shown_children
    ]  # fmt: skip
    current_checks = [c for c in check_rows if c.pk in latest and (c.member_id is None or c.member_id in
                                                                    current_member_ids)]  # fmt: skip
    last_visit = visits[0].visited_at if visits else None
    flags = _flags(household, last_visit, current_checks, policy, today)
    since = timezone.localdate(last_visit) if last_visit else household.approved_on
    may_change = may_change_household(actor, decision)
    open_ = household.status != CaregiverHousehold.Status.CLOSED
    may_change = may_change and open_
    may_decide = bool(
        may_change
        and has_permission(actor, Permission.CAREGIVER_APPROVE)
        and open_assessment is not None
        and open_assessment.completed_on is not None
        and open_assessment.assessor_id != actor.pk
    )
    approved = household.status in (CaregiverHousehold.Status.APPROVED, CaregiverHousehold.Status.ON_HOLD)
    summary_only = decision.relationship.startswith(f"{VIA_CHILD}:")
    if summary_only:
        checks, assessments, reviews, visits, training = [], [], [], [], []
        open_assessment = None
    return HouseholdView(
        household=household,
        address_text=address_text,
        address_masked=household.address is not None and not sensitive,
        latitude=household.latitude if sensitive else None,
        longitude=household.longitude if sensitive else None,
        social_worker_name=_name(household.social_worker),
        members=members,
        checks=checks,
        assessments=assessments,
        reviews=reviews,
        visits=visits,
        training=training,
        specialist_roles=roles,
        placements=placements,
        others_placed=len(placed) - len(placements),
        flags=flags,
        needs_labels=[NEEDS.get(code, code) for code in household.needs_met],
        relationship=decision.relationship,
        summary_only=summary_only,
        may_change=may_change,
        may_decide=may_decide,
        may_start_assessment=may_change and open_assessment is None and not approved,
        may_complete_assessment=may_change and open_assessment is not None and open_assessment.completed_on is None,
        may_review=may_change and approved,
        may_grant_role=may_change and household.status == CaregiverHousehold.Status.APPROVED,
        may_close=may_change and not placed,
        open_assessment=open_assessment,
        approval_gaps=approval_gaps(household, today) if may_decide else [],
        visit_due_on=since + dt.timedelta(days=policy.visit_interval_days) if since and approved else None,
    )


# --- The social worker's caregivers needing attention (home page) ---------------------


@dataclass(frozen=True)
class AttentionRow:
    id: int
    reference: str
    name: str
    flags: Flags


@selector(AuditAction.CAREGIVER_LIST)
def caregivers_needing_attention(*, actor: User, limit: int = 20) -> list[AttentionRow]:
    """For the home page: the households the actor is social worker for with a
    visit overdue, a review due or a check expiring. Names only, and not
    audited (every home page shows them); a role without caregiver:read sees
    nothing."""
    decision = scoping.list_decision(actor, Permission.CAREGIVER_READ)
    if not decision.allowed:
        return []
    with reading(actor, decision=decision, subject_type=SUBJECT) as step:
        step.nothing_done()
        now = timezone.now()
        mine = list(
            CaregiverHousehold.objects.filter(social_worker=actor)
            .exclude(status=CaregiverHousehold.Status.CLOSED)
            .select_related("site")
            .order_by("name", "pk")[:500]
        )
        hidden = _sealed_households(actor, [h.pk for h in mine])
        rows = [r for r in _rows([h for h in mine if h.pk not in hidden], now) if r.flags.words]
        return [AttentionRow(r.id, r.reference, r.name, r.flags) for r in rows[:limit]]
