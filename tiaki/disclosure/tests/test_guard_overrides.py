"""A second person's override of a blocked attempt (services.overrides)."""

from __future__ import annotations

import pytest
from django.http import Http404

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, GuardFinding
from tiaki.disclosure.services.overrides import OverrideError, approve_override

REASON = "Police asked us to confirm the address in writing; the father is in custody."


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_a_leader_who_reaches_the_case_overrides_with_a_reason(blocked_letter, supervisor):
    row = approve_override(actor=supervisor, disclosure_id=blocked_letter.pk, reason=REASON)
    assert (row.override_by, row.override_reason) == (supervisor, REASON)
    assert row.override_at is not None
    events = list(AuditEvent.objects.filter(actor_id=supervisor.pk).order_by("seq"))
    assert [(e.action, e.outcome, e.subject_type) for e in events[-2:]] == [
        ("disclosure.override", "allowed", "disclosure"),
        ("disclosure.override", "allowed", "person"),
    ]


def test_the_sender_cannot_override_their_own_attempt_and_it_is_audited(blocked_letter, whanau):
    whanau.worker.role = "supervisor"
    whanau.worker.save(update_fields=["role"])
    with pytest.raises(OverrideError) as caught:
        approve_override(actor=whanau.worker, disclosure_id=blocked_letter.pk, reason=REASON)
    assert caught.value.reason == reasons.OVERRIDE_OWN
    event = last_event()
    assert (event.actor_id, event.outcome, event.reason, event.action) == (
        whanau.worker.pk, "refused", reasons.OVERRIDE_OWN, "disclosure.override",
    )  # fmt: skip
    assert Disclosure.objects.get(pk=blocked_letter.pk).override_by is None


def test_a_finding_nobody_may_override_refuses_and_is_audited(blocked_letter, supervisor):
    GuardFinding.objects.filter(disclosure=blocked_letter).update(overridable=False)
    with pytest.raises(OverrideError) as caught:
        approve_override(actor=supervisor, disclosure_id=blocked_letter.pk, reason=REASON)
    assert caught.value.reason == reasons.OVERRIDE_NOT_ALLOWED
    assert last_event().reason == reasons.OVERRIDE_NOT_ALLOWED
    assert Disclosure.objects.get(pk=blocked_letter.pk).override_by is None


@pytest.mark.parametrize(("typed", "words"), [("", "Enter why"), ("   ", "Enter why"), ("Fine.", "Say more")])
def test_a_missing_or_short_reason_is_its_own_error(blocked_letter, supervisor, typed, words):
    with pytest.raises(OverrideError) as caught:
        approve_override(actor=supervisor, disclosure_id=blocked_letter.pk, reason=typed)
    assert (caught.value.field, caught.value.message.startswith(words)) == ("reason", True)


def test_a_decided_attempt_cannot_be_decided_again(blocked_letter, supervisor, site_manager):
    approve_override(actor=supervisor, disclosure_id=blocked_letter.pk, reason=REASON)
    with pytest.raises(OverrideError, match="already been decided"):
        approve_override(actor=site_manager, disclosure_id=blocked_letter.pk, reason=REASON)


def test_a_leader_who_cannot_reach_the_case_gets_not_found_audited(blocked_letter, far_leader):
    with pytest.raises(Http404):
        approve_override(actor=far_leader, disclosure_id=blocked_letter.pk, reason=REASON)
    event = last_event()
    assert (event.actor_id, event.outcome) == (far_leader.pk, "refused")


def test_an_id_that_is_not_a_blocked_attempt_is_not_found(blocked_letter, supervisor):
    with pytest.raises(Http404):
        approve_override(actor=supervisor, disclosure_id=blocked_letter.pk + 1000, reason=REASON)


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_workers_without_the_permission_are_refused_and_audited(blocked_letter, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(AccessDenied):
        approve_override(actor=actor, disclosure_id=blocked_letter.pk, reason=REASON)
    assert (last_event().actor_id, last_event().outcome) == (actor.pk, "refused")
