"""Sharing with caregivers and partners: a worker shares chosen items about
a child with the household the child is placed with, or a partner
organisation whose agreement allows them, for a purpose, with consent (or
an override reason) and an expiry. The items are frozen as they were; the
pack goes out through the one pipeline (tiaki.disclosure.services.pipeline
.release, channel "portal"), so the guard checks it and a Disclosure records
it. Every read is a ShareRead the worker sees; after expiry or withdrawal,
or once the guard would stop it (a protection order made since), the next
read is refused, audited and recorded as a refused read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record, refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverHousehold
from tiaki.disclosure import reasons
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount, Share, ShareItem, ShareRead
from tiaki.disclosure.reach.sharing import account_of, recipient_gate, share_write_decision
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.services import pipeline
from tiaki.disclosure.services.accounts import link_recipient_account
from tiaki.staff.models import User

if TYPE_CHECKING:
    from tiaki.disclosure.selectors.sharing import ShareView

__all__ = ["ShareEnded", "ShareError", "create_share", "link_recipient_account", "read_share", "revoke_share"]

#: The longest a share may last (policy: a year, then share again).
MAX_DAYS = 366
MAX_TEXT = 5_000


class ShareError(ValueError):
    """The share cannot be made as asked; nothing was saved and the attempt
    was audited. ``field`` names the input at fault; ``reason`` the refusal
    code it was audited with."""

    def __init__(self, message: str, field: str, reason: str = reasons.SHARE_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason


class ShareEnded(Exception):  # noqa: N818 - reads as what happened
    """The share may no longer be read (expired, withdrawn, or the guard now
    stops it): ``message`` says so plainly, ``reason`` is the refusal code."""

    def __init__(self, message: str, reason: str, share_id: int) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.share_id = share_id


@dataclass(frozen=True)
class _Checked:
    purpose: str
    consent: str
    consent_on: dt.date | None
    consent_note: str
    override_reason: str


def _check(
    *,
    purpose: str,
    consent: str,
    consent_on: dt.date | None,
    consent_note: str,
    override_reason: str,
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> _Checked:
    purpose = (purpose or "").strip()
    override_reason = (override_reason or "").strip()
    consent_note = (consent_note or "").strip()
    if not purpose:
        raise ShareError("Enter why you are sharing this.", "purpose")
    if len(purpose) > MAX_TEXT or len(override_reason) > MAX_TEXT or len(consent_note) > MAX_TEXT:
        raise ShareError(f"Keep each answer under {MAX_TEXT:,} characters.", "purpose")
    if consent not in Share.Consent.values:
        raise ShareError("Choose whose consent you have, or that you are sharing without it.", "consent")
    if consent == Share.Consent.NONE:
        if not override_reason:
            raise ShareError("Without consent, enter why you are sharing anyway.", "override_reason")
        consent_on = None
    else:
        if consent_on is None:
            raise ShareError("Enter the date consent was given.", "consent_on")
        if consent_on > timezone.localdate(now):
            raise ShareError("The date consent was given must be today or in the past.", "consent_on")
    if expires_at is None:
        raise ShareError("Enter the last day it can be read.", "expires_at")
    if expires_at <= now:
        raise ShareError("The last day it can be read must be today or later.", "expires_at")
    if expires_at > now + dt.timedelta(days=MAX_DAYS):
        raise ShareError("A share can last at most 12 months: choose an earlier last day.", "expires_at")
    return _Checked(purpose, consent, consent_on, consent_note, override_reason)


def household_recipient(household: CaregiverHousehold) -> Recipient:
    return Recipient(kind="household", label=household.name, household_id=household.pk)


def organisation_recipient(org: PartnerOrganisation) -> Recipient:
    return Recipient(kind="organisation", label=org.name, organisation_id=org.pk, address_lines=org.postal_address)


def _artefact(child_id: int, case_id: int | None, title: str, items: Sequence[tuple[str, str, str, str]]) -> Artefact:
    return Artefact(
        kind="share_pack", title=title, case_id=case_id, subject_ids=[child_id],
        items=[Item(key=key, label=label, text=text, about_person=child_id, section=str(ShareItem.Kind(kind).label))
               for key, kind, label, text in items],
    )  # fmt: skip


@service(AuditAction.SHARE_CREATE, permission=Permission.SHARE_CREATE)
def create_share(
    *,
    actor: User,
    child_id: int,
    household_id: int | None = None,
    organisation_id: int | None = None,
    item_keys: Sequence[str],
    purpose: str,
    consent: str,
    consent_on: dt.date | None = None,
    consent_note: str = "",
    override_reason: str = "",
    expires_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> Share:
    """Share chosen items about the child (only the child's team may): to
    the household the child is placed with now, or a partner whose active
    agreement covers every item's kind. Bad input is a ShareError, audited,
    nothing saved; the guard stopping it raises DisclosureBlocked (the
    pipeline recorded the near miss) and no share is made. Must be called
    outside a transaction (the pipeline commits a blocked record)."""
    # Here, not at the top: the selectors module names read_share from this one.
    from tiaki.disclosure.selectors import sharing as choices

    decision = share_write_decision(actor, child_id)
    enforce(actor, decision, action=AuditAction.SHARE_CREATE, subject_type="person", subject_ids=[child_id])
    now = now or timezone.now()
    today = timezone.localdate(now)
    try:
        checked = _check(purpose=purpose, consent=consent, consent_on=consent_on, consent_note=consent_note,
                         override_reason=override_reason, expires_at=expires_at, now=now)  # fmt: skip
        household: CaregiverHousehold | None = None
        organisation: PartnerOrganisation | None = None
        if (household_id is None) == (organisation_id is None):
            raise ShareError("Choose one caregiver household or one partner organisation.", "recipient")
        if household_id is not None:
            if household_id not in dict(choices._households_of(child_id, today)):
                raise ShareError("Choose a caregiver household the child is placed with now.", "recipient")
            household = CaregiverHousehold.objects.get(pk=household_id)
            recipient = household_recipient(household)
        else:
            organisation = PartnerOrganisation.objects.filter(pk=organisation_id or 0).first()
            if organisation is None:
                raise ShareError("Choose a partner organisation from the list.", "recipient")
            if organisation not in choices.active_organisations(today):
                raise ShareError(f"{organisation.name}'s agreement is not active: nothing can be shared with them.",
                                 "recipient", reasons.PARTNER_NOT_AGREED)  # fmt: skip
            recipient = organisation_recipient(organisation)
        keys = list(dict.fromkeys(item_keys))
        if not keys:
            raise ShareError("Choose at least one thing to share.", "items")
        about = choices.about_me_shareable_items(actor=actor, child_id=child_id)
        offered = {c.key: c for c in choices.choices_for(child_id, about, today=today)}
        missing = [key for key in keys if key not in offered]
        if missing:
            raise ShareError("Something you chose has changed or is no longer there: choose again.", "items")
        chosen = [offered[key] for key in keys]
        if organisation is not None:
            refused = sorted(
                {str(ShareItem.Kind(c.kind).label) for c in chosen}
                - {str(ShareItem.Kind(k).label) for k in organisation.may_receive if k in ShareItem.Kind.values}
            )
            if refused:
                raise ShareError(f"{organisation.name}'s agreement does not let it receive: {', '.join(refused)}.",
                                 "items", reasons.PARTNER_NOT_AGREED)  # fmt: skip
    except ShareError as exc:
        refusal_record(actor, exc.reason, action=AuditAction.SHARE_CREATE, subject_type="person",
                       subject_ids=[child_id], relationship=f"share:invalid:{exc.field}")  # fmt: skip
        raise
    case_id = int(decision.relationship.rpartition(":")[2]) if decision.relationship[-1:].isdigit() else None
    items = [(c.key, c.kind, c.label, c.text) for c in chosen]
    released = pipeline.release(
        actor=actor, artefact=_artefact(child_id, case_id, f"Shared with {recipient.label}", items),
        recipient=recipient, purpose=checked.purpose, channel="portal", render=False,
    )  # fmt: skip
    assert expires_at is not None  # _check refused a share without one
    with writing(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        share = Share.objects.create(
            child_id=child_id, case_id=case_id, household=household, organisation=organisation,
            purpose=checked.purpose, consent=checked.consent, consent_on=checked.consent_on,
            consent_note=checked.consent_note, override_reason=checked.override_reason, shared_by=actor,
            shared_at=now, expires_at=expires_at, disclosure=released.disclosure,
        )  # fmt: skip
        ShareItem.objects.bulk_create(
            ShareItem(share=share, kind=kind, source_key=key, label=label[:200], text=text, order=number)
            for number, (key, kind, label, text) in enumerate(items)
        )
        where = f"household:{household.pk}" if household else f"org:{organisation.pk if organisation else 0}"
        step.relationship = f"share:{share.pk}:{where}:{released.disclosure.document_id}"
    return share


@service(AuditAction.SHARE_REVOKE, permission=Permission.SHARE_CREATE)
def revoke_share(*, actor: User, share_id: int, reason: str, now: dt.datetime | None = None) -> Share:
    """Withdraw a share (the child's team only): its next read is refused.
    Withdrawing one already withdrawn changes nothing."""
    refused = scoping.gate(actor, Permission.SHARE_CREATE)
    if refused is not None:
        enforce(actor, refused, action=AuditAction.SHARE_REVOKE, subject_type="person", subject_ids=[])
    share = Share.objects.filter(pk=record_id(share_id)).first()
    # A missing share is decided as a missing child, by the same queries as
    # one out of reach, so neither the answer nor its timing tells them apart.
    decision = share_write_decision(actor, share.child_id if share is not None else NO_RECORD)
    # Refused without naming the child: the same audit rows either way.
    enforce(actor, decision, action=AuditAction.SHARE_REVOKE, subject_type="person", subject_ids=[])
    if share is None:
        raise AssertionError("unreachable: a missing child is refused")  # pragma: no cover
    reason = (reason or "").strip()
    now = now or timezone.now()
    with writing(actor, decision=decision, subject_type="person", subject_ids=[share.child_id]) as step:
        locked = Share.objects.select_for_update().get(pk=share.pk)
        if locked.revoked_at is not None:
            step.nothing_done()
            return locked
        if not reason:
            raise ShareError("Enter why you are withdrawing this share.", "reason")
        if len(reason) > MAX_TEXT:
            raise ShareError(f"Keep the reason under {MAX_TEXT:,} characters.", "reason")
        locked.revoked_at = now
        locked.revoked_by = actor
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        step.relationship = f"share:{locked.pk}"
    return locked


def _is_for(share: Share, account: RecipientAccount | None) -> bool:
    if account is None:
        return False
    if account.household_id is not None:
        return share.household_id == account.household_id
    return account.organisation_id is not None and share.organisation_id == account.organisation_id


def _ended(share: Share, now: dt.datetime) -> tuple[str, str, str] | None:
    """(refusal code, ShareRead outcome, what the reader is told) if the share may no longer be read."""
    from tiaki.disclosure.selectors.sharing import ended_words

    ask = "Ask the child's social worker if you still need it."
    if share.revoked_at is not None:
        day = ended_words(share.revoked_at + dt.timedelta(microseconds=1))
        return (
            reasons.SHARE_REVOKED,
            ShareRead.Outcome.REVOKED,
            f"This was shared until {day}, when it was withdrawn. {ask}",
        )
    if share.expires_at <= now:
        return (
            reasons.SHARE_EXPIRED,
            ShareRead.Outcome.EXPIRED,
            f"This was shared until {ended_words(share.expires_at)}. {ask}",
        )
    recipient = (
        household_recipient(share.household) if share.household else organisation_recipient(share.organisation)  # type: ignore[arg-type]
    )
    items = [(i.source_key, i.kind, i.label, i.text) for i in share.items.order_by("order", "pk")]
    if guard.check(_artefact(share.child_id, share.case_id, f"Shared with {recipient.label}", items), recipient):
        return reasons.DISCLOSURE_BLOCKED, ShareRead.Outcome.BLOCKED, f"This can no longer be shown to you. {ask}"
    return None


@service(AuditAction.SHARE_READ, permission=Permission.SHARE_READ)
def read_share(*, actor: User, share_id: int, channel: str = "web", now: dt.datetime | None = None) -> ShareView:
    """Open a share made to the actor's household or organisation (anyone
    else's is a 404, as if there were none); every opening is a ShareRead.
    Expired, withdrawn, or stopped by the guard run again on what was
    frozen (something new since it was shared): ShareEnded, audited."""
    from tiaki.disclosure.selectors.sharing import _views

    refused = recipient_gate(actor)
    if refused is not None:
        enforce(actor, refused, action=AuditAction.SHARE_READ, subject_type="person", subject_ids=[])
    account = account_of(actor)
    share = (
        Share.objects.filter(pk=record_id(share_id)).select_related("household", "organisation", "shared_by",
                                                                    "disclosure").first()
    )  # fmt: skip
    if share is None or not _is_for(share, account):
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SHARE_READ, subject_type="person")
    now = now or timezone.now()
    ended = _ended(share, now)
    if ended is not None:
        code, outcome, message = ended
        with transaction.atomic():
            ShareRead.objects.create(share=share, user=actor, read_at=now, outcome=outcome, channel=channel)
        refusal_record(actor, code, action=AuditAction.SHARE_READ, subject_type="person", subject_ids=[share.child_id],
                       relationship=f"share:{share.pk}")  # fmt: skip
        raise ShareEnded(message, code, share.pk)
    with writing(actor, subject_type="person", subject_ids=[share.child_id]) as step:
        ShareRead.objects.create(share=share, user=actor, read_at=now, outcome=ShareRead.Outcome.READ, channel=channel)
        where = f"household:{share.household_id}" if share.household_id else f"org:{share.organisation_id}"
        step.relationship = f"share:{share.pk}:{where}"
        (view,) = _views([share], with_reads=False, with_items=True)
    return view
