"""The demo's care work (issue 14), done through the care services as the
rest of tiaki.demo.work is, so its chronology and audit trail are true.

What the social worker then finds: the long case's child, in care since the
without-notice (s78) order, and their younger sibling with them: first an
emergency placement, then (a move in the past) both placed together with an
approved caregiver household; the child's About me. A second household,
whānau of the recent case's child, is still being assessed: that child is
placed with them under a care agreement (s139) as an unapproved placement
waiting for a manager's approval (demo-supervisor approves it).

Caregiver households are set-up data, written as rows as the generator
writes them (tiaki.demo.generator.care_households); the episodes and
placements go through ``care_enter``, ``placement_start`` and
``placement_move`` (tiaki.care.services, the contract's signatures). While
those services are not in the tree, ``demo_care_work`` does nothing and
says so by returning False.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.utils import timezone

from tiaki.care.models import (
    AboutMe,
    AboutMeVersion,
    CareEpisode,
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    HouseholdMember,
)
from tiaki.casework.models import Case, CaseParticipant, CourtOrder
from tiaki.casework.services.court import court_order_record
from tiaki.demo.generator.care_households import TOWNS
from tiaki.people.models import Address, Person, PersonAddress, PersonName
from tiaki.staff.models import User


def _services() -> dict[str, Any] | None:
    try:
        episodes = import_module("tiaki.care.services.episodes")
        placements = import_module("tiaki.care.services.placements")
    except ImportError:
        return None
    found = {
        "care_enter": getattr(episodes, "care_enter", None),
        "placement_start": getattr(placements, "placement_start", None),
        "placement_move": getattr(placements, "placement_move", None),
    }
    return found if all(found.values()) else None


def _adults_not_in_care(exclude: set[int], count: int) -> list[int]:
    """Adults (over 30) living at one address, not sealed and never in care."""
    cutoff = timezone.localdate() - dt.timedelta(days=30 * 365)
    for aid in (
        PersonAddress.objects.filter(valid_to__isnull=True, protected=False, person__date_of_birth__lt=cutoff,
                                     person__sealed=False)
        .order_by("address_id").values_list("address_id", flat=True).distinct()[:400]
    ):  # fmt: skip
        adults = list(
            PersonAddress.objects.filter(address_id=aid, valid_to__isnull=True, person__date_of_birth__lt=cutoff,
                                         person__sealed=False)
            .exclude(person_id__in=exclude).exclude(person__care_episodes__isnull=False)
            .order_by("person_id").values_list("person_id", flat=True)[:count]
        )  # fmt: skip
        if adults:
            return adults
    return _new_adults(count)


#: Caregivers for a demo without a seeded register (made-up people).
_CAREGIVER_NAMES = [("Moana", "Tane"), ("Rāwiri", "Tane"), ("Hine", "Kereama")]


def _new_adults(count: int) -> list[int]:
    """Made-up adults at one address, for a demo whose register has none to spare."""
    address = Address.objects.create(street="7 Kōwhai Road", suburb="Ōtara", city="Auckland", postcode="2023")
    made = []
    used = set(PersonName.objects.filter(source="demo caregiver").values_list("given_names", "family_name"))
    for given, family in [name for name in _CAREGIVER_NAMES if name not in used][:count]:
        person = Person.objects.create(date_of_birth=dt.date(1978, 3, 14), gender=Person.Gender.UNKNOWN)
        PersonName.objects.create(person=person, given_names=given, family_name=family, is_primary=True,
                                  source="demo caregiver")  # fmt: skip
        PersonAddress.objects.create(person=person, address=address, source="demo caregiver")
        made.append(person.pk)
    return made


def _household(*, name: str, kind: str, status: str, worker: User, approver: User, adults: list[int],
               since: dt.date) -> CaregiverHousehold:  # fmt: skip
    """A household as set-up data, with its members and assessment (approved by someone else)."""
    now = timezone.now()
    assert worker.site_id is not None  # the demo social worker has a site (tiaki.demo.accounts)
    address = PersonAddress.objects.filter(person_id=adults[0], valid_to__isnull=True).select_related("address").first()
    lat, lon = TOWNS.get(address.address.city if address else "", (-35.73, 174.32))
    approved = status == CaregiverHousehold.Status.APPROVED
    household = CaregiverHousehold.objects.create(
        name=name, kind=kind, status=status, site_id=worker.site_id, address=address.address if address else None,
        latitude=lat + 0.01, longitude=lon - 0.01, capacity=3, age_min=0, age_max=17, takes_siblings=True,
        needs_met=["te_reo", "trauma"], culture="Māori", iwi=["Ngāpuhi"], languages="English and te reo Māori",
        social_worker=worker, enquiry_on=since, approved_on=since + dt.timedelta(days=150) if approved else None,
        approved_by=approver if approved else None,
        next_review_on=since + dt.timedelta(days=515) if approved else None, created_by=worker, created_at=now,
    )  # fmt: skip
    HouseholdMember.objects.bulk_create(
        HouseholdMember(household=household, person_id=pid, role=HouseholdMember.Role.CAREGIVER, joined_on=since)
        for pid in adults
    )
    # Checks as the assessment found them: a clear police vet for each
    # caregiver (placing refuses without one), two referees and a home visit.
    vetted = since + dt.timedelta(days=min(30, (timezone.localdate() - since).days))
    members = HouseholdMember.objects.filter(household=household)
    CaregiverCheck.objects.bulk_create(
        [CaregiverCheck(household=household, member=member, kind=CaregiverCheck.Kind.POLICE_VET, done_on=vetted,
                        expires_on=vetted + dt.timedelta(days=1095), outcome=CaregiverCheck.Outcome.CLEAR,
                        recorded_by=worker, recorded_at=now) for member in members]
        + [CaregiverCheck(household=household, kind=kind, done_on=vetted, outcome=CaregiverCheck.Outcome.CLEAR,
                          recorded_by=worker, recorded_at=now)
           for kind in (CaregiverCheck.Kind.REFEREE, CaregiverCheck.Kind.REFEREE, CaregiverCheck.Kind.HOME_VISIT)]
    )  # fmt: skip
    CaregiverAssessment.objects.create(
        household=household, assessor=worker, started_on=since + dt.timedelta(days=14),
        completed_on=since + dt.timedelta(days=140) if approved else None,
        recommendation="approve" if approved else "", decision="approved" if approved else "",
        decided_by=approver if approved else None, decided_at=now if approved else None,
        summary="A warm home with strong whānau support." if approved else "",
    )  # fmt: skip
    return household


def demo_care_work(*, worker: User, supervisor: User, long_case: Case, recent_case: Case | None) -> bool:
    """The demo's children in care and their caregivers (see the module
    docstring); False, doing nothing, while the care services are missing."""
    services = _services()
    if services is None or CareEpisode.objects.filter(case=long_case).exists():
        return False
    care_enter, placement_start, placement_move = (
        services["care_enter"], services["placement_start"], services["placement_move"]
    )  # fmt: skip
    order = CourtOrder.objects.filter(case=long_case, kind=CourtOrder.Kind.S78).order_by("pk").first()
    if order is None:
        return False
    child = order.child_id
    today = timezone.localdate()
    # The sibling: the case's other child (tiaki.demo.work._long_case reported them together).
    sibling = (
        CaseParticipant.objects.filter(case=long_case, role=CaseParticipant.Role.CHILD).exclude(person_id=child)
        .order_by("person_id").values_list("person_id", flat=True).first()
    )  # fmt: skip
    children = [child]
    orders = {child: order.pk}
    if sibling is not None:
        # Into care the same day, on their own without-notice order.
        attempts = [
            {"attempted_at": a.attempted_at, "method": a.method, "with_whom": a.with_whom, "outcome": a.outcome}
            for a in order.engagement_attempts.order_by("attempted_at")
        ]
        orders[sibling] = court_order_record(
            actor=worker, case_id=long_case.pk, child_id=sibling, kind=CourtOrder.Kind.S78, court=order.court,
            made_on=order.made_on, conditions=order.conditions, no_safety_plan_reason=order.no_safety_plan_reason,
            engagement_attempts=attempts,
        ).pk  # fmt: skip
        children.append(sibling)
    adults = _adults_not_in_care(set(children), 2)
    approved = _household(name="Rāwiri and Moana Tane", kind=CaregiverHousehold.Kind.GENERAL,
                          status=CaregiverHousehold.Status.APPROVED, worker=worker, approver=supervisor,
                          adults=adults[:2], since=today - dt.timedelta(days=900))  # fmt: skip
    entered = order.made_on
    for pid in children:
        care_enter(actor=worker, case_id=long_case.pk, child_id=pid, entered_on=entered, legal_basis="s78",
                   court_order_id=orders[pid], reasons=["neglect", "parent_substance"],
                   main_reason="neglect",
                   reasons_text="Left without food or supervision; the safety plan did not hold.",
                   living_with="one_parent", child_views="I want to stay with my brother.")  # fmt: skip
        first = placement_start(actor=worker, child_id=pid, started_on=entered, kind="family_home",
                                provider_name="Agency family home", planned=False, distance_whanau_km=8.0,
                                siblings_apart_reason="Each emergency home had room for one.")  # fmt: skip
        placement_move(actor=worker, child_id=pid, expected_version=first.version,
                       moved_on=entered + dt.timedelta(days=12), end_reason="emergency_ended",
                       move_reason="Out of the emergency placement to a planned one, together.", kind="non_kin",
                       household_id=approved.pk, planned=True, distance_whanau_km=14.5,
                       distance_school_km=3.2,
                       siblings_apart_reason="The younger moves first; the other that day.")  # fmt: skip
    about = AboutMe.objects.create(child_id=child, created_at=timezone.now(), created_by=worker, current_version=1)
    AboutMeVersion.objects.create(
        about=about, number=1, written_by=worker, written_at=timezone.now(),
        items=[
            {"topic": "likes", "text": "Rugby, drawing and my cat.", "own_words": True, "shareable": True},
            {"topic": "when_upset", "text": "Let me go outside for a bit.", "own_words": True, "shareable": True},
            {"topic": "health", "text": "Asthma: inhaler at kura and at home.", "own_words": False,
             "shareable": True},
            {"topic": "important_people", "text": "My brother and my Nan.", "own_words": True, "shareable": False},
        ],
    )  # fmt: skip
    # Whānau being assessed, caring for the recent case's child under an agreement: waiting for approval.
    if recent_case is not None:
        kid = CaseParticipant.objects.filter(case=recent_case, role=CaseParticipant.Role.CHILD).order_by("pk").first()
        kin_adults = _adults_not_in_care({*children, *adults}, 1)
        if kid is not None and kin_adults:
            kin = _household(name="Aunty Hine's whānau", kind=CaregiverHousehold.Kind.KIN,
                             status=CaregiverHousehold.Status.ASSESSMENT, worker=worker, approver=supervisor,
                             adults=kin_adults, since=today - dt.timedelta(days=20))  # fmt: skip
            started = today - dt.timedelta(days=6)
            care_enter(actor=worker, case_id=recent_case.pk, child_id=kid.person_id, entered_on=started,
                       legal_basis="s139", reasons=["family_violence"], main_reason="family_violence",
                       reasons_text="Mum asked for help while she and the tamariki are safe from violence at home.",
                       living_with="one_parent")  # fmt: skip
            placement_start(actor=worker, child_id=kid.person_id, started_on=started, kind="kin",
                            household_id=kin.pk, planned=True, distance_whanau_km=2.0,
                            unapproved_reason="Aunty is being assessed; the child is safe with her.",
                            # Kept only if a brother or sister is in care elsewhere (the seed may have one).
                            siblings_apart_reason="Aunty has room for one tamaiti tonight; the others stay where "
                            "they are settled until her assessment is done.")  # fmt: skip
    return True
