"""Reading shares: what a worker may share about a child and what they
shared (with every read of it: who, when, what happened), and what a
caregiver or partner worker has been given.

The items a share can hold (``choices_for``) are built here from what the
agency holds about the child, the same for the form that shows them and
the service that freezes them (tiaki.disclosure.services.sharing):

- ``about_me``: the current About me's items marked shareable
  (tiaki.care.selectors.about.about_me_shareable_items);
- ``plan_summary``: the goals (who does what, by when) and review date of
  the current version of the child's plan on each open case;
- ``contact``: the child's social worker (the allocated worker of each
  open case), by name, office and email;
- ``appointment``: casework has no appointment model, so the open tasks on
  the child's open cases due today or later stand for them.

Opening a share (``read_share``) writes a ShareRead, so it is a service
(tiaki.disclosure.services.sharing.read_share), named here too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.care.models import Placement
from tiaki.care.selectors.about import about_me_shareable_items
from tiaki.casework.models import Case, CaseParticipant, Plan, Task
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount, Share, ShareItem, ShareRead
from tiaki.disclosure.reach.sharing import account_of, recipient_gate, share_read_decision, share_write_decision
from tiaki.disclosure.services.sharing import read_share
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User
from tiaki.web.templatetags.tiaki_dates import day as day_words

__all__ = [
    "ChildShares",
    "Choice",
    "ShareView",
    "SharedWithMe",
    "choices_for",
    "ended_words",
    "read_share",
    "recipient_account_for",
    "shares_for_child",
    "shares_for_me",
]


@dataclass(frozen=True)
class Choice:
    """One thing the worker may tick: exactly what would be shared."""

    key: str
    kind: str
    label: str
    text: str

    @property
    def kind_label(self) -> str:
        return str(ShareItem.Kind(self.kind).label)


@dataclass(frozen=True)
class ReadView:
    who: str
    at: dt.datetime
    outcome: str
    outcome_label: str


@dataclass(frozen=True)
class ShareView:
    id: int
    child_id: int
    child_name: str
    recipient: str
    recipient_kind: str
    purpose: str
    consent: str
    shared_by: str
    shared_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str
    document_id: str
    #: Shown to the worker, and to the recipient while the share is current.
    items: list[Choice] = field(default_factory=list)
    reads: list[ReadView] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Withdrawn"
        return "Current" if self.current else "Ended"

    @property
    def until(self) -> str:
        return ended_words(self.expires_at)


@dataclass
class ChildShares:
    child_id: int
    child_name: str
    shares: list[ShareView]
    #: What may be shared, and with whom (empty unless ``may_share``).
    choices: list[Choice] = field(default_factory=list)
    households: list[tuple[int, str]] = field(default_factory=list)
    organisations: list[tuple[int, str]] = field(default_factory=list)
    may_share: bool = False


@dataclass
class SharedWithMe:
    #: "" when the account is linked to no household or organisation.
    reads_for: str
    current: list[ShareView]
    ended: list[ShareView]


def ended_words(expires_at: dt.datetime) -> str:
    """The last day a share could be read, as the recipient is told it ("3
    December 2026"): a share ends at midnight after its last day."""
    return day_words(timezone.localdate(expires_at - dt.timedelta(microseconds=1)))


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _open_cases(child_id: int) -> list[Case]:
    ids = CaseParticipant.objects.filter(
        person_id=child_id, role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
    ).values_list("case_id", flat=True)
    return list(Case.objects.filter(pk__in=list(ids)).select_related("allocated_worker", "site").order_by("pk"))


def _plan_text(goals: list, review_on: dt.date) -> str:
    lines = []
    for goal in goals:
        if not isinstance(goal, dict):
            continue
        said = str(goal.get("goal", "")).strip()
        action = str(goal.get("action", "")).strip()
        who = str(goal.get("who", "")).strip()
        by = str(goal.get("by", "")).strip()
        detail = ", ".join(part for part in (who, f"by {by}" if by else "") if part)
        lines.append(f"{said}: {action}" + (f" ({detail})" if detail else "") if action else said)
    lines.append(f"The plan is next reviewed on {day_words(review_on)}.")
    return "\n".join(line for line in lines if line)


def choices_for(child_id: int, about_items: list[dict[str, object]], *, today: dt.date | None = None) -> list[Choice]:
    """Everything that may be shared about the child, in kind order (About
    me, plan summary, contacts, appointments). ``about_items``: the child's
    shareable About me items as the care selector gave them to the actor."""
    today = today or timezone.localdate()
    choices = [
        Choice(f"about_me:{number}", ShareItem.Kind.ABOUT_ME, str(item["topic_label"]), str(item["text"]))
        for number, item in enumerate(about_items, start=1)
    ]
    cases = _open_cases(child_id)
    plans = Plan.objects.filter(child_id=child_id, case__in=cases).order_by("pk")
    for plan in plans:
        version = plan.versions.filter(number=plan.current_version).first()
        if version is not None:
            choices.append(Choice(f"plan:{plan.pk}:v{version.number}", ShareItem.Kind.PLAN_SUMMARY,
                                  "Goals and next review", _plan_text(version.goals, version.review_on)))  # fmt: skip
    for case in cases:
        worker = case.allocated_worker
        if worker is not None:
            text = f"{_name(worker)}, social worker, {case.site.name} office."
            if worker.email:
                text += f" Email: {worker.email}"
            choices.append(Choice(f"contact:case:{case.pk}", ShareItem.Kind.CONTACT, "Social worker", text))
    tasks = Task.objects.filter(case__in=cases, done_at__isnull=True, due_on__gte=today).order_by("due_on", "pk")
    for task in tasks[:20]:
        choices.append(Choice(f"task:{task.pk}", ShareItem.Kind.APPOINTMENT, task.title,
                              f"{task.title}, on or before {day_words(task.due_on)}."))  # fmt: skip
    return choices


def _households_of(child_id: int, today: dt.date) -> list[tuple[int, str]]:
    """The caregiver households the child is placed with now."""
    rows = (
        Placement.objects.filter(child_id=child_id, household__isnull=False, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("household")
        .order_by("started_on")
    )
    found: dict[int, str] = {}
    for row in rows:
        if row.household is not None:
            found[row.household.pk] = row.household.name
    return list(found.items())


def active_organisations(today: dt.date) -> list[PartnerOrganisation]:
    """Partners whose agreement is active today."""
    return list(
        PartnerOrganisation.objects.filter(status=PartnerOrganisation.Status.ACTIVE, agreement_start__lte=today)
        .filter(Q(agreement_end__isnull=True) | Q(agreement_end__gte=today))
        .order_by("name")
    )


def _views(shares: list[Share], *, with_reads: bool, with_items: bool) -> list[ShareView]:
    names = display_names([s.child_id for s in shares])
    views = []
    for share in shares:
        recipient = share.household.name if share.household else share.organisation.name if share.organisation else ""
        items = (
            [Choice(i.source_key, i.kind, i.label, i.text) for i in share.items.order_by("order", "pk")]
            if with_items
            else []
        )
        reads = (
            [
                ReadView(_name(r.user), r.read_at, r.outcome, str(ShareRead.Outcome(r.outcome).label))
                for r in share.reads.select_related("user").order_by("-read_at", "-pk")
            ]
            if with_reads
            else []
        )
        views.append(ShareView(
            id=share.pk, child_id=share.child_id, child_name=names.get(share.child_id, "Name not recorded"),
            recipient=recipient, recipient_kind="household" if share.household_id else "organisation",
            purpose=share.purpose, consent=str(Share.Consent(share.consent).label), shared_by=_name(share.shared_by),
            shared_at=share.shared_at, expires_at=share.expires_at, revoked_at=share.revoked_at,
            revoked_reason=share.revoked_reason,
            document_id=share.disclosure.document_id if share.disclosure else "", items=items, reads=reads,
        ))  # fmt: skip
    return views


def _shares(queryset: QuerySet[Share]) -> list[Share]:
    return list(queryset.select_related("household", "organisation", "shared_by", "disclosure").order_by("-shared_at"))


@selector(AuditAction.SHARE_LIST, permission=Permission.SHARE_CREATE)
def shares_for_child(*, actor: User, child_id: int) -> ChildShares:
    """The child's shares, newest first, each with what it holds and every
    read of it; and, for the child's team, what may be shared and with whom
    (the households the child is placed with now, partners with an active
    agreement). A child out of reach is a 404."""
    decision = share_read_decision(actor, child_id)
    write = share_write_decision(actor, child_id, read=decision) if decision.allowed else decision
    about = about_me_shareable_items(actor=actor, child_id=child_id) if write.allowed else []
    today = timezone.localdate()
    with reading(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        shares = _views(_shares(Share.objects.filter(child_id=child_id)), with_reads=True, with_items=True)
        result = ChildShares(
            child_id=child_id, child_name=display_names([child_id]).get(child_id, "Name not recorded"),
            shares=shares, may_share=write.allowed,
        )  # fmt: skip
        if write.allowed:
            result.choices = choices_for(child_id, about, today=today)
            result.households = _households_of(child_id, today)
            result.organisations = [(org.pk, org.name) for org in active_organisations(today)]
        step.relationship = f"shares-of-child:{decision.relationship}"
    return result


@selector(AuditAction.SHARE_LIST, permission=Permission.SHARE_READ)
def shares_for_me(*, actor: User) -> SharedWithMe:
    """What has been shared with the actor's household or organisation:
    the current shares (with what each holds) and those that ended,
    listed without their contents. An account linked to nothing has none."""
    refused = recipient_gate(actor)
    with reading(actor, decision=refused, subject_type="person") as step:
        account = account_of(actor)
        if account is None:
            step.relationship = "shares-for-me:no-account"
            return SharedWithMe("", [], [])
        mine = Share.objects.filter(
            household_id=account.household_id if account.household_id else None,
            organisation_id=account.organisation_id if account.organisation_id else None,
        )
        views = _views(_shares(mine), with_reads=False, with_items=False)
        step.subject_ids = sorted({v.child_id for v in views})
        where = f"household:{account.household_id}" if account.household_id else f"org:{account.organisation_id}"
        step.relationship = f"shares-for-me:{where}"
        reads_for = account.household.name if account.household else account.organisation.name  # type: ignore[union-attr]
    current = [v for v in views if v.current]
    ended = [v for v in views if not v.current]
    return SharedWithMe(reads_for, current, ended)


@dataclass(frozen=True)
class ReadsFor:
    """Which household or organisation an account reads shares for, for the administrator's page."""

    user_id: int
    username: str
    role: str
    household: str
    organisation_id: int | None
    organisations: list[tuple[int, str]]


@selector(AuditAction.USER_READ, permission=Permission.USER_MANAGE)
def recipient_account_for(*, actor: User, user_id: int) -> ReadsFor | None:
    """The account's link (tiaki.disclosure.services.accounts), for
    administrators only; None if there is no such account. Households are
    named by reference only: administrators see no case data."""
    with reading(actor, subject_type="user", subject_ids=[user_id]) as step:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            step.nothing_done()
            return None
        account = RecipientAccount.objects.filter(user=user).select_related("household").first()
        organisations = [(o.pk, o.name) for o in PartnerOrganisation.objects.order_by("name")]
        step.relationship = "recipient-account"
    return ReadsFor(
        user_id=user.pk, username=user.username, role=user.role,
        household=account.household.reference if account and account.household else "",
        organisation_id=account.organisation_id if account else None, organisations=organisations,
    )  # fmt: skip
