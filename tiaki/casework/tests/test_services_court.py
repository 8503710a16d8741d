"""Court orders (an s78 only with the record of attempts to engage the whānau
and why no safety plan was workable) and Family Group Conferences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from tiaki.casework import services
from tiaki.casework.models import CourtOrder, FamilyGroupConference
from tiaki.casework.services import CaseworkError, StaleVersion
from tiaki.casework.tests.conftest import events_since, head
from tiaki.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def yesterday_at(hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(hour)))


ATTEMPT = {"method": "visit", "with_whom": "Tūī's mother", "outcome": "Nobody answered the door"}


def order(actor, case, child, **change):
    values = {
        "kind": CourtOrder.Kind.S78,
        "court": "Whangārei Family Court",
        "made_on": timezone.localdate(),
        "no_safety_plan_reason": "Nobody in the whānau could be reached before tonight.",
        "engagement_attempts": [ATTEMPT | {"attempted_at": yesterday_at(10)}],
    }
    values.update(change)
    return services.court_order_record(actor=actor, case_id=case.pk, child_id=child.pk, **values)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"engagement_attempts": []}, "attempts"),
        ({"engagement_attempts": [{"attempted_at": None, "method": "", "with_whom": "", "outcome": ""}]}, "attempts"),
        ({"no_safety_plan_reason": " "}, "no_safety_plan_reason"),
        ({"made_on": timezone.localdate() - dt.timedelta(days=2)}, "attempts-1"),  # the attempt came after
        ({"engagement_attempts": [ATTEMPT | {"attempted_at": yesterday_at(9), "method": "pigeon"}]}, "attempts-1"),
        ({"engagement_attempts": [ATTEMPT | {"attempted_at": yesterday_at(9), "outcome": ""}]}, "attempts-1"),
        ({"engagement_attempts": [ATTEMPT | {"attempted_at": dt.datetime(2026, 1, 1, 9)}]}, "attempts-1"),  # noqa: DTZ001 - naive on purpose
        ({"made_on": timezone.localdate() + dt.timedelta(days=1)}, "made_on"),
        ({"kind": CourtOrder.Kind.S101}, "kind"),  # attempts belong to an s78 only
        ({"kind": "s999"}, "kind"),
    ],
)
def test_an_order_with_missing_or_wrong_details_is_refused(alice, child, case, change, field):
    with pytest.raises(CaseworkError) as failed:
        order(alice, case, child, **change)
    assert failed.value.field == field
    assert not CourtOrder.objects.exists()
    case.refresh_from_db()
    assert not case.court_work


def test_an_s78_order_is_kept_with_its_attempts_and_marks_the_case_as_court_work(alice, child, case):
    before = head()
    recorded = order(alice, case, child, engagement_attempts=[
        ATTEMPT | {"attempted_at": yesterday_at(10)},
        ATTEMPT | {"attempted_at": timezone.localdate() - dt.timedelta(days=1), "method": "phone"},
    ])  # fmt: skip
    assert recorded.without_notice
    assert recorded.no_safety_plan_reason == "Nobody in the whānau could be reached before tonight."
    assert list(recorded.engagement_attempts.order_by("attempted_at").values_list("method", flat=True)) == [
        "phone",
        "visit",
    ]
    case.refresh_from_db()
    assert case.court_work
    [entry] = ChronologyEntry.objects.filter(kind="order", source_id=recorded.pk)
    assert entry.person_id == child.pk
    assert "after 2 recorded attempt(s)" in entry.summary
    assert [(e.action, e.relationship) for e in events_since(before, alice)] == [
        ("order.record", f"case:{case.pk}:order:{recorded.pk}")
    ]


def test_other_orders_are_recorded_with_notice(alice, child, case):
    recorded = order(alice, case, child, kind=CourtOrder.Kind.S101, no_safety_plan_reason="", engagement_attempts=(),
                     expires_on=timezone.localdate() + dt.timedelta(days=365))  # fmt: skip
    assert not recorded.without_notice
    assert not recorded.engagement_attempts.exists()
    with pytest.raises(CaseworkError) as failed:
        order(alice, case, child, kind=CourtOrder.Kind.S101, engagement_attempts=(),
              expires_on=timezone.localdate() - dt.timedelta(days=1))  # fmt: skip
    assert failed.value.field == "expires_on"


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_record_an_order(actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        order(actor, case, child)
    assert [(e.action, e.outcome) for e in events_since(before, actor)] == [("order.record", "refused")]
    assert not CourtOrder.objects.exists()


def test_the_database_refuses_an_s78_without_its_reason(alice, child, case):
    row = {"case": case, "child": child, "kind": "s78", "court": "Court", "made_on": timezone.localdate(),
           "recorded_by": alice, "recorded_at": timezone.now()}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        CourtOrder.objects.create(**row, without_notice=True, no_safety_plan_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        CourtOrder.objects.create(**row, without_notice=False, no_safety_plan_reason="A reason")
    assert not CourtOrder.objects.exists()


# --- Family Group Conferences ---------------------------------------------------


def test_a_conference_is_referred_then_its_agreed_plan_recorded(alice, supervisor, child, case):
    fgc = services.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau want to make a plan",
                             coordinator_id=supervisor.pk)  # fmt: skip
    assert (fgc.outcome, fgc.version, fgc.coordinator) == ("pending", 1, supervisor)
    held = timezone.localdate() - dt.timedelta(days=1)
    review = timezone.localdate() + dt.timedelta(days=60)
    for missing, field in (({"held_on": None}, "held_on"), ({"agreed_plan": ""}, "agreed_plan"),
                           ({"review_on": None}, "review_on")):  # fmt: skip
        values = {"held_on": held, "attendees": "Nan\nMum\nTūī", "agreed_plan": "Tūī stays with Nan",
                  "review_on": review} | missing  # fmt: skip
        with pytest.raises(CaseworkError) as failed:
            services.fgc_record(actor=alice, fgc_id=fgc.pk, version=1, outcome="plan_agreed", **values)
        assert failed.value.field == field
    services.fgc_record(actor=alice, fgc_id=fgc.pk, version=1, outcome="plan_agreed", held_on=held,
                        attendees="Nan\nMum\nTūī", agreed_plan="Tūī stays with Nan", review_on=review)  # fmt: skip
    fgc.refresh_from_db()
    assert (fgc.outcome, fgc.held_on, fgc.review_on, fgc.version) == ("plan_agreed", held, review, 2)
    titles = list(ChronologyEntry.objects.filter(kind="fgc", source_id=fgc.pk, person=child).order_by("pk")
                  .values_list("title", flat=True))  # fmt: skip
    assert titles == ["Referred to a Family Group Conference", "Family Group Conference: plan agreed"]
    # A second writer on the page they opened before is told; nothing changes.
    with pytest.raises(StaleVersion):
        services.fgc_record(actor=alice, fgc_id=fgc.pk, version=1, outcome="no_agreement", held_on=held,
                            attendees="Nan")  # fmt: skip
    fgc.refresh_from_db()
    assert fgc.outcome == "plan_agreed"


def test_the_database_refuses_an_agreed_plan_without_the_plan(alice, case):
    fgc = services.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau hui")
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyGroupConference.objects.filter(pk=fgc.pk).update(outcome="plan_agreed", held_on=timezone.localdate())


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_refer_or_record_a_conference(actor_name, request, alice, case):
    fgc = services.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau hui")
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        services.fgc_refer(actor=actor, case_id=case.pk, reason="Mine")
    with pytest.raises(Http404):
        services.fgc_record(actor=actor, fgc_id=fgc.pk, version=1, outcome="not_held", held_on=None, attendees="")
    assert [(e.action, e.outcome) for e in events_since(before, actor)] == [("fgc.record", "refused")] * 2
    assert FamilyGroupConference.objects.count() == 1


def test_a_referral_made_earlier_is_recorded_at_its_time_never_before_the_case(alice, child, case):
    with pytest.raises(CaseworkError, match="before the case"):
        services.fgc_refer(actor=alice, case_id=case.pk, reason="The whānau asked for a hui.",
                           referred_at=case.opened_at - dt.timedelta(days=1))  # fmt: skip
    with pytest.raises(CaseworkError, match="future"):
        services.fgc_refer(actor=alice, case_id=case.pk, reason="The whānau asked for a hui.",
                           referred_at=timezone.now() + dt.timedelta(days=1))  # fmt: skip
    fgc = services.fgc_refer(actor=alice, case_id=case.pk, reason="The whānau asked for a hui.",
                             referred_at=case.opened_at)  # fmt: skip
    assert fgc.referred_at == case.opened_at
    assert ChronologyEntry.objects.get(kind="fgc", source_id=fgc.pk).occurred_at == case.opened_at
