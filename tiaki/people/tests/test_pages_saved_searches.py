"""tiaki.people.web.saved_searches: a search kept behind an opaque id in the session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from tiaki.people.web import saved_searches

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_with_session():
    request = RequestFactory().post("/people/search/")
    request.session = SessionStore()
    return request


def test_it_gives_back_what_was_kept_only_for_its_kind(request_with_session):
    token = saved_searches.keep(request_with_session, "person", {"q": "Mere Ngata"})
    assert len(token) >= 20
    assert saved_searches.recall(request_with_session, "person", token) == {"q": "Mere Ngata"}
    assert saved_searches.recall(request_with_session, "audit", token) is None
    assert saved_searches.recall(request_with_session, "person", "not-a-token") is None


def test_it_keeps_only_the_last_searches(request_with_session):
    tokens = [
        saved_searches.keep(request_with_session, "person", {"q": str(i)}) for i in range(saved_searches.KEPT + 2)
    ]
    assert saved_searches.recall(request_with_session, "person", tokens[0]) is None
    assert saved_searches.recall(request_with_session, "person", tokens[-1]) == {"q": str(saved_searches.KEPT + 1)}
    assert len(request_with_session.session[saved_searches.SESSION_KEY]) == saved_searches.KEPT


def test_it_forgets_a_search_after_its_lifetime(request_with_session, monkeypatch):
    start = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
    clock = {"now": start}
    monkeypatch.setattr(saved_searches.timezone, "now", lambda: clock["now"])
    token = saved_searches.keep(request_with_session, "person", {"q": "Mere Ngata"})
    clock["now"] = start + saved_searches.LIFETIME - dt.timedelta(seconds=1)
    assert saved_searches.recall(request_with_session, "person", token) == {"q": "Mere Ngata"}
    clock["now"] = start + saved_searches.LIFETIME
    assert saved_searches.recall(request_with_session, "person", token) is None
