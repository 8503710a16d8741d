"""The read and write paths (tiaki.access.paths): decide, enforce, one
transaction, audit; and the registry the guard and refusal tests loop over."""

from __future__ import annotations

import pytest
from django.http import Http404

from tiaki.access import AccessDenied
from tiaki.access.paths import reading, registered, selector, service, writing
from tiaki.access.permissions import Permission
from tiaki.access.scoping import Decision, refuse
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _events(since: int) -> list[tuple[str, str, str, str]]:
    return list(
        AuditEvent.objects.filter(seq__gt=since)
        .order_by("seq")
        .values_list("action", "outcome", "subject_ids", "reason")
    )


def _head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


@selector(AuditAction.PERSON_READ)
def _read(*, actor, decision, fail=False):
    with reading(actor, decision=decision, subject_type="person", subject_ids=[7]) as step:
        if fail:
            raise ValueError("the body failed")
        step.subject_ids = [7, 8]
        return "read"


@service(AuditAction.NOTE_ADD, permission=Permission.CASE_UPDATE)
def _write(*, actor):
    with writing(actor, subject_type="case", subject_ids=[3]) as step:
        step.also(AuditAction.TASK_ADD, subject_type="case", subject_ids=[3])


def test_an_allowed_read_is_audited_with_what_the_body_read(alice):
    before = _head()
    assert _read(actor=alice, decision=Decision(True, "allocated-case:1")) == "read"
    assert _events(before) == [("person.read", "allowed", "[7,8]", "")]


def test_a_refused_read_is_audited_and_looks_like_nothing_there(alice):
    before = _head()
    with pytest.raises(Http404):
        _read(actor=alice, decision=refuse("no_relationship"))
    assert _events(before) == [("person.read", "refused", "[7]", "no_relationship")]


def test_a_body_that_fails_leaves_no_event(alice):
    before = _head()
    with pytest.raises(ValueError, match="the body failed"):
        _read(actor=alice, decision=Decision(True, "allocated-case:1"), fail=True)
    assert _events(before) == []


def test_a_service_checks_its_permission_first_and_records_every_event(alice, privacy_officer):
    before = _head()
    _write(actor=alice)
    assert [e[0] for e in _events(before)] == ["note.add", "task.add"]
    before = _head()
    with pytest.raises(AccessDenied):
        _write(actor=privacy_officer)
    assert _events(before) == [("note.add", "refused", "[]", "permission_missing")]


def test_the_paths_run_only_inside_a_declared_access_point(alice):
    with pytest.raises(RuntimeError, match="@selector"), reading(alice):
        pass
    with pytest.raises(RuntimeError, match="@service"), writing(alice):
        pass


def test_the_registry_holds_the_declared_points():
    points = registered()
    assert "tiaki.people.selectors.record.person_get" in points
    assert points["tiaki.people.selectors.record.person_get"].action == AuditAction.PERSON_READ
