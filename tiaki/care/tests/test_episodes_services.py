"""Entering and leaving care, placements and moves, approval of an
unapproved caregiver, missing episodes: the three actors with their audit
rows, each bad input with its own error and nothing saved, the overlap
trigger, and the statutory visit due within 7 days of a placement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.care.models import CareEpisode, CaregiverHousehold, MissingEpisode, Placement
from tiaki.care.services.care_path import CareError, CareStale
from tiaki.care.services.episodes import care_leave
from tiaki.care.services.missing import missing_record, missing_return
from tiaki.care.services.placements import placement_approve, placement_move, placement_start
from tiaki.care.tests.conftest_episodes import *  # noqa: F403 - the cast and its fixtures
from tiaki.care.tests.conftest_episodes import STREET, days, enter, household, s78
from tiaki.casework.models import CaseParticipant
from tiaki.casework.selectors.cases import case_get
from tiaki.casework.tests.conftest import add_child, events_since, head
from tiaki.chronology.models import ChronologyEntry
from tiaki.people.tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db


def place(actor, child, household=None, **change):
    values = {"started_on": days(10), "kind": "kin", "household_id": household.pk if household else None}
    values.update(change)
    return placement_start(actor=actor, child_id=child.pk, **values)


def move(actor, child, current, household=None, **change):
    values = {
        "expected_version": current.version, "moved_on": days(2), "end_reason": "closer_to_whanau",
        "move_reason": "Closer to her kura and Nan.", "kind": "residence", "provider_name": "Te Whare Tiaki",
        "household_id": household.pk if household else None,
    }  # fmt: skip
    if household is not None:
        values["kind"], values["provider_name"] = "kin", ""
    values.update(change)
    return placement_move(actor=actor, child_id=child.pk, **values)


# Entering and leaving care.


def test_the_allocated_worker_brings_a_child_into_care(alice, case, child):
    before = head()
    episode = enter(alice, case, child)
    assert episode.is_open
    assert episode.court_order.kind == "s78"
    assert sorted(episode.reasons.values_list("code", "main")) == [("family_violence", False), ("neglect", True)]
    link = CaseParticipant.objects.get(case=case, person=child)
    assert link.in_care_since == days(10)
    assert link.visit_frequency is not None
    [event] = events_since(before, alice, action="care.enter")
    assert event.outcome == "allowed"
    assert str(child.pk) in event.subject_ids
    entry = ChronologyEntry.objects.get(person=child, kind="care")
    assert entry.title == "Came into care under an s78 order"


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_bring_a_child_into_care(request, actor_name, alice, case, child):
    actor = request.getfixturevalue(actor_name)
    order = s78(alice, case, child)
    before = head()
    with pytest.raises(Http404):
        enter(actor, case, child, court_order_id=order.pk)
    assert [(e.outcome, e.action) for e in events_since(before, actor)] == [("refused", "care.enter")]
    assert not CareEpisode.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entered_on": timezone.localdate() + dt.timedelta(days=1)}, "entered_on"),
        ({"entered_on": dt.date(2014, 1, 1)}, "entered_on"),  # before she was born
        ({"legal_basis": "s999"}, "legal_basis"),
        ({"court_order_id": None}, "court_order"),
        ({"legal_basis": "s101"}, "court_order"),  # the order chosen is an s78
        ({"reasons": []}, "reasons"),
        ({"reasons": ["neglect", "astrology"]}, "reasons"),
        ({"main_reason": "sexual_abuse"}, "main_reason"),
        ({"reasons": ["other"], "main_reason": "other", "reasons_text": " "}, "reasons_text"),
        ({"living_with": "wolves"}, "living_with"),
    ],
)
def test_entering_care_with_bad_details_is_refused(alice, case, child, change, field):
    with pytest.raises(CareError) as failed:
        enter(alice, case, child, **change)
    assert failed.value.field == field
    assert not CareEpisode.objects.exists()
    assert CaseParticipant.objects.get(case=case, person=child).in_care_since is None


def test_a_child_already_in_care_is_told_so(alice, case, child, in_care):
    with pytest.raises(CareError, match="already in care"):
        enter(alice, case, child)
    assert CareEpisode.objects.count() == 1


def test_an_order_on_another_case_or_child_is_refused(alice, case, child):
    sibling = add_child(case)
    order = s78(alice, case, sibling)
    with pytest.raises(CareError, match="not on this case for this child"):
        enter(alice, case, child, court_order_id=order.pk)


def test_leaving_care_ends_the_placement_and_the_visits(alice, case, child, in_care, home):
    placement = place(alice, child, home)
    before = head()
    episode = care_leave(actor=alice, child_id=child.pk, left_on=days(1), leaving_reason="returned_home",
                         left_to="Home to her mother")  # fmt: skip
    assert episode.left_on == days(1)
    placement.refresh_from_db()
    assert (placement.ended_on, placement.end_reason) == (days(1), "left_care")
    assert CaseParticipant.objects.get(case=case, person=child).in_care_since is None
    assert [e.action for e in events_since(before, alice)] == ["care.leave"]
    assert ChronologyEntry.objects.filter(person=child, kind="care", title="Left care").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"left_on": days(20)}, "left_on"),  # before they came into care
        ({"left_on": days(9)}, "left_on"),  # before the placement began
        ({"leaving_reason": "other"}, "leaving_detail"),
        ({"leaving_reason": "bored"}, "leaving_reason"),
        ({"left_to": ""}, "left_to"),
        ({"left_on": timezone.localdate() + dt.timedelta(days=1)}, "left_on"),
    ],
)
def test_leaving_care_with_bad_details_is_refused(alice, child, in_care, home, change, field):
    place(alice, child, home, started_on=days(8))
    values = {"left_on": days(1), "leaving_reason": "returned_home", "left_to": "Home"} | change
    with pytest.raises(CareError) as failed:
        care_leave(actor=alice, child_id=child.pk, **values)
    assert failed.value.field == field
    assert CareEpisode.objects.get().is_open
    assert Placement.objects.get().is_current


def test_a_child_not_in_care_cannot_leave_it_and_an_outsider_is_refused(alice, charlie, child, case):
    with pytest.raises(CareError, match="not in care"):
        care_leave(actor=alice, child_id=child.pk, left_on=days(1), leaving_reason="returned_home", left_to="Home")
    before = head()
    with pytest.raises(Http404):
        care_leave(actor=charlie, child_id=child.pk, left_on=days(1), leaving_reason="returned_home", left_to="Home")
    assert [(e.outcome, e.action) for e in events_since(before, charlie)] == [("refused", "care.leave")]


# Placements.


def test_a_household_placement_takes_its_address_and_kind(alice, child, in_care, home):
    before = head()
    placement = place(alice, child, home, kind="residence")
    assert placement.kind == "kin"
    assert str(placement.location).startswith(STREET)
    assert placement.siblings == "none"
    assert not placement.awaiting_approval
    assert [e.action for e in events_since(before, alice)] == ["placement.record"]
    entry = ChronologyEntry.objects.get(person=child, kind="placement")
    assert entry.title == "Placed with a whānau caregiver"
    assert STREET not in entry.summary


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_place(request, actor_name, child, in_care, home):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        place(actor, child, home)
    assert [(e.outcome, e.action) for e in events_since(before, actor)] == [("refused", "placement.record")]
    assert not Placement.objects.exists()


def test_two_placements_at_one_time_are_refused(alice, child, in_care, home):
    place(alice, child, home)
    with pytest.raises(CareError, match="current placement"):
        place(alice, child, provider_name="Te Whare Tiaki", kind="residence")
    assert Placement.objects.count() == 1


def test_a_placement_before_entry_or_in_the_future_is_refused(alice, child, in_care, home):
    for started_on, field in ((days(11), "started_on"), (timezone.localdate() + dt.timedelta(days=1), "started_on")):
        with pytest.raises(CareError) as failed:
            place(alice, child, home, started_on=started_on)
        assert failed.value.field == field
    assert not Placement.objects.exists()


def test_a_provider_placement_needs_its_name(alice, child, in_care):
    with pytest.raises(CareError) as failed:
        place(alice, child, kind="residence")
    assert failed.value.field == "provider_name"
    with pytest.raises(CareError) as failed:
        place(alice, child, kind="kin")
    assert failed.value.field == "household"


def test_an_unapproved_caregiver_needs_a_reason_then_a_managers_approval(alice, supervisor, child, in_care):
    kin = household(alice, status=CaregiverHousehold.Status.ASSESSMENT)
    with pytest.raises(CareError) as failed:
        place(alice, child, kin)
    assert failed.value.field == "unapproved_reason"
    assert not Placement.objects.exists()
    placement = place(alice, child, kin, unapproved_reason="Nan took her in the night she was uplifted.")
    assert placement.awaiting_approval
    before = head()
    approved = placement_approve(actor=supervisor, placement_id=placement.pk, expected_version=placement.version)
    assert approved.unapproved_approved_by == supervisor
    assert approved.awaiting_approval  # until the household is approved or the placement ends
    assert [e.action for e in events_since(before, supervisor)] == ["placement.approve"]
    with pytest.raises(CareError, match="already approved"):
        placement_approve(actor=supervisor, placement_id=placement.pk)


def test_nobody_approves_a_placement_they_recorded(supervisor, alice, case, child):
    case.allocated_worker = supervisor
    case.save(update_fields=["allocated_worker"])
    enter(supervisor, case, child)
    kin = household(supervisor, status=CaregiverHousehold.Status.ENQUIRY)
    placement = place(supervisor, child, kin, unapproved_reason="Nan took her in.")
    with pytest.raises(CareError, match="another manager"):
        placement_approve(actor=supervisor, placement_id=placement.pk)


def test_a_worker_cannot_approve_and_a_manager_out_of_reach_is_refused(alice, charlie, child, in_care):
    kin = household(alice, status=CaregiverHousehold.Status.ENQUIRY)
    placement = place(alice, child, kin, unapproved_reason="Nan took her in.")
    from tiaki.access import AccessDenied

    before = head()
    with pytest.raises(AccessDenied):
        placement_approve(actor=alice, placement_id=placement.pk)
    assert [(e.outcome, e.action) for e in events_since(before, alice)] == [("refused", "placement.approve")]


def test_ending_an_unapproved_placement_resolves_it(alice, child, in_care):
    kin = household(alice, status=CaregiverHousehold.Status.ENQUIRY)
    placement = place(alice, child, kin, unapproved_reason="Nan took her in.")
    move(alice, child, placement)
    placement.refresh_from_db()
    assert not placement.awaiting_approval
    assert placement.unapproved_resolved_on == days(2)


@pytest.mark.parametrize("vetted", [False, True])
def test_a_caregiver_without_current_police_vetting_cannot_be_placed_with(alice, child, in_care, vetted):
    lapsed = household(alice, vetted=vetted, vet_expires=dt.date(2026, 3, 3))
    with pytest.raises(CareError) as failed:
        place(alice, child, lapsed)
    if vetted:
        assert str(failed.value) == (
            "The police vetting for a caregiver in this household expired on 3 March 2026: renew it before placing."
        )
    else:
        assert "no police vetting" in str(failed.value)
    assert not Placement.objects.exists()


def test_siblings_placed_apart_need_a_reason(alice, case, child, in_care, home):
    sister = add_child(case, "Aroha")
    RelationshipFactory(from_person=child, to_person=sister, kind="sibling")
    enter(alice, case, sister)
    place(alice, sister, home)
    other = household(alice, name="The Smith household", kind="general")
    with pytest.raises(CareError) as failed:
        place(alice, child, other)
    assert failed.value.field == "siblings_apart_reason"
    placement = place(alice, child, other, siblings_apart_reason="No home could take both tonight.")
    assert placement.siblings == "apart"
    moved = move(alice, child, placement, home)
    assert moved.siblings == "all"


def test_a_move_ends_the_current_placement_and_starts_the_next(alice, child, in_care, home):
    first = place(alice, child, home)
    before = head()
    second = move(alice, child, first, distance_whanau_km="12.4")
    first.refresh_from_db()
    assert (first.ended_on, first.end_reason, second.started_on) == (days(2), "closer_to_whanau", days(2))
    assert second.location is None
    assert second.provider_name == "Te Whare Tiaki"
    assert str(second.distance_whanau_km) == "12.4"
    assert [e.action for e in events_since(before, alice)] == ["placement.record"]
    titles = list(ChronologyEntry.objects.filter(person=child, kind="placement").values_list("title", flat=True))
    assert "Moved to a residence: planned" in titles


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"move_reason": ""}, "move_reason"),
        ({"moved_on": days(11)}, "moved_on"),  # before the current placement began
        ({"end_reason": "whim"}, "end_reason"),
        ({"end_reason": "other"}, "end_detail"),
        ({"expected_version": 7}, "version"),
        ({"distance_school_km": "far"}, "distance_school_km"),
    ],
)
def test_a_bad_move_changes_nothing(alice, child, in_care, home, change, field):
    first = place(alice, child, home)
    with pytest.raises(CareError) as failed:
        move(alice, child, first, **change)
    assert failed.value.field == field
    if field == "version":
        assert isinstance(failed.value, CareStale)
    first.refresh_from_db()
    assert first.is_current
    assert first.version == 1
    assert Placement.objects.count() == 1


def test_the_database_refuses_overlapping_placements(alice, child, in_care, home):
    """The trigger (care.0002) is the backstop behind the services' check."""
    first = place(alice, child, home, started_on=days(9))
    Placement.objects.filter(pk=first.pk).update(ended_on=days(3), end_reason="breakdown")
    fields = {"episode": in_care, "child": child, "kind": "residence", "provider_name": "Te Whare Tiaki",
              "recorded_by": alice, "recorded_at": timezone.now()}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(started_on=days(5), ended_on=days(4), end_reason="breakdown", **fields)
    Placement.objects.create(started_on=days(3), **fields)  # the day the last ended is not an overlap


def test_a_start_overlapping_an_ended_placement_is_refused_in_words(alice, child, in_care, home):
    first = place(alice, child, home, started_on=days(9))
    Placement.objects.filter(pk=first.pk).update(ended_on=days(3), end_reason="breakdown")
    with pytest.raises(CareError, match="one placement at a time"):
        place(alice, child, kind="residence", provider_name="Te Whare Tiaki", started_on=days(5))


# Missing episodes.


def test_a_missing_episode_and_the_return(alice, charlie, child, in_care, home):
    with pytest.raises(CareError, match="no current placement"):
        missing_record(actor=alice, child_id=child.pk, kind="missing", started_at=timezone.now())
    place(alice, child, home)
    went = timezone.now() - dt.timedelta(hours=20)
    before = head()
    missing = missing_record(actor=alice, child_id=child.pk, kind="missing", started_at=went, reported_to_police=True)
    with pytest.raises(CareError) as failed:
        missing_return(actor=alice, missing_id=missing.pk, returned_at=went - dt.timedelta(hours=1))
    assert failed.value.field == "returned_at"
    with pytest.raises(Http404):
        missing_return(actor=charlie, missing_id=missing.pk, returned_at=timezone.now())
    back = missing_return(
        actor=alice, missing_id=missing.pk, returned_at=went + dt.timedelta(hours=10), where_found="At the skate park",
        conversation_at=went + dt.timedelta(hours=12), conversation="She said she went to see her cousin.",
    )  # fmt: skip
    assert back.returned_at is not None
    assert back.return_conversation_by == alice
    assert [e.action for e in events_since(before, alice)] == ["missing.record", "missing.record"]
    assert [(e.outcome, e.action) for e in events_since(before, charlie)] == [("refused", "missing.record")]
    assert not ChronologyEntry.objects.filter(person=child, summary__icontains="skate").exists()
    with pytest.raises(CareError):
        missing_record(actor=alice, child_id=child.pk, kind="away", started_at=timezone.now() + dt.timedelta(hours=1))
    assert MissingEpisode.objects.count() == 1


# Statutory visits follow the placement.


def test_the_next_visit_is_due_within_seven_days_of_a_placement(alice, case, child, in_care, home):
    """Entered 10 days ago at the default frequency: due then. A placement
    that starts 2 days ago brings the visit to within 7 days of its start."""
    link = CaseParticipant.objects.get(case=case, person=child)
    every = link.visit_frequency.interval_days
    due = {p.person_id: p.visit_due_on for p in case_get(actor=alice, case_id=case.pk).children}
    assert due[child.pk] == days(10) + dt.timedelta(days=every)
    first = place(alice, child, home)
    move(alice, child, first)
    due = {p.person_id: p.visit_due_on for p in case_get(actor=alice, case_id=case.pk).children}
    assert due[child.pk] == min(days(2) + dt.timedelta(days=7), days(10) + dt.timedelta(days=every))
    assert due[child.pk] <= days(2) + dt.timedelta(days=7)


def test_home_panels_and_the_person_page_show_the_visit_due_after_a_placement(alice, case, child, in_care, home):
    """The same due date on the home page's Your work, its counts, and the person page."""
    from tiaki.casework.selectors.cases import casework_due
    from tiaki.casework.selectors.person_work import person_casework
    from tiaki.casework.selectors.work import casework_work_for

    # At its frequency the visit is due weeks ahead; the placement brings it within 7 days of its start.
    every = CaseParticipant.objects.get(case=case, person=child).visit_frequency.interval_days
    assert days(10) + dt.timedelta(days=every) > days(1) + dt.timedelta(days=7)
    place(alice, child, home, started_on=days(1))
    expected = days(1) + dt.timedelta(days=7)
    [work] = casework_work_for(actor=alice).mine
    visits = [item for item in work.due if item.kind == "visit"]
    assert [(v.due_on, v.overdue) for v in visits] == [(expected, False)]
    assert casework_due(actor=alice).overdue_visits == 0
    [visit] = person_casework(actor=alice, person_id=child.pk).visits_due
    assert visit.due_on == expected


def test_a_household_with_someone_sealed_from_the_reader_is_not_named(alice, child, in_care, home):
    from tiaki.access.models import StaffSubjectLink
    from tiaki.care.models import HouseholdMember
    from tiaki.care.selectors.history import UNNAMED_HOUSEHOLD, care_history_get

    place(alice, child, home)
    carer = HouseholdMember.objects.get(household=home).person
    StaffSubjectLink.objects.create(user=alice, person=carer, kind=StaffSubjectLink.Kind.WHANAU, recorded_by=alice)
    current = care_history_get(actor=alice, child_id=child.pk).current_placement
    assert current is not None
    assert (current.household_name, current.household_id, current.household_reference) == (UNNAMED_HOUSEHOLD, None, "")
