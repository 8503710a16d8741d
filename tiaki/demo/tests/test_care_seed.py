"""Care in `tiaki seed`: children in care at the expected proportion with
their episodes, placements and missing episodes keeping the database's
rules, caregiver households through their lifecycle, chronology entries for
all of it, and the same rows for a seed."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter, defaultdict

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from tiaki.care.codes import SPECIALIST_ROLES
from tiaki.care.models import (
    AboutMe,
    AboutMeVersion,
    CareEntryReason,
    CareEpisode,
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverTraining,
    HouseholdMember,
    MissingEpisode,
    Placement,
    SpecialistRole,
)
from tiaki.casework.models import CaseParticipant, CourtOrder
from tiaki.chronology.models import ChronologyEntry
from tiaki.demo.generator import delete_seeded_rows, seed_agency
from tiaki.demo.generator.care import care_now_for
from tiaki.demo.generator.care_households import households_for
from tiaki.demo.generator.casework import showcase_children
from tiaki.people.models import Address

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 1)
NOW = dt.datetime(2026, 6, 15, 3, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)
PERSONS = 4000
Kind = ChronologyEntry.Kind


def seed(persons: int = PERSONS, seed: int = 5) -> None:
    seed_agency(persons=persons, seed=seed, as_of=AS_OF, now=NOW, reports=None)


def digest() -> str:
    h = hashlib.sha256()
    for model in (CareEpisode, CareEntryReason, Placement, MissingEpisode, CaregiverHousehold, HouseholdMember,
                  CaregiverCheck, AboutMeVersion):  # fmt: skip
        for row in model.objects.order_by("pk").values_list():
            h.update(repr(row).encode())
    return h.hexdigest()


def test_care_is_seeded_at_the_expected_proportions_and_keeps_the_rules():
    seed()
    episodes = list(CareEpisode.objects.order_by("pk"))
    open_episodes = [e for e in episodes if e.left_on is None]
    # About 0.5% of the population in care now; about 0.4% as many households.
    assert care_now_for(PERSONS) * 0.4 <= len(open_episodes) <= care_now_for(PERSONS) * 2.5
    households = list(CaregiverHousehold.objects.all())
    assert households_for(PERSONS) * 0.7 <= len(households) <= households_for(PERSONS)
    statuses = Counter(h.status for h in households)
    assert 0.4 <= statuses["approved"] / len(households) <= 0.8
    assert len(statuses) >= 4
    assert len(episodes) > len(open_episodes) * 3  # 22 years of past episodes too
    bases = Counter(e.legal_basis for e in episodes)
    assert bases.most_common(1)[0][0] == "s78"
    assert len(bases) >= 3
    # At most one open episode per child; s78 episodes rest on the case's s78 order.
    assert max(Counter(e.child_id for e in open_episodes).values()) == 1
    orders = {
        o.pk: o for o in CourtOrder.objects.filter(pk__in=[e.court_order_id for e in episodes if e.court_order_id])
    }
    participants = set(CaseParticipant.objects.values_list("case_id", "person_id"))
    for e in episodes:
        assert (e.case_id, e.child_id) in participants
        assert e.reasons.filter(main=True).count() == 1
        if e.legal_basis == "s78":
            order = orders[e.court_order_id]
            assert (order.kind, order.case_id, order.child_id, order.made_on) == ("s78", e.case_id, e.child_id,
                                                                                  e.entered_on)  # fmt: skip
        if e.left_on is not None:
            assert e.leaving_reason
            assert e.left_on <= TODAY
    # Children in care now, exactly, on their cases.
    in_care = set(CaseParticipant.objects.filter(in_care_since__isnull=False).values_list("case_id", "person_id"))
    assert in_care == {(e.case_id, e.child_id) for e in open_episodes}
    # Placements: inside their episode, one after another, never overlapping.
    by_child: dict[int, list[Placement]] = defaultdict(list)
    episode_of = {e.pk: e for e in episodes}
    for p in Placement.objects.order_by("child_id", "started_on"):
        by_child[p.child_id].append(p)
        e = episode_of[p.episode_id]
        assert e.entered_on <= p.started_on
        assert e.left_on is None or (p.ended_on and p.ended_on <= e.left_on)
    for placements in by_child.values():
        for before, after in itertools.pairwise(placements):
            assert before.ended_on is not None
            assert before.ended_on <= after.started_on
    for e in episodes:
        current = [p for p in by_child[e.child_id] if p.episode_id == e.pk and p.ended_on is None]
        assert len(current) == (1 if e.left_on is None else 0)
    most = max(len(p) for p in by_child.values())
    assert most >= 12  # the long histories
    for child in showcase_children()[0]:
        assert len(by_child[child]) >= 10
    # A current placement's household is approved and has room, or it is marked unapproved with a reason.
    current = list(Placement.objects.filter(ended_on__isnull=True).select_related("household"))
    per_household = Counter(p.household_id for p in current if p.household_id)
    for p in current:
        if p.household is None:
            assert p.provider_name
            continue
        assert p.location_id == p.household.address_id
        if p.household.status != "approved":
            assert p.unapproved_reason
            assert p.household.status == "assessment"
        assert per_household[p.household_id] <= p.household.capacity
    kinds = Counter(p.kind for p in Placement.objects.all())
    assert kinds["kin"] + kinds["non_kin"] > sum(kinds.values()) / 2
    # Siblings placed together share the household; apart has a reason.
    assert Placement.objects.exclude(siblings="none").exists()
    assert not Placement.objects.filter(siblings="apart", siblings_apart_reason="").exists()
    # Missing episodes within their placement, back with a conversation mostly.
    missing = list(MissingEpisode.objects.select_related("placement"))
    assert missing
    for m in missing:
        assert m.placement.child_id == m.child_id
        assert m.returned_at is not None
        assert m.returned_at >= m.started_at
    assert sum(1 for m in missing if m.return_conversation) > len(missing) / 2
    # About me for every child in care now.
    assert set(AboutMe.objects.values_list("child_id", flat=True)) == {e.child_id for e in open_episodes}
    items = [i for v in AboutMeVersion.objects.all() for i in v.items]
    assert any(i["own_words"] for i in items)
    assert any(i["shareable"] for i in items)


def test_the_caregiver_register_has_its_lifecycle_and_nobody_in_care_is_a_caregiver():
    seed()
    in_care = set(CareEpisode.objects.values_list("child_id", flat=True))
    members = HouseholdMember.objects.all()
    assert not in_care & set(members.values_list("person_id", flat=True))
    assert members.filter(role="caregiver").count() >= CaregiverHousehold.objects.count()
    for h in CaregiverHousehold.objects.filter(status="approved"):
        assert h.approved_on
        assert h.approved_by_id
        assert h.latitude
        assert h.longitude
        assert h.address_id
        assert h.approved_on <= TODAY
        assert h.next_review_on
    decided = CaregiverAssessment.objects.exclude(decided_by=None)
    assert decided.exists()
    assert not [a for a in decided if a.decided_by_id == a.assessor_id]
    checks = CaregiverCheck.objects.filter(kind="police_vet", household__status="approved")
    assert checks.filter(expires_on__gt=TODAY).exists()
    for role in SpecialistRole.objects.all():
        courses = set(CaregiverTraining.objects.filter(household_id=role.household_id).values_list("course", flat=True))
        assert SPECIALIST_ROLES[role.role][1] <= courses


def test_every_care_record_is_in_the_chronology_without_a_location():
    seed()
    entries = ChronologyEntry.objects.filter(kind__in=[Kind.CARE, Kind.PLACEMENT, Kind.MISSING])
    sources = defaultdict(set)
    for kind, source, title, _summary in entries.values_list("kind", "source_id", "title", "summary"):
        sources[kind].add(source)
        assert "Household" not in title
    assert set(CareEpisode.objects.values_list("pk", flat=True)) == sources[Kind.CARE]
    assert set(Placement.objects.values_list("pk", flat=True)) == sources[Kind.PLACEMENT]
    assert set(MissingEpisode.objects.values_list("pk", flat=True)) == sources[Kind.MISSING]
    streets = set(Address.objects.filter(pk__in=CaregiverHousehold.objects.values("address_id")).values_list(
        "street", flat=True))  # fmt: skip
    texts = " ".join(t + " " + s for t, s in entries.values_list("title", "summary"))
    assert not [street for street in streets if street in texts]
    where = set(MissingEpisode.objects.values_list("where_found", flat=True))
    assert not [w for w in where if w and w in texts]


def test_the_database_still_refuses_an_overlapping_placement_after_the_bulk_seed():
    seed(persons=1500)
    p = Placement.objects.filter(ended_on__isnull=False).order_by("pk").first()
    assert p is not None
    clash = Placement(
        episode_id=p.episode_id, child_id=p.child_id, kind="kin", started_on=p.started_on, ended_on=p.ended_on,
        end_reason="other", recorded_by_id=p.recorded_by_id, recorded_at=p.recorded_at,
    )  # fmt: skip
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        clash.save()


def test_the_same_seed_gives_the_same_care():
    seed(persons=1500, seed=3)
    first = digest()
    assert CareEpisode.objects.exists()
    delete_seeded_rows()
    assert not CareEpisode.objects.exists()
    assert not CaregiverHousehold.objects.exists()
    seed(persons=1500, seed=3)
    assert digest() == first
