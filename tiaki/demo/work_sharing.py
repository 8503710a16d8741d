"""The demo's sharing (issue 15): the caregiver and partner worker sign-ins
read what is shared with them.

``demo-caregiver`` is linked to the approved household the long case's
child is placed with (tiaki.demo.work_care: their About me has items marked
shareable), as its first caregiver; ``demo-partner-worker`` to the partner
organisation "Te Whare Tiaki Trust" (made here if the partner register's
seed has not: get_or_create on the name, so either may run first). Linked
through the service, by the demo administrator; then the demo social worker
shares the child's shareable About me with the household through the
sharing service (so its disclosure, guard and audit are real). Run again,
it adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.care.models import AboutMe, HouseholdMember, Placement
from tiaki.casework.models import CaseParticipant
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount, Share
from tiaki.disclosure.selectors.sharing import shares_for_child
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.sharing import ShareError, create_share, link_recipient_account
from tiaki.staff.models import User

PARTNER_NAME = "Te Whare Tiaki Trust"


def _partner() -> PartnerOrganisation:
    now = timezone.now()
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        name=PARTNER_NAME,
        defaults={
            "kind": PartnerOrganisation.Kind.NGO, "agreement_reference": "TWT-2026-01",
            "agreement_start": dt.date(2026, 1, 1), "agreement_end": dt.date(2027, 12, 31),
            "may_receive": ["about_me", "appointment", "contact"], "retention_days": 365,
            "postal_address": "PO Box 1402\nWhangārei 0140", "email": "kaimahi@tewharetiaki.invalid",
            "created_at": now, "updated_at": now,
        },
    )  # fmt: skip
    return organisation


def demo_sharing(*, admin: User, worker: User, caregiver: User | None, partner: User | None) -> None:
    """Link the two recipient sign-ins and share the demo child's routines (see the module docstring)."""
    if partner is not None and not RecipientAccount.objects.filter(user=partner).exists():
        link_recipient_account(actor=admin, user_id=partner.pk, organisation_id=_partner().pk)
    # The demo worker's own child (the seeded agency's About mes are other workers').
    theirs = CaseParticipant.objects.filter(case__allocated_worker=worker, case__closed_at__isnull=True)
    about = AboutMe.objects.filter(child_id__in=theirs.values("person_id")).order_by("pk").first()
    placement = (
        Placement.objects.filter(child_id=about.child_id, household__isnull=False, ended_on__isnull=True)
        .order_by("-started_on").first()
        if about is not None else None
    )  # fmt: skip
    if caregiver is None or placement is None or placement.household_id is None:
        return
    if not RecipientAccount.objects.filter(user=caregiver).exists():
        member = HouseholdMember.objects.filter(household_id=placement.household_id, left_on__isnull=True)
        person = member.order_by("pk").values_list("person_id", flat=True).first()
        link_recipient_account(actor=admin, user_id=caregiver.pk, household_id=placement.household_id,
                               person_id=person)  # fmt: skip
    if Share.objects.filter(household_id=placement.household_id).exists():
        return
    choices = shares_for_child(actor=worker, child_id=placement.child_id).choices
    keys = [c.key for c in choices if c.kind == "about_me"]
    if not keys:
        return
    try:
        create_share(
            actor=worker, child_id=placement.child_id, household_id=placement.household_id, item_keys=keys,
            purpose="So you know their routines and what helps when they are upset.", consent="young_person",
            consent_on=timezone.localdate(), consent_note="Talked it through at the last visit.",
            expires_at=timezone.now() + dt.timedelta(days=90),
        )  # fmt: skip
    except (ShareError, DisclosureBlocked):
        # The guard or the rules said no (the seed's data can differ): the
        # caregiver's page then says nothing is shared, which is true.
        return
