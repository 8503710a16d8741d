"""The demo's disclosure set-up (issue 15): what the disclosure guard and the
partner register show a demo sign-in.

- The long case's child's mother lives at a protected address (a refuge),
  with a protection order that protects her from the child's father
  (PersonAlert.other_person): a letter to him that would carry her address
  is blocked. Recorded through the people services by the social worker;
  who the order protects her from is set on the alert as the alert form
  does (tiaki.people.services.register.alert_add, when it takes it).
- Two partner organisations on the register, each with an agreement, what
  it may receive and a disposal confirmation: Te Whare Tiaki Trust (the
  sharing part shares with it; found or made by that exact name) and Kura
  Hauora Health, whose disposal is overdue (a share to it ended past its
  retention and its last confirmation does not cover it).

The register is set-up data, no personal data about clients, written as
rows (the demo generator's way); the overdue share is a row too, about the
long case's child, as the sharing service would have written it."""

from __future__ import annotations

import datetime as dt
import inspect

from django.utils import timezone

from tiaki.casework.models import Case, CourtOrder
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation, Share
from tiaki.people.models import Person, PersonAddress, PersonAlert, Relationship
from tiaki.people.services import register
from tiaki.people.services.inputs import AddressInput
from tiaki.staff.models import User

TRUST = "Te Whare Tiaki Trust"
HEALTH = "Kura Hauora Health"
REFUGE = AddressInput(street="14 Rātā Street", suburb="Raumanga", city="Whangārei", postcode="0110", protected=True)
ORDER_NOTE = "Protection order, Whangārei District Court: no contact, and her address is not to be given to him."

_PARTNERS = {
    TRUST: {
        "kind": PartnerOrganisation.Kind.NGO, "agreement_reference": "AGR-2025-031",
        "may_receive": ["about_me", "plan_summary", "appointment"], "retention_days": 180,
        "postal_address": "PO Box 4102\nWhangārei 0140", "email": "tautoko@tewharetiaki.example.nz",
        "start_days_ago": 400, "end_in_days": 700,
    },
    HEALTH: {
        "kind": PartnerOrganisation.Kind.HEALTH, "agreement_reference": "HNZ-NTH-2024-118",
        "may_receive": ["appointment", "contact"], "retention_days": 90,
        "postal_address": "Private Bag 9742\nWhangārei 0148", "email": "privacy@kurahauora.example.nz",
        "start_days_ago": 700, "end_in_days": 120,
    },
}  # fmt: skip


def _parents(child_id: int) -> tuple[int | None, int | None]:
    """(mother, father): the child's recorded parents, a woman and a man."""
    parents = list(
        Person.objects.filter(relationships_from__to_person_id=child_id,
                              relationships_from__kind=Relationship.Kind.PARENT)
        .order_by("pk").values_list("pk", "gender")
    )  # fmt: skip
    mother = next((pk for pk, gender in parents if gender == Person.Gender.FEMALE), None)
    father = next((pk for pk, gender in parents if gender == Person.Gender.MALE), None)
    return mother, father


def _protect_mother(worker: User, child_id: int) -> bool:
    mother, father = _parents(child_id)
    if mother is None or father is None:
        return False
    if PersonAlert.objects.filter(person_id=mother, kind=PersonAlert.Kind.PROTECTION_ORDER).exists():
        return True
    if not PersonAddress.objects.filter(person_id=mother, protected=True).exists():
        since = timezone.localdate() - dt.timedelta(days=60)
        register.address_add(actor=worker, person_id=mother, source="Women's Refuge",
                             address=AddressInput(**{**REFUGE.__dict__, "valid_from": since}))  # fmt: skip
    review_on = timezone.localdate() + dt.timedelta(days=300)
    named = "other_person_id" in inspect.signature(register.alert_add).parameters
    extra = {"other_person_id": father} if named else {}
    alert = register.alert_add(actor=worker, person_id=mother, kind=PersonAlert.Kind.PROTECTION_ORDER,
                               note=ORDER_NOTE, source="Whangārei District Court", review_on=review_on,
                               **extra)  # fmt: skip
    if not named:
        PersonAlert.objects.filter(pk=alert.pk).update(other_person_id=father)
    return True


def _partner(name: str, today: dt.date) -> PartnerOrganisation:
    spec = dict(_PARTNERS[name])
    start, end = int(spec.pop("start_days_ago")), int(spec.pop("end_in_days"))  # type: ignore[call-overload]
    now = timezone.now()
    organisation, made = PartnerOrganisation.objects.get_or_create(
        name=name, defaults={**spec, "agreement_start": today - dt.timedelta(days=start),
                             "agreement_end": today + dt.timedelta(days=end), "created_at": now, "updated_at": now},
    )  # fmt: skip
    if not made and not organisation.may_receive:
        # Made bare by the sharing part by name: give it its agreement.
        for field, value in spec.items():
            setattr(organisation, field, value)
        organisation.save(update_fields=[*spec, "updated_at"])
    return organisation


def demo_disclosure_work(*, worker: User, privacy_officer: User | None, long_case: Case) -> bool:
    """The mother's protection and the two partners (see the module
    docstring), once: a second run adds nothing. False if the long case has
    no child with a without-notice order (nothing to protect)."""
    order = CourtOrder.objects.filter(case=long_case, kind=CourtOrder.Kind.S78).order_by("pk").first()
    if order is None:
        return False
    protected = _protect_mother(worker, order.child_id)
    recorder = privacy_officer or worker
    today, now = timezone.localdate(), timezone.now()
    trust, health = _partner(TRUST, today), _partner(HEALTH, today)
    if not trust.disposals.exists():
        DisposalConfirmation.objects.create(
            organisation=trust, covers_up_to=today - dt.timedelta(days=90), confirmed_on=today - dt.timedelta(days=75),
            confirmed_by_name="Mere Hohaia, privacy officer", recorded_by=recorder,
            recorded_at=now - dt.timedelta(days=74),
        )  # fmt: skip
    if not health.disposals.exists():
        DisposalConfirmation.objects.create(
            organisation=health, covers_up_to=today - dt.timedelta(days=400),
            confirmed_on=today - dt.timedelta(days=380), confirmed_by_name="Dr Anahera Ruatapu, clinical lead",
            recorded_by=recorder, recorded_at=now - dt.timedelta(days=379),
        )  # fmt: skip
    if not Share.objects.filter(organisation=health).exists():
        # Shared for a dental appointment; ended 200 days ago, past its 90 days' retention.
        shared = now - dt.timedelta(days=230)
        Share.objects.create(
            child_id=order.child_id, case=long_case, organisation=health, purpose="Dental appointment at kura.",
            consent=Share.Consent.WHANAU, consent_on=timezone.localdate(shared), consent_note="Mum agreed by phone.",
            shared_by=worker, shared_at=shared, expires_at=now - dt.timedelta(days=200),
        )  # fmt: skip
    return protected
