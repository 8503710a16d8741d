"""Reading the partner organisation register: the list, one organisation
with what it holds and when that is due for disposal, the organisations
whose disposal is overdue (for the privacy office), and the Recipient an
organisation is to the disclosure pipeline.

The register holds no personal data about clients, but it is read through
these selectors (partner:read) like everything else, and opening an
organisation is audited (PARTNER_READ, subject type "partner"). What an
organisation holds is counted, never shown: how many shares it has now and
how many have ended (tiaki.disclosure.models.Share), and its workers' reads
(who, when, which share; never what was in it).

Disposal: what a share gave stays with the organisation until the share
ends (its expiry, or its revocation if sooner); it must be disposed of
``retention_days`` after that. A DisposalConfirmation covers every share
that ended on or before its ``covers_up_to``. An organisation's disposal is
overdue when a share it was given is past its disposal date with no
confirmation covering it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NOT_FOUND, Decision
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.artefacts import Recipient
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation, Share, ShareItem, ShareRead
from tiaki.staff.models import User

SUBJECT = "partner"
#: The reads shown on an organisation's page, newest first.
READS_SHOWN = 50

_RECEIVABLE_LABELS = dict(ShareItem.Kind.choices)


def reference(organisation_id: int) -> str:
    """How the register and the audit trail name an organisation (tiaki.privacy.words)."""
    return f"P-{organisation_id:04d}"


def receivable_labels(kinds: Iterable[str]) -> list[str]:
    return [_RECEIVABLE_LABELS.get(kind, kind) for kind in kinds]


def organisation_decision(actor: User | None, organisation_id: int, permission: Permission) -> Decision:
    """Whether ``actor`` may read (or with partner:manage, change) one
    organisation: the role and induction gate, then a 404 for one that is
    not on the register. No need-to-know: the register is about agreements."""
    stopped = scoping.gate(actor, permission)
    if stopped is not None:
        return stopped
    if not PartnerOrganisation.objects.filter(pk=organisation_id).exists():
        return scoping.refuse(NOT_FOUND)
    return Decision(True, "register")


def recipient_for(organisation: PartnerOrganisation) -> Recipient:
    """The organisation as the pipeline's recipient (letters and shares):
    named on the artefact and its watermark, posted to its postal address."""
    return Recipient(kind="organisation", label=organisation.name, organisation_id=organisation.pk,
                     address_lines=organisation.postal_address)  # fmt: skip


# --- Disposal dates ------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """What an organisation holds, counted, and when it is due for disposal."""

    current_shares: int = 0
    ended_shares: int = 0
    #: When its oldest information not yet covered by a confirmation is due for disposal.
    next_disposal_due: dt.date | None = None
    disposal_overdue: bool = False
    #: The latest date a confirmation covers (None: never confirmed).
    disposed_up_to: dt.date | None = None

    @property
    def due_words(self) -> str:
        if self.next_disposal_due is None:
            return "Nothing due"
        if self.disposal_overdue:
            return f"Overdue since {self.next_disposal_due:%-d %B %Y}"
        return f"Due {self.next_disposal_due:%-d %B %Y}"


def _ended_on(expires: dt.datetime, revoked: dt.datetime | None, now: dt.datetime) -> tuple[dt.date, bool]:
    """(the day the share ends or ended, whether it has ended)."""
    end = min(revoked, expires) if revoked is not None else expires
    return timezone.localdate(end), end <= now


def holdings(organisations: Iterable[PartnerOrganisation], now: dt.datetime | None = None) -> dict[int, Holding]:
    """Each organisation's Holding, in two queries whatever their number."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_pk = {o.pk: o for o in organisations}
    covered = dict(
        DisposalConfirmation.objects.filter(organisation_id__in=list(by_pk))
        .values("organisation_id")
        .annotate(upto=Max("covers_up_to"))
        .values_list("organisation_id", "upto")
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    due: dict[int, dt.date] = {}
    shares = Share.objects.filter(organisation_id__in=list(by_pk)).values("organisation_id", "expires_at",
                                                                          "revoked_at")  # fmt: skip
    for share in shares:
        pk = share["organisation_id"]
        end, ended = _ended_on(share["expires_at"], share["revoked_at"], now)
        counts[pk][1 if ended else 0] += 1
        upto = covered.get(pk)
        if upto is not None and end <= upto:
            continue
        disposal = end + dt.timedelta(days=by_pk[pk].retention_days)
        if pk not in due or disposal < due[pk]:
            due[pk] = disposal
    return {
        pk: Holding(counts[pk][0], counts[pk][1], due.get(pk), pk in due and due[pk] < today, covered.get(pk))
        for pk in by_pk
    }


# --- The register --------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerRow:
    id: int
    reference: str
    name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    agreement_reference: str
    agreement_start: dt.date
    agreement_end: dt.date | None
    may_receive: list[str]
    may_receive_labels: list[str]
    retention_days: int
    holding: Holding


def _row(o: PartnerOrganisation, holding: Holding) -> PartnerRow:
    return PartnerRow(o.pk, reference(o.pk), o.name, o.kind, o.get_kind_display(), o.status, o.get_status_display(),
                      o.agreement_reference, o.agreement_start, o.agreement_end, list(o.may_receive),
                      receivable_labels(o.may_receive), o.retention_days, holding)  # fmt: skip


@dataclass
class PartnerList:
    rows: list[PartnerRow]
    may_manage: bool
    overdue: int


@selector(AuditAction.PARTNER_READ, permission=Permission.PARTNER_READ)
def partner_list(*, actor: User, status: str = "", overdue_only: bool = False) -> PartnerList:
    """The register, by name, with each organisation's next disposal date;
    ``status`` filters by the agreement's status, ``overdue_only`` to those
    whose disposal is overdue. Audited as a read of the register."""
    decision = scoping.list_decision(actor, Permission.PARTNER_READ)
    with reading(actor, decision=decision, subject_type=SUBJECT, relationship="register:list"):
        found = PartnerOrganisation.objects.order_by("name", "pk")
        if status:
            found = found.filter(status=status)
        organisations = list(found)
        held = holdings(organisations)
        rows = [_row(o, held[o.pk]) for o in organisations]
    if overdue_only:
        rows = [row for row in rows if row.holding.disposal_overdue]
    overdue = sum(1 for row in rows if row.holding.disposal_overdue)
    return PartnerList(rows, has_permission(actor, Permission.PARTNER_MANAGE), overdue)


@selector(AuditAction.PARTNER_READ, permission=Permission.PARTNER_READ)
def overdue_disposals(*, actor: User) -> list[PartnerRow]:
    """Organisations whose disposal is overdue, the longest overdue first
    (for the privacy office)."""
    decision = scoping.list_decision(actor, Permission.PARTNER_READ)
    with reading(actor, decision=decision, subject_type=SUBJECT, relationship="register:overdue") as step:
        organisations = list(PartnerOrganisation.objects.filter(shares__isnull=False).distinct().order_by("pk"))
        held = holdings(organisations)
        rows = [_row(o, held[o.pk]) for o in organisations if held[o.pk].disposal_overdue]
        rows.sort(key=lambda row: (row.holding.next_disposal_due, row.name))
        step.subject_ids = [row.id for row in rows]
    return rows


# --- One organisation ----------------------------------------------------------------


@dataclass(frozen=True)
class ReadRow:
    """A read of a share by one of the organisation's workers: never what it held."""

    who: str
    read_at: dt.datetime
    share_id: int
    outcome: str
    outcome_label: str
    channel: str


@dataclass(frozen=True)
class DisposalRow:
    id: int
    covers_up_to: dt.date
    confirmed_on: dt.date
    confirmed_by_name: str
    recorded_by: str
    recorded_at: dt.datetime


@dataclass
class PartnerView:
    organisation: PartnerOrganisation
    row: PartnerRow
    disposals: list[DisposalRow]
    reads: list[ReadRow]
    reads_total: int
    accounts: int
    may_manage: bool = False
    kinds_not_received: list[str] = field(default_factory=list)

    @property
    def holding(self) -> Holding:
        return self.row.holding


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@selector(AuditAction.PARTNER_READ, permission=Permission.PARTNER_READ)
def partner_get(*, actor: User, organisation_id: int) -> PartnerView:
    """One organisation: its agreement, what it holds (counted), when that is
    due for disposal, its confirmations, and its workers' reads."""
    decision = organisation_decision(actor, organisation_id, Permission.PARTNER_READ)
    with reading(actor, decision=decision, subject_type=SUBJECT, subject_ids=[organisation_id]):
        organisation = PartnerOrganisation.objects.get(pk=organisation_id)
        row = _row(organisation, holdings([organisation])[organisation.pk])
        disposals = [
            DisposalRow(d.pk, d.covers_up_to, d.confirmed_on, d.confirmed_by_name, _name(d.recorded_by),
                        d.recorded_at)
            for d in organisation.disposals.select_related("recorded_by").order_by("-covers_up_to", "-pk")
        ]  # fmt: skip
        reads = ShareRead.objects.filter(share__organisation=organisation,
                                         user__recipient_account__organisation=organisation)  # fmt: skip
        shown = [
            ReadRow(_name(r.user), r.read_at, r.share_id, r.outcome, r.get_outcome_display(), r.channel)
            for r in reads.select_related("user").order_by("-read_at", "-pk")[:READS_SHOWN]
        ]
        view = PartnerView(
            organisation=organisation, row=row, disposals=disposals, reads=shown, reads_total=reads.count(),
            accounts=organisation.accounts.count(), may_manage=has_permission(actor, Permission.PARTNER_MANAGE),
            kinds_not_received=receivable_labels(k for k in PartnerOrganisation.RECEIVABLE
                                                 if k not in organisation.may_receive),
        )  # fmt: skip
    return view


# --- For the privacy office's providers page (tiaki.privacy.selectors.providers) ------


@dataclass(frozen=True)
class ReadCounts:
    """An organisation's workers' reads of its shares since a moment: how
    many, and how many were refused (expired, revoked, blocked)."""

    total: int = 0
    refused: int = 0


def read_counts(organisation_ids: Iterable[int], since: dt.datetime) -> dict[int, ReadCounts]:
    """Each organisation's ReadCounts since ``since``, in one query (counts
    only: never what was read)."""
    from django.db.models import Count, F, Q

    rows = (
        ShareRead.objects.filter(share__organisation_id__in=list(organisation_ids), read_at__gte=since,
                                 user__recipient_account__organisation_id=F("share__organisation_id"))
        .values("share__organisation_id")
        .annotate(total=Count("pk"), refused=Count("pk", filter=~Q(outcome=ShareRead.Outcome.READ)))
        .values_list("share__organisation_id", "total", "refused")
    )  # fmt: skip
    return {pk: ReadCounts(total, refused) for pk, total, refused in rows}


def partner_row(organisation: PartnerOrganisation, holding: Holding) -> PartnerRow:
    """One organisation's register row, as partner_list shows it."""
    return _row(organisation, holding)


def last_confirmed(organisation_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each organisation last confirmed a disposal (its latest ``confirmed_on``)."""
    return dict(
        DisposalConfirmation.objects.filter(organisation_id__in=list(organisation_ids))
        .values("organisation_id")
        .annotate(last=Max("confirmed_on"))
        .values_list("organisation_id", "last")
    )
