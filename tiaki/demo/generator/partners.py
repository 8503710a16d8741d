"""The partner organisation register of the synthetic agency, for ``tiaki seed``.

About 60 organisations at 1,000,000 persons (``PARTNERS_PER_PERSON``, at
least ``MIN_PARTNERS``): iwi and community social services, health and
education providers and residences across the seeded towns, each with an
agreement (a reference, a start, most with an end), what it may receive
(a subset of PartnerOrganisation.RECEIVABLE), its retention, and most with
disposal confirmations from generated staff. About a tenth of agreements
have ended and a few are suspended. No shares are seeded (the register
holds no personal data): what an organisation holds starts empty.

Seeded organisations' agreement references start ``SEED_REFERENCE`` so
that tiaki.demo.generator.delete_seeded_rows removes only them. Its own
``random.Random``: the rows before it are exactly what they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random

from django.utils import timezone

from tiaki.chronology.models import CorrectionStatement
from tiaki.demo.generator.agency import STAFF_PREFIX
from tiaki.demo.generator.places import PLACES
from tiaki.disclosure.models import (
    CorrectionRequest,
    Disclosure,
    DisclosureFile,
    DisclosureSubject,
    DisposalConfirmation,
    GuardFinding,
    Letter,
    PartnerOrganisation,
    RecipientAccount,
    Redaction,
    ReleaseStage,
    Share,
    ShareItem,
    ShareRead,
    SubjectAccessRequest,
)
from tiaki.staff.models import User

PARTNERS_PER_PERSON = 0.00006  # ~60 at 1,000,000 persons
MIN_PARTNERS = 4
SEED_REFERENCE = "SA-"
#: Every disclosure table that points at persons, cases or households, children
#: first: emptied with the casework by tiaki.demo.generator.delete_seeded_rows. Subject access first: its
#: stages point at disclosures, its requests and statements at persons (PostgreSQL refuses to TRUNCATE
#: disclosure_disclosure while a table referring to it is left out).
DISCLOSURE_DELETE_ORDER = (CorrectionRequest, ReleaseStage, Redaction, SubjectAccessRequest, CorrectionStatement,
                           ShareRead, ShareItem, Share, Letter, DisclosureFile, GuardFinding, DisclosureSubject,
                           Disclosure, RecipientAccount)  # fmt: skip

_K = PartnerOrganisation.Kind
_S = PartnerOrganisation.Status
#: (kind, weight, names: each "{town}" is a seeded town).
_KINDS = (
    (_K.NGO, 0.45, ("Te Whare Āwhina {town}", "{town} Whānau Services", "Kaupapa Māori Social Services {town}",
                    "{town} Family Support Trust", "Te Rūnanga Tautoko {town}", "{town} Youth Trust")),
    (_K.HEALTH, 0.25, ("{town} Community Health", "{town} Child and Adolescent Mental Health",
                       "Hauora {town}", "{town} Oral Health Service")),
    (_K.EDUCATION, 0.18, ("{town} Learning Support", "{town} Alternative Education", "Kura Kaupapa {town}")),
    (_K.RESIDENCE, 0.07, ("{town} Residential Care Trust", "{town} Supported Living")),
    (_K.OTHER, 0.05, ("{town} Budgeting Service", "{town} Legal Advice Centre")),
)  # fmt: skip
_RETENTION = ((90, 0.3), (180, 0.3), (365, 0.3), (730, 0.1))
_CONFIRMERS = ("Privacy officer", "Operations manager", "Clinical lead", "Service manager", "Chief executive")


@dataclass(frozen=True)
class PartnerSummary:
    organisations: int
    confirmations: int
    seconds: float = 0.0


def partners_for(persons: int) -> int:
    return max(MIN_PARTNERS, round(persons * PARTNERS_PER_PERSON))


def _pick(rng: Random, weighted: tuple) -> tuple:
    roll, total = rng.random() * sum(w for _, w, *_ in weighted), 0.0
    for entry in weighted:
        total += entry[1]
        if roll < total:
            return entry
    return weighted[-1]


def seed_partners(*, seed: int, persons: int, today: dt.date | None = None) -> PartnerSummary:
    """Write the partner register for a synthetic agency of ``persons``,
    inside the caller's transaction. Names already on the register are skipped."""
    rng = Random(f"partners:{seed}")
    today = today or timezone.localdate()
    now = timezone.now()
    recorders = list(User.objects.filter(username__startswith=STAFF_PREFIX).order_by("pk").values_list("pk", flat=True))
    taken = set(PartnerOrganisation.objects.values_list("name", flat=True))
    towns = [place.city for place in PLACES]
    organisations: list[PartnerOrganisation] = []
    wanted = partners_for(persons)
    attempts = 0
    while len(organisations) < wanted and attempts < wanted * 20:
        attempts += 1
        kind, _, names = _pick(rng, _KINDS)
        town = rng.choice(towns)
        name = rng.choice(names).format(town=town)
        if name in taken:
            continue
        taken.add(name)
        start = today - dt.timedelta(days=rng.randint(60, 8 * 365))
        roll = rng.random()
        status = _S.ENDED if roll < 0.1 else _S.SUSPENDED if roll < 0.14 else _S.ACTIVE
        if status == _S.ENDED:
            end: dt.date | None = max(today - dt.timedelta(days=rng.randint(1, 400)), start)
        else:
            end = None if rng.random() < 0.25 else today + dt.timedelta(days=rng.randint(30, 3 * 365))
        receivable = [k for k in PartnerOrganisation.RECEIVABLE if rng.random() < 0.6] or ["appointment"]
        retention = _pick(rng, tuple((days, weight) for days, weight in _RETENTION))[0]
        number = len(organisations) + 1
        slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:24]
        organisation = PartnerOrganisation(
            name=name, kind=kind, status=status, agreement_reference=f"{SEED_REFERENCE}{start.year}-{number:03d}",
            agreement_start=start, agreement_end=end, may_receive=receivable, retention_days=retention,
            postal_address=f"PO Box {rng.randint(100, 9999)}\n{town}",
            email=f"privacy@{slug}.example.nz", created_at=now, updated_at=now,
        )  # fmt: skip
        organisations.append(organisation)
    made = PartnerOrganisation.objects.bulk_create(organisations)
    confirmations: list[DisposalConfirmation] = []
    for organisation in made:
        if not recorders or rng.random() < 0.2:
            continue  # never confirmed yet
        # Confirmations every few months since the agreement began, the latest a while ago.
        day = organisation.agreement_start + dt.timedelta(days=rng.randint(90, 200))
        while day < today - dt.timedelta(days=30) and len(confirmations) < 10_000:
            covers = day - dt.timedelta(days=rng.randint(7, 45))
            confirmation = DisposalConfirmation(
                organisation=organisation, covers_up_to=max(covers, organisation.agreement_start),
                confirmed_on=day, confirmed_by_name=f"{rng.choice(_CONFIRMERS)}, {organisation.name}"[:200],
                recorded_by_id=rng.choice(recorders), recorded_at=now,
            )  # fmt: skip
            confirmations.append(confirmation)
            day += dt.timedelta(days=rng.randint(120, 400))
    DisposalConfirmation.objects.bulk_create(confirmations)
    return PartnerSummary(len(made), len(confirmations))


def delete_seeded_partners() -> None:
    """Remove the seeded organisations and their confirmations (not the demo's own)."""
    seeded = PartnerOrganisation.objects.filter(agreement_reference__startswith=SEED_REFERENCE)
    DisposalConfirmation.objects.filter(organisation__in=seeded).delete()
    seeded.delete()
