"""Reading the chronology: newest first in keyset pages, filtered, masked for
readers without the field permission, and merged across a whānau's children;
one audit event per view, a refusal a 404 that is audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access.services import breakglass_open
from tiaki.casework.tests.conftest import add_child, add_note, events_since, head, person
from tiaki.chronology.selectors import (
    ChronologyInputError,
    Filters,
    chronology_page,
    decode_cursor,
    encode_cursor,
    whanau_children,
    whanau_chronology_page,
)
from tiaki.chronology.services import chronology_add
from tiaki.people.tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db

#: An instant whose float timestamp loses its last microsecond.
TIE = dt.datetime(1974, 5, 9, 9, 15, 36, 121747, tzinfo=dt.UTC)


def entry(child, at, kind="note", **fields):
    values = {"title": f"{kind} at {at:%Y-%m-%d %H:%M}", "source_id": 1} | fields
    [row] = chronology_add(person_ids=[child.pk], kind=kind, occurred_at=at, **values)
    return row


def all_pages(actor, child, page_size, filters=None):
    pages, cursor = [], None
    while True:
        page = chronology_page(actor=actor, person_id=child.pk, filters=filters, cursor=cursor, page_size=page_size)
        pages.append([e.id for e in page.entries])
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_the_cursor_round_trips_to_the_microsecond():
    for at in (TIE, dt.datetime(2039, 1, 4, 16, 16, 18, 714009, tzinfo=dt.UTC), timezone.now()):
        assert decode_cursor(encode_cursor(at, 42)) == (at, 42)
    for bad in ("", "abc", "12", "1.x", "9" * 30 + ".1"):
        with pytest.raises(ChronologyInputError):
            decode_cursor(bad)


def test_pages_are_newest_first_and_never_overlap_or_skip_ties(alice, child, case):
    now = timezone.now()
    newer = [entry(child, now - dt.timedelta(days=n)) for n in (1, 2)]
    tied = [entry(child, TIE, source_id=n) for n in range(7)]
    older = entry(child, TIE - dt.timedelta(microseconds=1))
    expected = [e.pk for e in newer] + sorted((e.pk for e in tied), reverse=True) + [older.pk]
    pages = all_pages(alice, child, page_size=3)
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert [pk for page in pages for pk in page] == expected


def test_filters_narrow_by_kind_dates_and_significance(alice, child, case):
    today = timezone.localdate()
    noon = lambda days: timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(12)))  # noqa: E731
    report = entry(child, noon(10), kind="report", significant=True)
    note = entry(child, noon(5))
    plan = entry(child, noon(1), kind="plan", significant=True)

    def shown(**filters):
        return [e.id for e in chronology_page(actor=alice, person_id=child.pk, filters=Filters(**filters)).entries]

    assert shown() == [plan.pk, note.pk, report.pk]
    assert shown(kinds=frozenset({"note", "report"})) == [note.pk, report.pk]
    assert shown(significant_only=True) == [plan.pk, report.pk]
    assert shown(since=today - dt.timedelta(days=5)) == [plan.pk, note.pk]
    assert shown(until=today - dt.timedelta(days=5)) == [note.pk, report.pk]
    assert shown(since=today - dt.timedelta(days=5), until=today - dt.timedelta(days=5)) == [note.pk]
    with pytest.raises(ChronologyInputError, match="Unknown event type"):
        Filters(kinds=frozenset({"gossip"}))
    with pytest.raises(ChronologyInputError, match="after"):
        Filters(since=today, until=today - dt.timedelta(days=1))


def test_one_audit_event_per_view_names_the_child(alice, child, case):
    entry(child, timezone.now())
    before = head()
    chronology_page(actor=alice, person_id=child.pk)
    [event] = events_since(before)
    assert (event.actor_id, event.action, event.outcome) == (alice.pk, "chronology.read", "allowed")
    assert json.loads(event.subject_ids) == [child.pk]
    assert event.relationship == f"allocated-case:{case.pk}"


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_get_a_404_and_a_refusal_is_audited(actor_name, request, child, case):
    entry(child, timezone.now())
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        chronology_page(actor=actor, person_id=child.pk)
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("chronology.read", "refused", "no_relationship")
    ]


def test_sensitive_entries_are_masked_under_break_glass_and_shown_to_the_worker(alice, bob, child, case):
    add_note(alice, case, title="Disclosure", text="Tūī told me what happened at the weekend.", sensitive=True)
    [mine] = chronology_page(actor=alice, person_id=child.pk).entries
    assert (mine.masked, mine.title) == (False, "Phone call: Disclosure")
    breakglass_open(actor=bob, person_id=child.pk, reason="Police at the door asking where Tūī is placed tonight")
    page = chronology_page(actor=bob, person_id=child.pk)
    [theirs] = page.entries
    assert page.via_break_glass
    assert theirs.masked
    assert "Disclosure" not in theirs.title
    assert "weekend" not in theirs.summary


@pytest.fixture
def whanau(child, case):
    """Tūī and Rawiri (both on alice's case), their parents Hēmi and Aroha;
    Mere, Tūī's half-sister; Kahu, Aroha's child by another partner. Mere and
    Kahu are in no case alice holds."""
    rawiri = add_child(case, "Rawiri")
    hemi, aroha, mere, kahu = person("Hēmi"), person("Aroha"), person("Mere"), person("Kahu")
    for parent in (hemi, aroha):
        for kid in (child, rawiri):
            RelationshipFactory(from_person=parent, to_person=kid, kind="parent")
    RelationshipFactory(from_person=aroha, to_person=kahu, kind="parent")
    RelationshipFactory(from_person=child, to_person=mere, kind="half-sibling")
    return {"rawiri": rawiri, "hemi": hemi, "aroha": aroha, "mere": mere, "kahu": kahu}


def test_whanau_children_are_siblings_half_siblings_and_parents_children_not_parents(child, whanau):
    found = whanau_children(child.pk)
    assert found[0] == child.pk
    assert set(found) == {child.pk, whanau["rawiri"].pk, whanau["mere"].pk, whanau["kahu"].pk}


def test_the_whanau_chronology_merges_folds_and_counts_who_is_not_shown(alice, child, case, whanau):
    rawiri = whanau["rawiri"]
    now = timezone.now()
    entry(child, now - dt.timedelta(days=3), title="Tūī's school report")
    entry(rawiri, now - dt.timedelta(days=2), title="Rawiri's doctor visit")
    entry(whanau["kahu"], now - dt.timedelta(days=1), title="Kahu's report")  # out of alice's reach
    both = add_note(alice, case, ago=dt.timedelta(hours=2), title="Hui with both")
    before = head()
    page = whanau_chronology_page(actor=alice, person_id=child.pk)
    assert [e.title for e in page.entries] == ["Phone call: Hui with both", "Rawiri's doctor visit",
                                               "Tūī's school report"]  # fmt: skip
    assert page.entries[0].source_id == both.pk
    assert sorted(page.entries[0].person_ids) == sorted([child.pk, rawiri.pk])
    assert page.not_shown == 2  # Mere and Kahu
    assert set(page.person_ids) == {child.pk, rawiri.pk}
    [event] = events_since(before, alice)
    assert event.action == "chronology.read"
    assert json.loads(event.subject_ids) == sorted([child.pk, rawiri.pk])
