"""Finding a placement (tiaki.care.selectors.search): who is found, in what
order and why; who is left out; the child's defaults, and that a protected
address never feeds a distance; who may search, each refusal audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tiaki.access import AccessDenied
from tiaki.access.models import SealedGrant
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.care.models import CaregiverCheck, CaregiverHousehold, HouseholdMember
from tiaki.care.selectors.search import LIMIT, SearchCriteria, SearchInputError, placement_search
from tiaki.care.tests.search_world import (
    NEAR_AUCKLAND,
    NEAR_KAIKOHE,
    NOW,
    adult,
    fill,
    household,
    in_care,
    place,
)
from tiaki.casework.models import Case
from tiaki.casework.tests.conftest import events_since, head
from tiaki.people.models import Address, PersonAddress, PersonIwi, Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

K = CaregiverHousehold.Kind


def search(actor, of, **criteria):
    asked = SearchCriteria(**criteria) if criteria else None
    return placement_search(actor=actor, child_id=of.pk, criteria=asked, now=NOW)


def names(found) -> list[str]:
    return [c.name for c in found.candidates]


# --- Ranking and reasons ------------------------------------------------------------


def test_whanau_related_to_the_child_come_first_with_their_reason(site, alice, child, case):
    household(site, alice, "Strangers", iwi=["Ngāpuhi"], needs=["trauma"])
    aunty = adult("Aroha")
    Relationship.objects.create(from_person=aunty, to_person=child, kind=Relationship.Kind.AUNT_UNCLE)
    household(site, alice, "Aunty's", kind=K.KIN, members=[aunty], at=NEAR_AUCKLAND)
    found = search(alice, child, age=11, iwi=("Ngāpuhi",), needs=frozenset({"trauma"}))
    assert names(found) == ["Aunty's", "Strangers"]
    first = found.candidates[0]
    assert first.kin
    assert first.reasons[0] == "Whānau or kin caregivers"
    assert not found.candidates[1].kin


def test_it_gives_its_reasons_in_plain_words(site, alice, child, case):
    household(site, alice, "Parata", capacity=3, takes_siblings=True, needs=["disability", "trauma"],
              iwi=["Ngāi Tahu", "Ngāpuhi"], culture="Māori, Samoan")  # fmt: skip
    found = search(alice, child, age=11, siblings_together=1, needs=frozenset({"disability", "trauma", "behaviour"}),
                   iwi=("Ngai Tahu",), culture="Samoan", whanau_locality="Whangārei",
                   school_locality="Kaikohe")  # fmt: skip
    (c,) = found.candidates
    assert c.reasons == (
        "Has room for 3 children",
        "Takes brothers and sisters together",
        "Shares an iwi connection: Ngāi Tahu",
        "Shares culture: Samoan",
        "Meets needs: disability, trauma-informed care",
        "3 km from whānau",
        "57 km from school",
    )
    assert c.unmet == ("Does not meet: behaviour that challenges",)
    assert (c.whanau_km, c.school_km, c.free_places) == (3, 57, 3)


def test_a_better_match_ranks_higher(site, alice, child, case):
    household(site, alice, "Far, nothing shared", at=NEAR_AUCKLAND)
    household(site, alice, "Near, iwi and needs", iwi=["Ngāpuhi"], needs=["trauma"])
    household(site, alice, "Near only")
    found = search(alice, child, age=11, iwi=("Ngāpuhi",), needs=frozenset({"trauma"}), whanau_locality="Whangarei")
    assert names(found) == ["Near, iwi and needs", "Near only", "Far, nothing shared"]
    assert found.candidates[0].score > found.candidates[1].score > found.candidates[2].score


def test_brothers_and_sisters_need_room_and_a_household_that_takes_them(site, alice, child, case):
    household(site, alice, "Room for one", capacity=1)
    household(site, alice, "Room for two, one placed", capacity=3, takes_siblings=True)
    fill(CaregiverHousehold.objects.get(name="Room for two, one placed"), 1, case, alice)
    household(site, alice, "Room for two, no siblings", capacity=2)
    found = search(alice, child, age=11, siblings_together=1)
    assert names(found) == ["Room for two, one placed", "Room for two, no siblings"]
    assert found.candidates[0].reasons[:2] == ("Has room for 2 children", "Takes brothers and sisters together")
    assert found.candidates[1].unmet == ("Does not meet: takes brothers and sisters together",)
    # Alone, more room ranks a little higher.
    assert names(search(alice, child, age=11)) == ["Room for two, one placed", "Room for two, no siblings",
                                                    "Room for one"]  # fmt: skip


def test_it_takes_only_households_approved_for_the_age(site, alice, child, case):
    household(site, alice, "Little ones", ages=(0, 5))
    household(site, alice, "Teens", ages=(12, 17))
    household(site, alice, "Eleven to sixteen", ages=(11, 16))
    assert names(search(alice, child, age=11)) == ["Eleven to sixteen"]
    assert names(search(alice, child, age=4)) == ["Little ones"]


def test_it_shows_the_best_25_and_counts_every_match(site, alice, child, case):
    for i in range(LIMIT + 3):
        household(site, alice, f"Household {i:02d}", needs=["trauma"] if i == LIMIT + 2 else [])
    found = search(alice, child, age=11, needs=frozenset({"trauma"}))
    assert found.matched == LIMIT + 3
    assert len(found.candidates) == LIMIT
    assert found.candidates[0].name == f"Household {LIMIT + 2:02d}"


def test_it_takes_only_the_kinds_asked_for(site, alice, child, case):
    household(site, alice, "General")
    household(site, alice, "Specialist", kind=K.SPECIALIST)
    assert names(search(alice, child, age=11, kinds=frozenset({K.SPECIALIST}))) == ["Specialist"]


# --- Who is left out -----------------------------------------------------------------


def test_it_leaves_out_households_not_approved_full_or_with_a_caregiver_not_vetted(site, alice, child, case):
    household(site, alice, "Approved")
    for status in ("enquiry", "assessment", "on_hold", "declined", "closed"):
        household(site, alice, f"Status {status}", status=status)
    fill(household(site, alice, "Full", capacity=2), 2, case, alice)
    household(site, alice, "Vet expired", vet_expires=dt.date(2026, 11, 30))
    renewed = household(site, alice, "Vet renewed", vet_expires=dt.date(2026, 11, 30))
    CaregiverCheck.objects.create(
        household=renewed, member=renewed.members.get(), kind=CaregiverCheck.Kind.POLICE_VET,
        done_on=dt.date(2026, 11, 1), expires_on=dt.date(2029, 11, 1), outcome=CaregiverCheck.Outcome.CLEAR,
        recorded_by=alice, recorded_at=NOW,
    )  # fmt: skip
    left = household(site, alice, "Lapsed caregiver has left", vet_expires=dt.date(2026, 1, 1))
    left.members.update(left_on=dt.date(2026, 2, 1))
    joined = HouseholdMember.objects.create(household=left, person=adult("New"), role=HouseholdMember.Role.CAREGIVER,
                                            joined_on=dt.date(2026, 2, 1))  # fmt: skip
    CaregiverCheck.objects.create(
        household=left, member=joined, kind=CaregiverCheck.Kind.POLICE_VET, done_on=dt.date(2026, 2, 1),
        expires_on=dt.date(2029, 2, 1), outcome=CaregiverCheck.Outcome.CLEAR, recorded_by=alice, recorded_at=NOW,
    )  # fmt: skip
    # A caregiver who joined with no police vet yet: placing would be refused, so not offered.
    unvetted = household(site, alice, "New caregiver not vetted")
    HouseholdMember.objects.create(household=unvetted, person=adult("Unvetted"), role=HouseholdMember.Role.CAREGIVER,
                                   joined_on=dt.date(2026, 11, 1))  # fmt: skip
    found = search(alice, child, age=11)
    assert sorted(names(found)) == ["Approved", "Lapsed caregiver has left", "Vet renewed"]
    assert found.matched == 3


def test_a_household_with_a_member_sealed_from_the_actor_is_absent(site, alice, supervisor, child, case):
    household(site, alice, "Open")
    sealed_member = adult("Sealed", sealed=True)
    household(site, alice, "Sealed", members=[sealed_member])
    found = search(alice, child, age=11)
    assert names(found) == ["Open"]
    assert found.matched == 1
    SealedGrant.objects.create(user=alice, person=sealed_member, reason="Named access for this placement",
                               granted_by=supervisor, granted_at=NOW)  # fmt: skip
    assert sorted(names(search(alice, child, age=11))) == ["Open", "Sealed"]


# --- The child's defaults --------------------------------------------------------------


def test_the_defaults_come_from_the_child(site, alice, child, case):
    PersonIwi.objects.create(person=child, iwi="Ngāpuhi")
    PersonIwi.objects.create(person=child, iwi="Ngāpuhi", hapu="Ngāti Hine")
    PersonIwi.objects.create(person=child, iwi="Te Rarawa")
    mum = adult("Mere")
    Relationship.objects.create(from_person=mum, to_person=child, kind=Relationship.Kind.PARENT)
    PersonAddress.objects.create(person=mum, address=Address.objects.create(street="1 Main Road", city="Kaikohe"),
                                 valid_from=dt.date(2024, 1, 1))  # fmt: skip
    brother, sister, placed_with = (PersonNameFactory(given_names=n).person for n in ("Rawiri", "Aroha", "Hēmi"))
    for sibling in (brother, sister, placed_with):
        Relationship.objects.create(from_person=child, to_person=sibling, kind=Relationship.Kind.SIBLING)
    in_care(brother, case, alice)
    home = household(site, alice, "Together", capacity=4)
    place(child, home, case, alice)
    place(placed_with, home, case, alice)
    found = search(alice, child)
    c = found.criteria
    assert (c.age, c.iwi, c.siblings_together, c.whanau_locality, c.school_locality) == (
        11, ("Ngāpuhi", "Te Rarawa"), 1, "Kaikohe", "",
    )  # fmt: skip
    assert found.has_current_placement
    assert found.in_care


def test_a_protected_address_never_feeds_a_distance(site, alice, child, case):
    # The child's only address (the fixture's) is protected, and so is their mother's last one:
    # a distance to either would tell a reader where it is.
    assert child.addresses.get().protected
    mum = adult("Mere")
    Relationship.objects.create(from_person=mum, to_person=child, kind=Relationship.Kind.PARENT)
    PersonAddress.objects.create(person=mum, address=Address.objects.create(street="1 Old Road", city="Auckland"),
                                 valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2025, 12, 31))  # fmt: skip
    PersonAddress.objects.create(person=mum, address=Address.objects.create(street="Refuge", city="Whangārei"),
                                 valid_from=dt.date(2026, 1, 1), protected=True)  # fmt: skip
    household(site, alice, "Near the refuge")
    found = search(alice, child)
    assert found.criteria.whanau_locality == ""
    (c,) = found.candidates
    assert c.whanau_km is None
    assert not any("km" in reason for reason in c.reasons)


def test_the_child_s_own_unprotected_address_gives_the_whanau_town(site, alice, child, case):
    child.addresses.update(protected=False)
    household(site, alice, "Near", at=NEAR_KAIKOHE)
    found = search(alice, child)
    assert found.criteria.whanau_locality == "Whangārei"
    assert found.candidates[0].whanau_km == 59


# --- Bad criteria ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"age": 40}, "age"),
        ({"needs": frozenset({"flying"})}, "needs"),
        ({"siblings_together": 12}, "siblings"),
        ({"whanau_locality": "12 Secret Street"}, "whanau_locality"),
        ({"school_locality": "Atlantis"}, "school_locality"),
        ({"kinds": frozenset()}, "kinds"),
    ],
)
def test_bad_criteria_are_refused_by_field_without_repeating_them(alice, child, case, criteria, field):
    with pytest.raises(SearchInputError) as raised:
        search(alice, child, **criteria)
    assert list(raised.value.errors) == [field]
    assert "Secret" not in str(raised.value)
    assert "Atlantis" not in str(raised.value)


# --- Who may search ---------------------------------------------------------------------


def test_the_allocated_worker_searches_and_it_is_audited(site, alice, child, case):
    household(site, alice, "Open")
    before = head()
    search(alice, child, age=11)
    (event,) = events_since(before, alice)
    assert (event.action, event.outcome, event.subject_type) == ("placement.search", "allowed", "person")
    assert str(child.pk) in event.subject_ids
    assert event.relationship == f"placement-search:allocated-case:{case.pk}"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_colleague_or_outsider_is_answered_as_for_no_child_and_audited(request, who, child, case):
    actor = request.getfixturevalue(who)
    for child_id in (child.pk, 987654321):
        before = head()
        with pytest.raises(Http404):
            placement_search(actor=actor, child_id=child_id, now=NOW)
        (event,) = events_since(before, actor)
        assert (event.action, event.outcome, event.reason) == (
            "placement.search", "refused", "no_relationship" if child_id == child.pk else "not_found",
        )  # fmt: skip


def test_a_trainee_cannot_place_even_on_their_own_case(site, child, case):
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    case.allocated_worker = trainee
    case.save(update_fields=["allocated_worker"])
    before = head()
    with pytest.raises(AccessDenied):
        placement_search(actor=trainee, child_id=child.pk, now=NOW)
    (event,) = events_since(before, trainee)
    assert (event.action, event.outcome, event.reason) == ("placement.search", "refused", "permission_missing")


def test_a_reader_who_cannot_record_on_the_case_cannot_search(site, alice, child, case):
    # A case closed in the last 30 days: its team still reads the child but records nothing.
    case.status = "closed"
    case.closed_at = NOW - dt.timedelta(days=2)
    case.closure_reason = Case.ClosureReason.SAFETY_PLAN
    case.save(update_fields=["status", "closed_at", "closure_reason"])
    before = head()
    with pytest.raises(Http404):
        placement_search(actor=alice, child_id=child.pk, now=NOW)
    (event,) = events_since(before, alice)
    assert (event.outcome, event.reason) == ("refused", "no_relationship")


def test_the_supervision_line_may_search(site, supervisor, alice, child, case):
    assert placement_search(actor=supervisor, child_id=child.pk, now=NOW).child_id == child.pk


def test_it_keeps_to_a_few_queries_however_many_households(site, alice, child, case):
    for i in range(30):
        household(site, alice, f"Household {i}", iwi=["Ngāpuhi"])
    with CaptureQueriesContext(connection) as few:
        search(alice, child, age=11)
    for i in range(30, 60):
        household(site, alice, f"Household {i}")
    with CaptureQueriesContext(connection) as more:
        found = search(alice, child, age=11)
    assert found.matched == 60
    assert len(more.captured_queries) == len(few.captured_queries) <= 20
