"""The partner organisation register: adding an organisation with its
agreement, changing it (from the version the writer saw), and recording
that it confirmed disposal of what it received.

The register holds no personal data about clients; it is still changed only
here, by a privacy officer or site manager (partner:manage), each change
audited with subject type "partner". A change that cannot be made as asked
raises PartnerError (the message and the input at fault); nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation
from tiaki.disclosure.selectors.partners import SUBJECT, organisation_decision
from tiaki.staff.models import User

#: The longest retention an agreement may set (ten years).
MAX_RETENTION_DAYS = 3653


class PartnerError(ValueError):
    """The change cannot be made as asked; the message says why, for the page
    or the API; ``field`` names the input at fault. Nothing was saved."""

    code = "invalid"

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StalePartner(PartnerError):  # noqa: N818 - reads as what happened
    """Someone else changed the organisation first: nothing was changed;
    ``current`` is the version now saved."""

    code = "stale_version"

    def __init__(self, message: str, current: int) -> None:
        super().__init__(message, "version")
        self.current = current


@dataclass(frozen=True)
class PartnerInput:
    """What the register says about an organisation, as a form or the API gives it."""

    name: str
    kind: str
    agreement_reference: str
    agreement_start: dt.date | None
    agreement_end: dt.date | None = None
    may_receive: Sequence[str] = field(default_factory=tuple)
    retention_days: int | None = 365
    postal_address: str = ""
    email: str = ""
    status: str = PartnerOrganisation.Status.ACTIVE


def _text(value: str, field_name: str, label: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PartnerError(f"Enter {label}.", field_name)
    if len(value) > limit:
        raise PartnerError(f"Keep {label} under {limit:,} characters.", field_name)
    return value


def _cleaned(details: PartnerInput, *, organisation_id: int | None = None) -> dict[str, object]:
    """The register's fields from ``details``, or PartnerError for the first thing wrong."""
    name = _text(details.name, "name", "the organisation's name", limit=200)
    same_name = PartnerOrganisation.objects.filter(name__iexact=name)
    if organisation_id is not None:
        same_name = same_name.exclude(pk=organisation_id)
    if same_name.exists():
        raise PartnerError("An organisation with this name is already on the register.", "name")
    if details.kind not in PartnerOrganisation.Kind.values:
        raise PartnerError("Choose the kind of organisation.", "kind")
    if details.status not in PartnerOrganisation.Status.values:
        raise PartnerError("Choose the agreement's status.", "status")
    reference = _text(details.agreement_reference, "agreement_reference", "the agreement's reference", limit=60)
    if details.agreement_start is None:
        raise PartnerError("Enter the date the agreement starts.", "agreement_start")
    if details.agreement_end is not None and details.agreement_end < details.agreement_start:
        raise PartnerError("The agreement cannot end before it starts.", "agreement_end")
    unknown = [kind for kind in details.may_receive if kind not in PartnerOrganisation.RECEIVABLE]
    if unknown:
        raise PartnerError(
            "Choose what the organisation may receive from the list: about me, a plan summary, contacts and "
            "appointments.",
            "may_receive",
        )
    retention = details.retention_days
    if retention is None or retention < 1:
        raise PartnerError("Enter how many days the organisation may keep what it receives: at least 1.",
                           "retention_days")  # fmt: skip
    if retention > MAX_RETENTION_DAYS:
        raise PartnerError(f"An agreement keeps information for at most {MAX_RETENTION_DAYS:,} days.",
                           "retention_days")  # fmt: skip
    wanted = set(details.may_receive)
    return {
        "name": name,
        "kind": details.kind,
        "status": details.status,
        "agreement_reference": reference,
        "agreement_start": details.agreement_start,
        "agreement_end": details.agreement_end,
        # In the register's own order, once each.
        "may_receive": [kind for kind in PartnerOrganisation.RECEIVABLE if kind in wanted],
        "retention_days": retention,
        "postal_address": _text(
            details.postal_address, "postal_address", "the postal address", limit=1_000, required=False
        ),
        "email": _text(details.email, "email", "the email address", limit=254, required=False),
    }


@service(AuditAction.PARTNER_CREATE, permission=Permission.PARTNER_MANAGE)
def create_partner(*, actor: User, details: PartnerInput) -> PartnerOrganisation:
    """Add an organisation to the register with its agreement: a reference,
    a start (and an end not before it), what it may receive and its retention."""
    decision = scoping.list_decision(actor, Permission.PARTNER_MANAGE)
    with writing(actor, decision=decision, subject_type=SUBJECT, relationship="register") as step:
        values = _cleaned(details)
        now = timezone.now()
        organisation = PartnerOrganisation.objects.create(**values, created_at=now, updated_at=now)
        step.subject_ids = [organisation.pk]
        step.relationship = f"register:created:{organisation.pk}"
    return organisation


@service(AuditAction.PARTNER_UPDATE, permission=Permission.PARTNER_MANAGE)
def update_partner(
    *, actor: User, organisation_id: int, expected_version: int, details: PartnerInput
) -> PartnerOrganisation:
    """Change what the register says about an organisation, only from the
    version the writer saw (StalePartner otherwise: nothing is changed)."""
    decision = organisation_decision(actor, organisation_id, Permission.PARTNER_MANAGE)
    with writing(actor, decision=decision, subject_type=SUBJECT, subject_ids=[organisation_id]) as step:
        organisation = PartnerOrganisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.version != expected_version:
            raise StalePartner(
                "Someone else changed this organisation since you opened it. Nothing was saved: check their "
                "change and save again.",
                current=organisation.version,
            )
        values = _cleaned(details, organisation_id=organisation_id)
        changed = [name for name, value in values.items() if getattr(organisation, name) != value]
        if not changed:
            step.nothing_done()
            return organisation
        for name in changed:
            setattr(organisation, name, values[name])
        organisation.version += 1
        organisation.updated_at = timezone.now()
        organisation.save(update_fields=[*changed, "version", "updated_at"])
        step.relationship = f"register:changed:{','.join(sorted(changed))}"
    return organisation


@service(AuditAction.PARTNER_DISPOSAL_CONFIRM, permission=Permission.PARTNER_MANAGE)
def record_disposal(
    *, actor: User, organisation_id: int, covers_up_to: dt.date, confirmed_on: dt.date, confirmed_by_name: str
) -> DisposalConfirmation:
    """Record the organisation's confirmation that it disposed of everything
    it received up to ``covers_up_to``: confirmed by then, and not in the future."""
    decision = organisation_decision(actor, organisation_id, Permission.PARTNER_MANAGE)
    with writing(actor, decision=decision, subject_type=SUBJECT, subject_ids=[organisation_id]) as step:
        organisation = PartnerOrganisation.objects.select_for_update().get(pk=organisation_id)
        if confirmed_on is None:
            raise PartnerError("Enter the date the organisation confirmed disposal.", "confirmed_on")
        if confirmed_on > timezone.localdate():
            raise PartnerError("The date disposal was confirmed cannot be in the future.", "confirmed_on")
        if covers_up_to is None:
            raise PartnerError("Enter the date the disposal covers information up to.", "covers_up_to")
        if covers_up_to > confirmed_on:
            raise PartnerError(
                "A disposal cannot cover information received after the date it was confirmed.", "covers_up_to"
            )
        name = _text(confirmed_by_name, "confirmed_by_name", "who at the organisation confirmed it", limit=200)
        confirmation = DisposalConfirmation.objects.create(
            organisation=organisation, covers_up_to=covers_up_to, confirmed_on=confirmed_on,
            confirmed_by_name=name, recorded_by=actor, recorded_at=timezone.now(),
        )  # fmt: skip
        step.relationship = f"register:disposal:{confirmation.pk}"
    return confirmation
