"""Statutory visits: a child in care must be seen at the policy's frequency
(eight-weekly by default); a visit note that records the child was seen
starts the count again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.casework import selectors, services
from tiaki.casework.models import CaseNote
from tiaki.casework.services import CaseworkError
from tiaki.casework.tests.conftest import add_note, events_since, head

pytestmark = pytest.mark.django_db


def child_view(actor, case, child):
    return next(p for p in selectors.case_get(actor=actor, case_id=case.pk).participants if p.person_id == child.pk)


def in_care(actor, case, child, days_ago, code=""):
    since = timezone.localdate() - dt.timedelta(days=days_ago)
    return services.case_participant_care(actor=actor, case_id=case.pk, person_id=child.pk, in_care_since=since,
                                          frequency_code=code)  # fmt: skip


def test_a_child_in_care_with_no_visit_is_overdue_after_eight_weeks(alice, child, case):
    participant = in_care(alice, case, child, days_ago=56)
    assert (participant.visit_frequency.code, participant.visit_frequency.interval_days) == ("eight-weekly", 56)
    on_the_day = child_view(alice, case, child)
    assert (on_the_day.visit_every_days, on_the_day.visit_due_on) == (56, timezone.localdate())
    assert not on_the_day.visit_overdue
    in_care(alice, case, child, days_ago=57)
    late = child_view(alice, case, child)
    assert late.visit_overdue
    assert late.last_seen_at is None
    assert selectors.case_get(actor=alice, case_id=case.pk).overdue_visits == [late]


def test_a_visit_where_the_child_was_seen_resets_the_count(alice, child, case):
    in_care(alice, case, child, days_ago=100)
    # A phone call, or a visit where the child was not seen, does not count.
    add_note(alice, case, kind=CaseNote.Kind.PHONE, ago=dt.timedelta(days=1))
    add_note(alice, case, kind=CaseNote.Kind.VISIT, child_seen=False, ago=dt.timedelta(days=1))
    assert child_view(alice, case, child).visit_overdue
    seen = add_note(alice, case, kind=CaseNote.Kind.VISIT, child_seen=True, ago=dt.timedelta(days=3))
    view = child_view(alice, case, child)
    assert view.last_seen_at == seen.occurred_at
    assert view.visit_due_on == timezone.localdate(seen.occurred_at) + dt.timedelta(days=56)
    assert not view.visit_overdue


def test_a_chosen_frequency_applies_and_leaving_care_stops_the_count(alice, child, case):
    in_care(alice, case, child, days_ago=8, code="weekly")
    assert child_view(alice, case, child).visit_overdue
    with pytest.raises(CaseworkError) as failed:
        in_care(alice, case, child, days_ago=8, code="yearly")
    assert failed.value.field == "frequency"
    with pytest.raises(CaseworkError) as failed:
        in_care(alice, case, child, days_ago=-1)
    assert failed.value.field == "in_care_since"
    services.case_participant_care(actor=alice, case_id=case.pk, person_id=child.pk, in_care_since=None)
    view = child_view(alice, case, child)
    assert (view.in_care_since, view.visit_due_on, view.visit_overdue) == (None, None, False)


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_record_care(actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        in_care(actor, case, child, days_ago=10)
    assert [(e.action, e.outcome) for e in events_since(before, actor)] == [("case.update", "refused")]
    assert case.participants.get(person=child).in_care_since is None
