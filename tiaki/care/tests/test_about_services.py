"""About me's service and selectors: versions kept, written only by the
team of the child's open case, read by whoever may read the child (a
trainee too), refused and audited for everyone else; items checked one by
one; two workers saving at once cannot both win (nothing lost)."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from tiaki.access import AccessDenied
from tiaki.access.services import breakglass_open
from tiaki.care.models import AboutMe, AboutMeVersion
from tiaki.care.selectors.about import about_me_get, about_me_shareable_items
from tiaki.care.services.about import MAX_ITEMS, AboutMeError, StaleVersion, about_me_save
from tiaki.care.tests.about_fixtures import LIKES, MARAE, NOW, SLEEP, events_since, head, save
from tiaki.casework.models import Case
from tiaki.people.models import Person
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db


def test_the_allocated_worker_saves_versions_and_each_is_kept(alice, child, in_care, case):
    before = head()
    first = save(alice, child, items=[LIKES, SLEEP], now=NOW)
    second = save(alice, child, expected_version=1, items=[SLEEP, LIKES, MARAE], reason="Added her marae")
    assert (first.number, second.number) == (1, 2)
    about = AboutMe.objects.get(child=child)
    assert about.current_version == 2
    assert first.written_at == NOW
    # Kept in topic order, whatever order they were typed in.
    assert AboutMeVersion.objects.get(about=about, number=1).items == [SLEEP, LIKES]
    assert AboutMeVersion.objects.get(about=about, number=2).reason == "Added her marae"
    saves = events_since(before, alice, action="about_me.save")
    assert [(e.outcome, e.relationship) for e in saves] == [
        ("allowed", f"allocated-case:{case.pk}:about-me:{about.pk}:v1"),
        ("allowed", f"allocated-case:{case.pk}:about-me:{about.pk}:v2"),
    ]
    assert all(e.subject_type == "person" and str(child.pk) in e.subject_ids for e in saves)


def test_reading_groups_items_by_topic_with_who_wrote_it_and_every_version(alice, child, in_care):
    save(alice, child, items=[SLEEP], now=NOW)
    save(alice, child, expected_version=1, items=[MARAE, LIKES, SLEEP], reason="Her whakapapa and iwi")
    before = head()
    view = about_me_get(actor=alice, child_id=child.pk)
    assert (view.number, view.current_version, view.may_edit, view.reason) == (2, 2, True, "Her whakapapa and iwi")
    assert view.written_by == (alice.get_full_name() or alice.username)
    assert [t.code for t in view.filled_topics] == ["sleep", "likes", "iwi"]
    assert [t.label for t in view.topics][:3] == ["Sleep and bedtime", "Food and mealtimes", "Getting to school"]
    assert [v.number for v in view.versions] == [2, 1]
    assert [(e.action, e.outcome) for e in events_since(before, alice)] == [("about_me.read", "allowed")]
    older = about_me_get(actor=alice, child_id=child.pk, version=1)
    assert (older.number, older.current_version, older.is_current) == (1, 2, False)
    assert [i.text for i in older.items] == [SLEEP["text"]]
    assert older.written_at == NOW
    with pytest.raises(Http404):
        about_me_get(actor=alice, child_id=child.pk, version=3)


def test_nothing_written_yet_reads_as_empty_and_the_team_may_write_it(alice, supervisor, child, in_care):
    view = about_me_get(actor=alice, child_id=child.pk)
    assert (view.number, view.current_version, view.items, view.versions, view.may_edit) == (0, 0, [], [], True)
    assert about_me_get(actor=supervisor, child_id=child.pk).may_edit


def test_the_supervision_line_may_save_too(alice, supervisor, child, in_care, case):
    version = save(supervisor, child)
    assert version.written_by == supervisor
    event = events_since(head() - 1, supervisor)[0]
    assert event.relationship.startswith(f"supervision-line:case:{case.pk}:about-me:")


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_can_neither_read_nor_save_and_are_audited(actor_name, request, alice, child,
                                                                             in_care):  # fmt: skip
    save(alice, child)
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        about_me_get(actor=actor, child_id=child.pk)
    with pytest.raises(Http404):
        about_me_shareable_items(actor=actor, child_id=child.pk)
    with pytest.raises(Http404):
        save(actor, child, expected_version=1)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("about_me.read", "refused", "no_relationship"),
        ("about_me.read", "refused", "no_relationship"),
        ("about_me.save", "refused", "no_relationship"),
    ]
    assert AboutMeVersion.objects.count() == 1


def test_a_missing_child_is_refused_exactly_as_one_out_of_reach(bob, child, in_care):
    outcomes = []
    for child_id in (child.pk, 987654321):
        before = head()
        with pytest.raises(Http404):
            about_me_save(actor=bob, child_id=child_id, expected_version=0, items=[SLEEP])
        outcomes.append([(e.action, e.outcome, e.reason) for e in events_since(before, bob)])
    # The same answer; only the trail (for the privacy office) tells them apart.
    assert outcomes == [
        [("about_me.save", "refused", "no_relationship")],
        [("about_me.save", "refused", "not_found")],
    ]


def test_a_trainee_on_the_work_reads_but_cannot_save(trainee, alice, child, in_care):
    save(alice, child)
    before = head()
    view = about_me_get(actor=trainee, child_id=child.pk)
    assert (view.number, view.may_edit) == (1, False)
    with pytest.raises(AccessDenied):
        save(trainee, child, expected_version=1)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, trainee)] == [
        ("about_me.read", "allowed", ""),
        ("about_me.save", "refused", "permission_missing"),
    ]


def test_emergency_access_reads_but_does_not_write(bob, alice, child, in_care):
    save(alice, child)
    breakglass_open(actor=bob, person_id=child.pk, reason="Police called: the child may be at the address tonight.")
    view = about_me_get(actor=bob, child_id=child.pk)
    assert (view.number, view.may_edit) == (1, False)
    before = head()
    with pytest.raises(Http404):
        save(bob, child, expected_version=1)
    assert [(e.outcome, e.reason) for e in events_since(before, bob)] == [("refused", "no_relationship")]
    assert AboutMeVersion.objects.count() == 1


def test_a_closed_case_no_longer_gives_the_right_to_write(alice, child, in_care, case):
    save(alice, child)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=NOW,
                                           closure_reason=Case.ClosureReason.CONCERNS_ADDRESSED)  # fmt: skip
    # Read for 30 days after (the team finishes the record), never written.
    assert not about_me_get(actor=alice, child_id=child.pk).may_edit
    with pytest.raises(Http404):
        save(alice, child, expected_version=1)


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        ([SLEEP, SLEEP | {"topic": "pets"}], "items-2", "Item 2: choose a topic from the list."),
        ([SLEEP | {"text": "   "}], "items-1", "Item 1: enter what to say about “Sleep and bedtime”, or leave it out."),
        ([SLEEP | {"text": "x" * 2001}], "items-1", "Item 1: keep it under 2,000 characters."),
        ([SLEEP | {"own_words": "yes"}], "items-1", "Item 1: say yes or no"),
        ([], "items", "Add at least one thing about the child."),
        ([SLEEP] * (MAX_ITEMS + 1), "items", f"About me holds at most {MAX_ITEMS} items."),
    ],
)
def test_each_bad_item_is_named(alice, child, in_care, items, field, message):
    with pytest.raises(AboutMeError) as failed:
        save(alice, child, items=items)
    assert failed.value.field == field
    assert message in str(failed.value)
    assert not AboutMe.objects.exists()


def test_every_bad_item_is_named_at_once_and_a_text_of_2000_is_kept(alice, child, in_care):
    with pytest.raises(AboutMeError) as failed:
        save(alice, child, items=[SLEEP | {"text": ""}, LIKES, LIKES | {"topic": ""}])
    assert [name for name, _ in failed.value.errors] == ["items-1", "items-3"]
    assert save(alice, child, items=[SLEEP | {"text": "x" * 2000}]).items[0]["text"] == "x" * 2000


def test_a_later_version_says_what_changed(alice, child, in_care):
    save(alice, child)
    with pytest.raises(AboutMeError) as failed:
        save(alice, child, expected_version=1, reason="  ")
    assert (failed.value.field, str(failed.value)) == ("reason", "Enter what changed and why.")


def test_two_saves_from_the_same_version_the_second_is_told_and_the_first_stays(alice, supervisor, child, in_care):
    save(alice, child)
    theirs = save(supervisor, child, expected_version=1, items=[MARAE], reason="Her marae")
    with pytest.raises(StaleVersion) as stale:
        save(alice, child, expected_version=1, items=[LIKES], reason="Her likes")
    assert stale.value.current == theirs
    assert "saved a new version of this About me since you opened it. Nothing was saved" in str(stale.value)
    assert list(AboutMeVersion.objects.order_by("number").values_list("number", "reason")) == [
        (1, ""),
        (2, "Her marae"),
    ]
    # A first save from a screen that saw none, and a version that never was, are told too.
    with pytest.raises(StaleVersion) as first:
        save(alice, child, expected_version=0)
    assert first.value.current == theirs
    with pytest.raises(StaleVersion):
        save(alice, child, expected_version=7)


def test_the_shareable_flag_round_trips_and_only_shareable_items_are_handed_on(alice, child, in_care):
    save(alice, child, items=[SLEEP, LIKES, MARAE])
    view = about_me_get(actor=alice, child_id=child.pk)
    assert [(i.topic, i.own_words, i.shareable) for i in view.items] == [
        ("sleep", False, True),
        ("likes", True, True),
        ("iwi", False, False),
    ]
    before = head()
    assert about_me_shareable_items(actor=alice, child_id=child.pk) == [
        {"topic": "sleep", "topic_label": "Sleep and bedtime", "text": SLEEP["text"], "own_words": False},
        {"topic": "likes", "topic_label": "What I like", "text": LIKES["text"], "own_words": True},
    ]
    assert [(e.action, e.outcome) for e in events_since(before, alice)] == [("about_me.read", "allowed")]
    save(alice, child, expected_version=1, items=[SLEEP | {"shareable": False}], reason="Not for sharing after all")
    assert about_me_shareable_items(actor=alice, child_id=child.pk) == []


def test_the_database_refuses_changing_a_version(alice, child, in_care):
    version = save(alice, child)
    with pytest.raises(DatabaseError), transaction.atomic():
        AboutMeVersion.objects.filter(pk=version.pk).update(items=[])
    version.refresh_from_db()
    assert version.items == [SLEEP, LIKES]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test databases are not shared between threads; runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", [True, False], ids=["the first version", "a later version"])
def test_two_workers_saving_at_once_one_wins_and_the_other_is_told(first, alice, supervisor, child, in_care):
    for _ in range(3):
        AboutMeVersion.objects.all().delete()
        AboutMe.objects.all().delete()
        if not first:
            save(alice, child)
        start = threading.Barrier(2)
        results: dict[str, object] = {}

        def write(who: User, start: threading.Barrier = start, results: dict[str, object] = results) -> None:
            try:
                start.wait()
                save(who, child, expected_version=0 if first else 1, items=[LIKES | {"text": f"{who.username}'s"}])
                results[who.username] = "won"
            except StaleVersion as exc:
                results[who.username] = exc
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread below
                results[who.username] = repr(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(who,)) for who in (alice, supervisor)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = list(results.values())
        assert outcomes.count("won") == 1, outcomes
        told = next(o for o in outcomes if isinstance(o, StaleVersion))
        winner = next(name for name, outcome in results.items() if outcome == "won")
        about = AboutMe.objects.get(child=child)
        assert about.current_version == (1 if first else 2)
        saved = AboutMeVersion.objects.get(about=about, number=about.current_version)
        assert saved.items[0]["text"] == f"{winner}'s"
        # The loser is shown what the winner saved.
        assert told.current is not None
        assert told.current.pk == saved.pk


def test_a_sealed_child_is_absent_even_to_her_allocated_worker(alice, child, in_care):
    save(alice, child)
    Person.objects.filter(pk=child.pk).update(sealed=True)
    before = head()
    with pytest.raises(Http404):
        about_me_get(actor=alice, child_id=child.pk)
    with pytest.raises(Http404):
        save(alice, child, expected_version=1)
    assert [(e.action, e.reason) for e in events_since(before, alice)] == [
        ("about_me.read", "sealed"),
        ("about_me.save", "sealed"),
    ]
