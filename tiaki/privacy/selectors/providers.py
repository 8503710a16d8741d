"""The privacy office's view of the partner organisations (NGO providers):
for each, what it holds (counted), its agreement's terms, its retention,
when its next disposal is due or how long it is overdue, its last
disposal confirmation, and its workers' reads of shares in the last 90
days (how many, how many refused). Built from the disclosure domain's
partner register (tiaki.disclosure.selectors.partners); the partner's own
page has the detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import PartnerOrganisation
from tiaki.disclosure.selectors.partners import (
    SUBJECT,
    PartnerRow,
    ReadCounts,
    holdings,
    last_confirmed,
    partner_row,
    read_counts,
)
from tiaki.staff.models import User

#: How far back the reads are counted.
READS_DAYS = 90


@dataclass(frozen=True)
class Provider:
    row: PartnerRow
    reads: ReadCounts
    last_confirmed_on: dt.date | None

    @property
    def overdue_days(self) -> int:
        due = self.row.holding.next_disposal_due
        if not self.row.holding.disposal_overdue or due is None:
            return 0
        return (timezone.localdate() - due).days


@dataclass
class ProviderOverview:
    providers: list[Provider]
    overdue: int
    reads_since: dt.date


@selector(AuditAction.PARTNER_READ, permission=Permission.PARTNER_READ)
def provider_overview(*, actor: User, now: dt.datetime | None = None) -> ProviderOverview:
    """Every organisation on the register, overdue disposals first (longest
    overdue first), then by name. Audited as a read of the register."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=READS_DAYS)
    decision = scoping.list_decision(actor, Permission.PARTNER_READ)
    with reading(actor, decision=decision, subject_type=SUBJECT, relationship="register:providers") as step:
        organisations = list(PartnerOrganisation.objects.order_by("name", "pk"))
        ids = [o.pk for o in organisations]
        held = holdings(organisations, now=now)
        reads = read_counts(ids, since)
        confirmed = last_confirmed(ids)
        providers = [Provider(partner_row(o, held[o.pk]), reads.get(o.pk, ReadCounts()), confirmed.get(o.pk))
                     for o in organisations]  # fmt: skip
        step.subject_ids = ids
    far_future = dt.date.max
    providers.sort(key=lambda p: (not p.row.holding.disposal_overdue,
                                  p.row.holding.next_disposal_due or far_future if p.row.holding.disposal_overdue
                                  else far_future, p.row.name))  # fmt: skip
    overdue = sum(1 for p in providers if p.row.holding.disposal_overdue)
    return ProviderOverview(providers, overdue, timezone.localdate(since))
