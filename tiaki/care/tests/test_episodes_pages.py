"""The care history page, its forms and the care API: masking for a trainee
and under break-glass, a colleague without a relationship refused (404) and
audited, forms that keep what was typed, the API's problems."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import services as access_services
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.care.models import CareEpisode, Placement
from tiaki.care.selectors.history import care_history_get
from tiaki.care.services.placements import placement_start
from tiaki.care.tests.conftest_episodes import *  # noqa: F403 - the cast and its fixtures
from tiaki.care.tests.conftest_episodes import STREET, days, enter, household, s78
from tiaki.casework.tests.conftest import events_since, head
from tiaki.chronology.selectors import whanau_chronology_page
from tiaki.people.selectors.record import MASKED
from tiaki.people.tests.factories import RelationshipFactory
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(alice, child, in_care, home) -> Placement:
    return placement_start(actor=alice, child_id=child.pk, started_on=days(9), kind="kin", household_id=home.pk)


@pytest.fixture
def trainee(site, child):
    """A trainee allocated a second open case about the child (reach, no SENSITIVE fields)."""
    from tiaki.casework.models import Case, CaseParticipant

    user = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    theirs = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=user, opened_at=timezone.now())
    CaseParticipant.objects.create(case=theirs, person=child)
    return user


def test_the_allocated_worker_sees_the_location_tagged_sensitive(client, alice, child, placed):
    client.force_login(alice)
    page = client.get(reverse("web:care-history", args=[child.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert STREET in text
    assert "SENSITIVE" in text
    assert "The Ngata whānau" in text
    assert "Record a move" in text


def test_a_trainee_sees_the_history_with_the_location_masked(client, trainee, child, placed):
    history = care_history_get(actor=trainee, child_id=child.pk)
    current = history.current_placement
    assert current is not None
    assert (current.location, current.location_masked) == (MASKED, True)
    assert not history.may_record
    client.force_login(trainee)
    text = client.get(reverse("web:care-history", args=[child.pk])).content.decode()
    assert STREET not in text
    assert MASKED in text


def test_break_glass_masks_the_location(bob, child, placed):
    access_services.breakglass_open(actor=bob, person_id=child.pk, reason="Police called tonight: at risk now.")
    history = care_history_get(actor=bob, child_id=child.pk)
    assert history.under_break_glass
    assert history.current_placement.location == MASKED
    assert not history.may_record


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_without_a_relationship_gets_404_and_is_audited(request, client, actor_name, child, placed):
    actor = request.getfixturevalue(actor_name)
    client.force_login(actor)
    before = head()
    assert client.get(reverse("web:care-history", args=[child.pk])).status_code == 404
    assert [(e.outcome, e.action) for e in events_since(before, actor)] == [("refused", "care.read")]


def test_the_history_reads_a_fixed_number_of_statements(alice, child, placed):
    """However long the history: one placement or seven, each with a missing episode, cost the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tiaki.care.services.missing import missing_record, missing_return
    from tiaki.care.services.placements import placement_move

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            care_history_get(actor=alice, child_id=child.pk)
        return len(queries)

    short = statements()
    current = placed
    for n in range(6):
        went = timezone.make_aware(dt.datetime.combine(days(8 - n), dt.time(9)))
        missing = missing_record(actor=alice, child_id=child.pk, kind="away", started_at=went)
        missing_return(actor=alice, missing_id=missing.pk, returned_at=went + dt.timedelta(hours=2))
        current = placement_move(
            actor=alice, child_id=child.pk, expected_version=current.version, moved_on=days(8 - n),
            end_reason="planned_move", move_reason="Closer to kura.", kind="residence", provider_name=f"Home {n}",
        )  # fmt: skip
    assert statements() == short <= 20
    history = care_history_get(actor=alice, child_id=child.pk)
    assert len(history.open_episode.placements) == 7
    assert sum(len(p.missing) for p in history.open_episode.placements) == 6


def test_an_unapproved_caregiver_is_tagged_and_a_manager_approves_it(client, alice, supervisor, child, in_care):
    kin = household(alice, status="assessment")
    placement = placement_start(actor=alice, child_id=child.pk, started_on=days(9), kind="kin",
                                household_id=kin.pk, unapproved_reason="Nan took her in.")  # fmt: skip
    client.force_login(alice)
    text = client.get(reverse("web:care-history", args=[child.pk])).content.decode()
    assert "Unapproved caregiver: awaiting a manager" in text
    assert "Approve this placement" not in text
    client.force_login(supervisor)
    text = client.get(reverse("web:care-history", args=[child.pk])).content.decode()
    assert "Approve this placement" in text
    answer = client.post(reverse("web:placement-approve", args=[placement.pk]),
                         {"version": placement.version, "child": child.pk})  # fmt: skip
    assert answer.status_code == 302
    placement.refresh_from_db()
    assert placement.unapproved_approved_by == supervisor


def test_the_enter_care_form_records_and_keeps_what_was_typed_on_error(client, alice, case, child):
    order = s78(alice, case, child)
    client.force_login(alice)
    url = reverse("web:care-enter", args=[case.pk, child.pk])
    assert client.get(url).status_code == 200
    form = {**date_parts("entered_on", days(3)), "legal_basis": "s78", "court_order": str(order.pk),
            "reasons": ["neglect", "other"], "main_reason": "neglect", "reasons_text": "",
            "living_with": "one_parent", "child_views": "Kei te pai"}  # fmt: skip
    answer = client.post(url, form)
    assert answer.status_code == 400
    assert "Kei te pai" in answer.content.decode()
    assert "the reasons in your own words" in answer.content.decode()
    assert not CareEpisode.objects.exists()
    answer = client.post(url, form | {"reasons_text": "Police called twice."})
    assert answer.status_code == 302
    assert CareEpisode.objects.get().entered_on == days(3)
    assert "Record entering care" not in client.get(reverse("web:case-detail", args=[case.pk])).content.decode()


def test_the_case_page_links_to_entering_care(client, alice, case, child):
    client.force_login(alice)
    text = client.get(reverse("web:case-detail", args=[case.pk])).content.decode()
    assert reverse("web:care-enter", args=[case.pk, child.pk]) in text


def test_the_placement_form_is_filled_in_from_search_and_a_stale_move_is_an_error(client, alice, child, in_care, home):
    client.force_login(alice)
    page = client.get(reverse("web:placement-add", args=[child.pk]) + f"?household={home.pk}&whanau_km=4.5")
    assert page.status_code == 200
    assert f'value="{home.pk}"' in page.content.decode()
    assert 'value="4.5"' in page.content.decode()
    answer = client.post(reverse("web:placement-add", args=[child.pk]),
                         {**date_parts("started_on", days(9)), "household": home.pk, "planned": "on"})  # fmt: skip
    assert answer.status_code == 302
    placement = Placement.objects.get()
    move = {**date_parts("started_on", days(2)), "kind": "residence", "provider_name": "Te Whare Tiaki",
            "move_reason": "Closer to kura.", "end_reason": "planned_move",
            "version": placement.version + 3}  # fmt: skip
    answer = client.post(reverse("web:placement-move", args=[child.pk]), move)
    assert answer.status_code == 409
    assert "Closer to kura." in answer.content.decode()
    assert Placement.objects.count() == 1


def test_the_person_page_says_they_are_in_care_without_the_location(client, alice, child, placed):
    client.force_login(alice)
    text = client.get(reverse("web:person-detail", args=[child.pk])).content.decode()
    assert f"In care since {days(10).day}" in text
    assert "placed with The Ngata whānau" in text


def test_the_whanau_chronology_shows_a_siblings_placement_without_location(alice, bob, trainee, case, child, placed):
    """Read from the child's page: her sister's placement is there for the
    allocated worker, and no reader (a trainee, emergency access) sees a location."""
    from tiaki.casework.tests.conftest import add_child

    sister = add_child(case, "Aroha")
    RelationshipFactory(from_person=child, to_person=sister, kind="sibling")
    enter(alice, case, sister)
    placement_start(actor=alice, child_id=sister.pk, started_on=days(9), kind="kin", household_id=placed.household_id)
    access_services.breakglass_open(actor=bob, person_id=child.pk, reason="Police called tonight: at risk now.")
    seen = {}
    for reader in (alice, trainee, bob):
        page = whanau_chronology_page(actor=reader, person_id=child.pk)
        entries = [e for e in page.entries if e.kind == "placement"]
        assert entries, "the placement is on the whānau chronology"
        assert all(STREET not in f"{e.title} {e.summary}" for e in entries)
        seen[reader.username] = len(entries)
    assert seen["alice"] == 2  # hers and her sister's: together
    assert seen["trainee"] == seen["bob"] == 1  # the sister is not theirs to open


# The API.


def api_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_the_api_enters_care_places_and_answers_problems(alice, bob, case, child, home):
    order = s78(alice, case, child)
    api = api_for(alice)
    body = {"case_id": case.pk, "entered_on": days(5).isoformat(), "legal_basis": "s78", "court_order_id": order.pk,
            "reasons": ["neglect"], "main_reason": "neglect", "living_with": "one_parent"}  # fmt: skip
    answer = api.post(f"/api/v1/care/children/{child.pk}/episodes", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    answer = api.post(f"/api/v1/care/children/{child.pk}/episodes", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid"
    url = f"/api/v1/care/children/{child.pk}/placements"
    answer = api.post(
        url, {"started_on": days(4).isoformat(), "household_id": home.pk}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    stale = {"started_on": days(1).isoformat(), "kind": "residence", "provider_name": "Te Whare Tiaki",
             "move_reason": "Closer to kura.", "end_reason": "planned_move", "expected_version": 9}  # fmt: skip
    answer = api.post(url, stale, content_type="application/json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale_version"
    history = api.get(f"/api/v1/care/children/{child.pk}").json()
    assert history["episodes"][0]["placements"][0]["location"].startswith(STREET)
    assert api_for(bob).get(f"/api/v1/care/children/{child.pk}").status_code == 404
    went = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    answer = api.post(f"/api/v1/care/children/{child.pk}/missing", {"kind": "missing", "started_at": went},
                      content_type="application/json")  # fmt: skip
    assert answer.status_code == 201
    back = {"returned_at": timezone.now().isoformat(), "where_found": "At the skate park"}
    answer = api.post(f"/api/v1/care/missing/{answer.json()['id']}/return", back, content_type="application/json")
    assert answer.status_code == 200


def test_missing_and_return_pages_record_and_mask_where_found(client, alice, trainee, child, placed):
    from tiaki.care.models import MissingEpisode

    client.force_login(alice)
    went = timezone.localtime() - dt.timedelta(hours=5)
    answer = client.post(reverse("web:missing-add", args=[child.pk]), {
        "kind": "missing", **date_parts("started_on", went.date()), "started_time": went.strftime("%H:%M"),
        "reported_to_police": "on",
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    missing = MissingEpisode.objects.get()
    page = client.get(reverse("web:care-history", args=[child.pk])).content.decode()
    assert reverse("web:missing-return", args=[missing.pk]) in page
    back = timezone.localtime() - dt.timedelta(hours=1)
    answer = client.post(reverse("web:missing-return", args=[missing.pk]), {
        **date_parts("returned_on", back.date()), "returned_time": back.strftime("%H:%M"),
        "where_found": "At the skate park", **date_parts("conversation_on", None), "conversation_time": "",
        "conversation": "", "version": missing.version,
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert "At the skate park" in client.get(reverse("web:care-history", args=[child.pk])).content.decode()
    client.force_login(trainee)
    assert "skate park" not in client.get(reverse("web:care-history", args=[child.pk])).content.decode()
