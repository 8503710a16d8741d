"""person_search: what each of the cast sees, and the rules behind the
disclosure (tiaki/people/selectors/search.py, docs/people.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access import scoping
from tiaki.access.models import BreakGlassGrant
from tiaki.people.matching import MatchQuery
from tiaki.people.selectors import search as search_selector
from tiaki.people.selectors.search import person_search
from tiaki.people.services.match_keys import index_persons
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db

NAME = MatchQuery(given_names="Tūī", family_name="Te Whare")


def test_it_decides_protected_addresses_exactly_as_person_decision_does(
    alice, bob, charlie, supervisor, site_manager, privacy_officer, child, case
):
    now = timezone.now()
    BreakGlassGrant.objects.create(
        user=charlie, person=child, reason="Police at the door", granted_at=now,
        expires_at=now + dt.timedelta(minutes=30), review_due_on=now.date(),
    )  # fmt: skip
    for actor in (alice, bob, charlie, supervisor, site_manager, privacy_officer):
        decision = scoping.person_decision(actor, child.pk)
        visible, sensitive = search_selector._reach(actor)
        assert visible == scoping.visible_person_ids(actor), actor
        assert (child.pk in visible) == decision.allowed, actor
        if decision.allowed:
            assert (child.pk in sensitive) == decision.may_see_sensitive, actor
    assert scoping.person_decision(charlie, child.pk).via_break_glass  # the case the rule is about


def test_it_ranks_and_counts_only_persons_the_searcher_may_open(alice, child, case):
    # A better-matching stranger (same name and birth date) must not take the
    # visible child's place when only one hit is asked for.
    stranger = PersonNameFactory(given_names="Tūī", family_name="Te Whare").person
    index_persons([child.pk, stranger.pk])
    result = person_search(actor=alice, query=MatchQuery(given_names="Tūī", family_name="Te Whare"), limit=1)
    assert [hit.person_id for hit in result.hits] == [child.pk]
    assert result.restricted  # the stranger is the notice, not a hit


def test_it_needs_both_names_for_the_notice(bob, child, case):
    index_persons([child.pk])
    assert person_search(actor=bob, query=NAME).restricted
    assert not person_search(actor=bob, query=MatchQuery(given_names="Tūī")).restricted
    assert not person_search(actor=bob, query=MatchQuery(family_name="Te Whare", birth_date="14/03/2015")).restricted
    assert not person_search(actor=bob, query=MatchQuery(given_names="Aroha", family_name="Te Whare")).restricted


def test_it_is_falsy_only_when_nothing_is_shown(alice, bob, child, case):
    index_persons([child.pk])
    assert person_search(actor=alice, query=NAME)
    assert person_search(actor=bob, query=NAME)  # the notice alone
    assert not person_search(actor=bob, query=MatchQuery(given_names="Nobody", family_name="Here"))
    assert person_search(actor=alice, query=NAME).strong.hits == []  # names alone are never strong
