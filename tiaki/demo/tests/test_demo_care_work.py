"""The demo's care work (tiaki.demo.work_care): while the care services are
not in the tree it does nothing; its calls match the contract's signatures
(checked against stand-ins with exactly those keyword-only parameters, which
refuse any other); and with the real services the demo social worker's child
is in care, placed with their sibling in an approved household after a move,
with a second household's unapproved placement waiting for a manager."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from django.utils import timezone

from tiaki.care.models import AboutMe, CareEntryReason, CareEpisode, CaregiverHousehold, Placement
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import ensure_demo_work
from tiaki.demo.work_care import _services

pytestmark = pytest.mark.django_db


# --- stand-ins with the contract's signatures (tiaki.care.services) ---------------


def care_enter(
    *, actor: Any, case_id: int, child_id: int, entered_on: Any, legal_basis: str, court_order_id: int | None = None,
    reasons: list[str], main_reason: str, reasons_text: str, living_with: str, living_with_detail: str = "",
    child_views: str = "",
) -> CareEpisode:  # fmt: skip
    episode = CareEpisode.objects.create(
        child_id=child_id, case_id=case_id, entered_on=entered_on, legal_basis=legal_basis,
        court_order_id=court_order_id, reasons_text=reasons_text, living_with=living_with,
        living_with_detail=living_with_detail, child_views=child_views, recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    for code in reasons:
        CareEntryReason.objects.create(episode=episode, code=code, main=code == main_reason)
    return episode


def placement_start(
    *, actor: Any, child_id: int, started_on: Any, kind: str, household_id: int | None = None,
    provider_name: str = "", planned: bool = True, move_reason: str = "", siblings_apart_reason: str = "",
    distance_whanau_km: Any = None, distance_school_km: Any = None, unapproved_reason: str = "",
) -> Placement:  # fmt: skip
    episode = CareEpisode.objects.get(child_id=child_id, left_on__isnull=True)
    return Placement.objects.create(
        episode=episode, child_id=child_id, kind=kind, household_id=household_id, provider_name=provider_name,
        started_on=started_on, planned=planned, move_reason=move_reason, distance_whanau_km=distance_whanau_km,
        distance_school_km=distance_school_km, unapproved_reason=unapproved_reason, recorded_by=actor,
        recorded_at=timezone.now(),
    )  # fmt: skip


def placement_move(
    *, actor: Any, child_id: int, expected_version: int, moved_on: Any, end_reason: str, end_detail: str = "",
    move_reason: str, kind: str, household_id: int | None = None, provider_name: str = "", planned: bool = True,
    siblings_apart_reason: str = "", distance_whanau_km: Any = None, distance_school_km: Any = None,
    unapproved_reason: str = "",
) -> Placement:  # fmt: skip
    current = Placement.objects.get(child_id=child_id, ended_on__isnull=True)
    assert current.version == expected_version
    current.ended_on, current.end_reason, current.end_detail = moved_on, end_reason, end_detail
    current.version += 1
    current.save()
    placement = placement_start(
        actor=actor, child_id=child_id, started_on=moved_on, kind=kind, household_id=household_id,
        provider_name=provider_name, planned=planned, move_reason=move_reason,
        distance_whanau_km=distance_whanau_km, distance_school_km=distance_school_km,
        unapproved_reason=unapproved_reason,
    )  # fmt: skip
    return placement


@pytest.fixture
def stand_ins(monkeypatch):
    for name, functions in (
        ("tiaki.care.services.episodes", {"care_enter": care_enter}),
        ("tiaki.care.services.placements", {"placement_start": placement_start, "placement_move": placement_move}),
    ):
        module = types.ModuleType(name)
        for attr, function in functions.items():
            setattr(module, attr, function)
        monkeypatch.setitem(sys.modules, name, module)


def _demo() -> None:
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()


def _check_the_demo_care() -> None:
    # In care now: the demo's subject access work adds a care leaver whose s78 episode ended years ago.
    episodes = CareEpisode.objects.filter(case__allocated_worker__username="demo-social-worker", left_on__isnull=True)
    s78 = episodes.filter(legal_basis="s78")
    assert s78.count() == 2  # the child and their sibling
    approved = (
        CaregiverHousehold.objects.filter(status="approved", placements__child_id__in=s78.values("child_id"))
        .distinct()
        .get()
    )
    for episode in s78:
        assert episode.court_order is not None
        assert episode.court_order.kind == "s78"
        placements = list(Placement.objects.filter(child_id=episode.child_id).order_by("started_on"))
        assert len(placements) == 2  # a move in the past
        assert placements[0].ended_on == placements[1].started_on < timezone.localdate()
        assert placements[1].ended_on is None
        assert placements[1].household_id == approved.pk
    assert AboutMe.objects.filter(child_id__in=s78.values("child_id")).exists()
    waiting = Placement.objects.get(household__status="assessment", ended_on__isnull=True)
    assert waiting.unapproved_reason
    assert waiting.unapproved_approved_by is None


def test_without_the_care_services_the_demo_does_no_care_work():
    if _services() is not None:
        pytest.skip("the care services are in this tree")
    _demo()
    assert not CareEpisode.objects.exists()


def test_the_demo_calls_the_care_services_with_the_contracts_signatures(stand_ins):
    _demo()
    _check_the_demo_care()


def test_the_demo_childs_care_is_done_through_the_real_services():
    if _services() is None:
        pytest.skip("tiaki.care.services (engineer A) is not in this tree; re-run at merge")
    _demo()
    _check_the_demo_care()
