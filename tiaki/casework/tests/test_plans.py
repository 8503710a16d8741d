"""The child's plan: goals that say who does what, the child's own words, a
review date within a year, and versions that two workers cannot overwrite."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.casework import selectors, services
from tiaki.casework.models import Case, Plan, PlanVersion
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.services.plans import clean_goals
from tiaki.casework.tests.conftest import events_since, head
from tiaki.chronology.models import ChronologyEntry
from tiaki.staff.models import User

GOAL = {"goal": "Tūī goes to kura every day", "action": "Walk her to school", "who": "Nan", "by": ""}


def save(actor, case, child, base_version=0, **change):
    values = {
        "goals": [GOAL],
        "child_voice": "I want to stay with Nan.",
        "whanau_views": "Nan can keep her.",
        "review_on": timezone.localdate() + dt.timedelta(days=90),
        "reason": "" if base_version == 0 else "Updated after the hui",
    }
    values.update(change)
    return services.plan_save(actor=actor, case_id=case.pk, child_id=child.pk, base_version=base_version, **values)


@pytest.mark.parametrize(
    ("goals", "field", "message"),
    [
        ([GOAL, {"goal": "Counselling", "action": "", "who": "", "by": ""}], "goals-2", "Goal 2: enter the action"),
        ([{"goal": "", "action": "Visit", "who": "Alice"}], "goals-1", "Goal 1: enter the goal"),
        ([GOAL | {"by": "next Tuesday"}], "goals-1", "Goal 1: give 'by when' as a date"),
        ([{"goal": "", "action": "", "who": "", "by": ""}], "goals", "Add at least one goal"),
        ([GOAL] * 31, "goals", "at most 30"),
    ],
)
def test_goal_errors_name_the_row(goals, field, message):
    with pytest.raises(CaseworkError) as failed:
        clean_goals(goals)
    assert failed.value.field == field
    assert message in str(failed.value)


def test_blank_goal_rows_are_dropped():
    assert clean_goals([{"goal": " "}, GOAL | {"by": "2026-12-01"}]) == [GOAL | {"by": "2026-12-01"}]


@pytest.mark.django_db
def test_each_save_is_a_new_version_with_its_number(alice, child, case):
    before = head()
    first = save(alice, case, child)
    second = save(alice, case, child, base_version=1, goals=[GOAL, GOAL | {"goal": "See her koro"}])
    assert (first.number, second.number) == (1, 2)
    plan = Plan.objects.get(case=case, child=child)
    assert plan.current_version == 2
    assert PlanVersion.objects.get(plan=plan, number=1).goals == [GOAL]
    titles = list(ChronologyEntry.objects.filter(kind="plan", source_id=plan.pk).order_by("pk").values_list("title"))
    assert titles == [("Plan made",), ("Plan updated (version 2)",)]
    assert [e.relationship for e in events_since(before, alice, action="plan.save")] == [
        f"case:{case.pk}:plan:{plan.pk}:v1",
        f"case:{case.pk}:plan:{plan.pk}:v2",
    ]
    history = selectors.plan_get(actor=alice, plan_id=plan.pk)
    assert history.current == second


@pytest.mark.django_db
def test_two_saves_from_the_same_version_the_second_is_told_and_the_first_stays(alice, supervisor, child, case):
    save(alice, case, child)
    mine = save(supervisor, case, child, base_version=1, child_voice="Supervisor's version")
    with pytest.raises(StaleVersion) as stale:
        save(alice, case, child, base_version=1, child_voice="Alice's version")
    assert stale.value.current == mine
    plan = Plan.objects.get(case=case, child=child)
    assert plan.current_version == 2
    assert PlanVersion.objects.get(plan=plan, number=2).child_voice == "Supervisor's version"
    assert PlanVersion.objects.filter(plan=plan).count() == 2


@pytest.mark.django_db
def test_a_new_plan_from_a_stale_screen_is_told(alice, supervisor, child, case):
    save(alice, case, child)
    with pytest.raises(StaleVersion):
        save(supervisor, case, child, base_version=0)
    with pytest.raises(StaleVersion):
        # The plan the writer saw (version 3) does not exist.
        save(supervisor, case, child, base_version=3)
    assert PlanVersion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"review_on": dt.date(2020, 1, 1)}, "review_on"),
        ({"review_on": "today"}, "review_on"),
        ({"review_on": "13 months"}, "review_on"),
        ({"child_voice": "  "}, "child_voice"),
    ],
)
def test_review_date_and_child_voice_rules(alice, child, case, change, field):
    today = timezone.localdate()
    named = {"today": today, "13 months": today + dt.timedelta(days=367)}
    if change.get("review_on") in named:
        change = {"review_on": named[change["review_on"]]}
    with pytest.raises(CaseworkError) as failed:
        save(alice, case, child, **change)
    assert failed.value.field == field
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_an_update_needs_a_reason_and_the_child_must_be_on_the_case(alice, child, case, adult):
    save(alice, case, child)
    with pytest.raises(CaseworkError) as failed:
        save(alice, case, child, base_version=1, reason="")
    assert failed.value.field == "reason"
    with pytest.raises(CaseworkError) as failed:
        save(alice, case, adult)
    assert failed.value.field == "child"


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_save_a_plan(actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        save(actor, case, child)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("plan.save", "refused", "no_relationship")
    ]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_changing_a_plan_version(alice, child, case):
    version = save(alice, case, child)
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(child_voice="x")
    version.refresh_from_db()
    assert version.child_voice == "I want to stay with Nan."


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test databases are not shared between threads; runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_saving_at_once_one_wins_and_the_other_is_told(alice, supervisor, child, case):
    for round_number in range(3):
        if round_number:
            # A fresh case each round, so every race starts from version 1.
            case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=case.site, allocated_worker=alice,
                                       opened_at=timezone.now())  # fmt: skip
            case.participants.create(person=child)
        save(alice, case, child)
        start = threading.Barrier(2)
        results: dict[str, object] = {}

        def write(
            who: User,
            case: Case = case,
            start: threading.Barrier = start,
            results: dict[str, object] = results,
        ) -> None:
            try:
                start.wait()
                save(who, case, child, base_version=1, child_voice=f"{who.username}'s words")
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
        assert sum(isinstance(o, StaleVersion) for o in outcomes) == 1, outcomes
        plan = Plan.objects.get(case=case, child=child)
        winner = next(name for name, outcome in results.items() if outcome == "won")
        assert plan.current_version == 2
        assert list(plan.versions.order_by("number").values_list("child_voice", flat=True)) == [
            "I want to stay with Nan.",
            f"{winner}'s words",
        ]
