"""Sharing with caregivers and partners: making a share (its items frozen,
through the pipeline), the bad input each refused with its own error and
audited, a partner's agreement, withdrawing, and the recipient's reads
(refused after expiry or withdrawal, or when the guard now stops it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, Share, ShareItem, ShareRead
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.selectors.sharing import shares_for_child, shares_for_me
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.sharing import ShareEnded, ShareError, create_share, read_share, revoke_share
from tiaki.disclosure.tests.conftest_sharing import NOT_SHAREABLE, ROUTINE, expire
from tiaki.web.templatetags.tiaki_dates import day

pytestmark = pytest.mark.django_db(transaction=True)


def head() -> int:
    row = AuditChainHead.objects.filter(pk=1).first()
    return row.last_seq if row else 0


def events_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def about_keys(actor, child_id) -> list[str]:
    return [c.key for c in shares_for_child(actor=actor, child_id=child_id).choices if c.kind == "about_me"]


def share(actor, world, **changes) -> Share:
    arguments = {
        "actor": actor, "child_id": world.child.pk, "household_id": world.household.pk,
        "purpose": "So Rangi knows her routines.",
        "consent": "young_person", "consent_on": timezone.localdate(),
        "expires_at": timezone.now() + dt.timedelta(days=30),
    }  # fmt: skip
    if "item_keys" not in changes:
        changes["item_keys"] = about_keys(world.worker, world.child.pk)
    return create_share(**{**arguments, **changes})


def test_a_worker_shares_the_childs_shareable_about_me_with_her_caregivers(sharing, alice):
    seq = head()
    made = share(alice, sharing)
    items = list(made.items.order_by("order"))
    assert [(i.kind, i.label, i.text) for i in items] == [
        ("about_me", "Sleep and bedtime", ROUTINE), ("about_me", "What I like", "Kapa haka and her cat Pōtae.")
    ]  # fmt: skip
    assert made.household == sharing.household
    assert made.shared_by == alice
    assert made.case == sharing.case
    disclosure = made.disclosure
    assert (disclosure.kind, disclosure.outcome, disclosure.channel) == ("share_pack", "released", "portal")
    assert disclosure.recipient_household_id == sharing.household.pk
    actions = [(e.action, e.outcome) for e in events_since(seq)]
    assert ("disclosure.make", "allowed") in actions
    assert ("share.create", "allowed") in actions


def test_what_may_be_shared_is_only_whats_marked_shareable_plus_plan_contact_and_appointments(sharing, alice):
    choices = shares_for_child(actor=alice, child_id=sharing.child.pk).choices
    texts = " ".join(c.text for c in choices)
    assert NOT_SHAREABLE not in texts
    assert ROUTINE in texts
    assert {c.kind for c in choices} == {"about_me", "plan_summary", "contact", "appointment"}
    assert "Walk her to school" in texts
    assert "Dentist with Rangi" in texts
    assert "Tūī Herewini" in texts


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": "  "}, "purpose"),
        ({"consent": "none", "override_reason": ""}, "override_reason"),
        ({"consent": "whanau", "consent_on": None}, "consent_on"),
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "expires_at"),
        ({"expires_at": timezone.now() + dt.timedelta(days=400)}, "expires_at"),
        ({"item_keys": []}, "items"),
        ({"item_keys": ["about_me:99"]}, "items"),
        ({"household_id": None}, "recipient"),
    ],
)
def test_bad_input_is_refused_with_its_own_error_nothing_saved_and_audited(sharing, alice, changes, field):
    keys = about_keys(alice, sharing.child.pk)
    seq = head()
    with pytest.raises(ShareError) as raised:
        share(alice, sharing, **{"item_keys": keys, **changes})
    assert raised.value.field == field
    assert raised.value.message
    assert not Share.objects.exists()
    assert not Disclosure.objects.exists()
    (event,) = [e for e in events_since(seq) if e.action.startswith("share.")]
    assert (event.action, event.outcome, event.reason, event.actor_id) == (
        "share.create", "refused", reasons.SHARE_INVALID, alice.pk
    )  # fmt: skip


def test_without_consent_an_override_reason_lets_it_go(sharing, alice):
    made = share(alice, sharing, consent="none", override_reason="She is 4: too young to say; whānau unreachable.")
    assert made.consent == "none"
    assert made.consent_on is None


def test_a_partner_receives_only_the_kinds_its_agreement_allows(sharing, alice, organisation):
    offered = shares_for_child(actor=alice, child_id=sharing.child.pk).choices
    plan = next(c.key for c in offered if c.kind == "plan_summary")
    seq = head()
    with pytest.raises(ShareError) as raised:
        share(alice, sharing, household_id=None, organisation_id=organisation.pk, item_keys=[plan])
    assert raised.value.reason == reasons.PARTNER_NOT_AGREED
    assert "Plan summary" in raised.value.message
    assert [e.reason for e in events_since(seq) if e.outcome == "refused"] == [reasons.PARTNER_NOT_AGREED]
    made = share(alice, sharing, household_id=None, organisation_id=organisation.pk)
    assert made.organisation == organisation


def test_a_partner_whose_agreement_is_suspended_receives_nothing(sharing, alice, organisation):
    organisation.status = "suspended"
    organisation.save(update_fields=["status"])
    with pytest.raises(ShareError) as raised:
        share(alice, sharing, household_id=None, organisation_id=organisation.pk)
    assert raised.value.reason == reasons.PARTNER_NOT_AGREED
    assert not Share.objects.exists()


def test_what_the_guard_stops_is_not_shared_and_the_near_miss_is_recorded(sharing, alice, monkeypatch):
    finding = guard.Finding(rule="placement_location", item_key="about_me:1", item_label="Sleep and bedtime",
                            about_person=sharing.child.pk, protected_from=None, overridable=True,
                            words="Remove where the child lives.")  # fmt: skip
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    with pytest.raises(DisclosureBlocked) as raised:
        share(alice, sharing)
    assert raised.value.findings == [finding]
    assert not Share.objects.exists()
    assert Disclosure.objects.get().outcome == "blocked"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_worker_off_the_childs_team_cannot_share_and_is_audited(sharing, request, who):
    actor = request.getfixturevalue(who)
    seq = head()
    with pytest.raises(Http404):
        share(actor, sharing, item_keys=["about_me:1"])
    assert [(e.action, e.outcome, e.actor_id) for e in events_since(seq)] == [("share.create", "refused", actor.pk)]


def test_the_caregiver_reads_it_and_the_worker_sees_the_read(sharing, alice, caregiver_user):
    made = share(alice, sharing)
    seq = head()
    view = read_share(actor=caregiver_user, share_id=made.pk)
    assert next(i.text for i in view.items) == ROUTINE
    assert [(e.action, e.outcome) for e in events_since(seq)] == [("share.read", "allowed")]
    (shown,) = shares_for_child(actor=alice, child_id=sharing.child.pk).shares
    assert [(r.who, r.outcome) for r in shown.reads] == [("Rangi Kingi", "read")]


def test_after_expiry_the_next_read_is_refused_in_plain_words(sharing, alice, caregiver_user):
    made = share(alice, sharing)
    read_share(actor=caregiver_user, share_id=made.pk)
    ended = expire(made.pk)
    seq = head()
    with pytest.raises(ShareEnded) as raised:
        read_share(actor=caregiver_user, share_id=made.pk)
    last_day = day(timezone.localdate(ended - dt.timedelta(microseconds=1)))
    assert raised.value.message == (
        f"This was shared until {last_day}. Ask the child's social worker if you still need it."
    )
    assert [(e.action, e.outcome, e.reason) for e in events_since(seq)] == [
        ("share.read", "refused", reasons.SHARE_EXPIRED)
    ]
    assert list(ShareRead.objects.order_by("pk").values_list("outcome", flat=True)) == ["read", "expired"]


def test_a_withdrawn_share_is_refused_on_its_next_read(sharing, alice, caregiver_user):
    made = share(alice, sharing)
    with pytest.raises(ShareError):
        revoke_share(actor=alice, share_id=made.pk, reason=" ")
    revoke_share(actor=alice, share_id=made.pk, reason="Tūī has moved.")
    seq = head()
    with pytest.raises(ShareEnded) as raised:
        read_share(actor=caregiver_user, share_id=made.pk)
    assert raised.value.reason == reasons.SHARE_REVOKED
    assert "withdrawn" in raised.value.message
    assert [e.reason for e in events_since(seq)] == [reasons.SHARE_REVOKED]
    assert ShareRead.objects.get().outcome == "revoked"


def test_a_protection_order_since_sharing_stops_the_next_read(sharing, alice, caregiver_user, monkeypatch):
    made = share(alice, sharing)
    finding = guard.Finding(
        rule="sensitive",
        item_key="about_me:1",
        item_label="Sleep and bedtime",
        about_person=sharing.child.pk,
        protected_from=None,
        overridable=False,
        words="No.",
    )
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    with pytest.raises(ShareEnded) as raised:
        read_share(actor=caregiver_user, share_id=made.pk)
    assert raised.value.reason == reasons.DISCLOSURE_BLOCKED
    assert ShareRead.objects.get().outcome == "blocked"


def test_someone_elses_share_and_one_that_does_not_exist_look_the_same(sharing, alice, caregiver_user, partner_user):
    made = share(alice, sharing)
    for share_id in (made.pk, made.pk + 1000):
        seq = head()
        with pytest.raises(Http404):
            read_share(actor=partner_user, share_id=share_id)
        assert [(e.action, e.outcome, e.reason, e.subject_ids) for e in events_since(seq)] == [
            ("share.read", "refused", "not_found", "[]")
        ]
    assert not ShareRead.objects.exists()


def test_staff_cannot_read_shares_as_a_recipient(sharing, alice):
    made = share(alice, sharing)
    with pytest.raises(AccessDenied):
        read_share(actor=alice, share_id=made.pk)


def test_a_recipient_lists_only_their_own_current_shares_and_ended_ones_without_contents(
    sharing, alice, caregiver_user, partner_user
):
    current = share(alice, sharing)
    old = share(alice, sharing, purpose="Last month's routines.")
    expire(old.pk, ago=dt.timedelta(days=1))
    mine = shares_for_me(actor=caregiver_user)
    assert mine.reads_for == "Kingi whānau"
    assert [s.id for s in mine.current] == [current.pk]
    assert [s.id for s in mine.ended] == [old.pk]
    assert all(not s.items for s in [*mine.current, *mine.ended])
    assert shares_for_me(actor=partner_user).current == []


def test_only_the_team_may_withdraw_a_share(sharing, alice, bob):
    made = share(alice, sharing)
    with pytest.raises(Http404):
        revoke_share(actor=bob, share_id=made.pk, reason="Not mine to withdraw.")
    assert Share.objects.get().revoked_at is None


def test_a_share_keeps_its_items_as_they_were_when_shared(sharing, alice):
    made = share(alice, sharing)
    assert ShareItem.objects.filter(share=made).count() == 2
