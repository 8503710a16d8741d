"""Selectors that read personal data, with the three actors: the allocated
worker (alice), an unrelated colleague (bob), an outsider (charlie). Each
call is audited: allowed for alice, refused for the others. The refusals of
every service and selector, found rather than listed, are proven by
test_every_refusal_audited.py; this file keeps the allowed side."""

from __future__ import annotations

import pytest
from django.http import Http404

from tiaki.access import AccessDenied
from tiaki.access.permissions import Permission
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.people import selectors as people
from tiaki.privacy import selectors as privacy

pytestmark = pytest.mark.django_db


def events_since(seq: int, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk).order_by("seq"))


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


SELECTORS = {
    "person_get": lambda actor, child: people.person_get(actor=actor, person_id=child.pk).id,
    "person_access_log": lambda actor, child: len(privacy.person_access_log(actor=actor, person_id=child.pk)),
    "person_list_allocated": lambda actor, child: [p.id for p in people.person_list_allocated(actor=actor)],
}


@pytest.mark.parametrize("name", SELECTORS)
def test_the_allocated_worker_is_allowed_and_audited(name, alice, child, case):
    before = head()
    SELECTORS[name](alice, child)
    events = events_since(before, alice)
    assert len(events) == 1
    assert events[0].outcome == "allowed"
    assert str(child.pk) in events[0].subject_ids


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
@pytest.mark.parametrize("name", SELECTORS)
def test_a_colleague_and_an_outsider_get_nothing_and_are_audited(name, actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    if name == "person_list_allocated":
        # A list is never refused: it is just empty, and still audited once.
        assert SELECTORS[name](actor, child) == []
        assert [e.subject_ids for e in events_since(before, actor)] == ["[]"]
        return
    with pytest.raises((Http404, AccessDenied)):
        SELECTORS[name](actor, child)
    events = events_since(before, actor)
    assert [(e.outcome, e.reason) for e in events] == [("refused", "no_relationship")]


def test_audit_search_is_for_privacy_officers_only(alice, bob, charlie, privacy_officer, child, case):
    page = privacy.audit_search(actor=privacy_officer, query=privacy.AuditQuery(person_id=child.pk))
    assert page.rows is not None
    for actor in (alice, bob, charlie):
        with pytest.raises(AccessDenied):
            privacy.audit_search(actor=actor, query=privacy.AuditQuery())


def test_the_permissions_are_kept_alphabetical():
    names = [p.name for p in Permission]
    assert names == sorted(names)
