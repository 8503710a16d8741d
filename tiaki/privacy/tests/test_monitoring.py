"""Access monitoring (tiaki.privacy.monitoring): each rule fires on its
pattern and not on the pattern just below its threshold; a pass run twice
raises nothing twice; incremental passes find what a full pass finds.

Events are planted at chosen times (tiaki/privacy/tests/planted.py) on a
working day at least 40 days from today, so times follow the chain's order
whatever today is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.audit.working_set import holidays_between
from tiaki.inbox.models import Notification
from tiaki.privacy.models import AccessAlert, ActorDayVolume, MonitoringRule, MonitoringRun, WatchedRecord
from tiaki.privacy.monitoring import monitoring_run
from tiaki.privacy.tests.planted import Ev, plant, read, refused
from tiaki.staff.tests.factories import UserFactory

NZ = ZoneInfo("Pacific/Auckland")
Code = MonitoringRule.Code


def working_day(after_days: int = 40) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=after_days)
    days_off = set(holidays_between(day, day + dt.timedelta(days=30)))
    while day.weekday() >= 5 or day in days_off:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=NZ) + dt.timedelta(minutes=minute, seconds=second)


def alerts(rule: str | None = None) -> list[AccessAlert]:
    found = AccessAlert.objects.order_by("pk")
    return list(found.filter(rule=rule) if rule else found)


@pytest.fixture
def day(db) -> dt.date:
    return working_day()


def test_five_hundred_people_in_a_minute_raise_an_enumeration_alert(alice, privacy_officer, day):
    start = at(day, 10)
    plant([refused(start + dt.timedelta(milliseconds=110 * i), alice, 90_000 + i) for i in range(500)])
    run = monitoring_run(kind="full")
    distinct = alerts(Code.ENUMERATION_DISTINCT)
    assert len(distinct) == 1
    assert distinct[0].actor_id == alice.pk
    assert distinct[0].count == 500
    assert distinct[0].threshold == 100
    assert len(distinct[0].detail["person_ids"]) == 50
    assert alerts(Code.ENUMERATION_REFUSALS)[0].count == 500
    assert run.alerts_raised == 2


def test_just_below_the_distinct_threshold_raises_nothing(alice, day):
    start = at(day, 10)
    # 99 different people within 15 minutes, each opened three times: 297 reads, 99 people.
    plant([read(start + dt.timedelta(seconds=3 * i), alice, 1000 + i % 99, relationship="allocated-case:1")
           for i in range(297)])  # fmt: skip
    monitoring_run(kind="full")
    assert alerts(Code.ENUMERATION_DISTINCT) == []


def test_refusals_at_the_threshold_alert_and_just_below_do_not(alice, bob, day):
    plant([refused(at(day, 9, 0, 20 * i), alice, 500 + i) for i in range(20)])  # 20 in 7 minutes
    plant([refused(at(day, 11, 0, 20 * i), bob, 700 + i) for i in range(19)])
    monitoring_run(kind="full")
    found = alerts(Code.ENUMERATION_REFUSALS)
    assert [(a.actor_id, a.count) for a in found] == [(alice.pk, 20)]


def _history(user, first: dt.date, days: int, per_day: int) -> list[Ev]:
    """``per_day`` reads at 10:00 on each working day of ``days`` days from ``first``."""
    events = []
    days_off = set(holidays_between(first, first + dt.timedelta(days=days)))
    for n in range(days):
        d = first + dt.timedelta(days=n)
        if d.weekday() >= 5 or d in days_off:
            continue
        events += [read(at(d, 10, i), user, 3000 + i, relationship="allocated-case:9") for i in range(per_day)]
    return events


def test_volume_far_above_the_usual_day(alice, bob, day):
    first = day - dt.timedelta(days=20)
    events = _history(alice, first, 20, 20) + _history(bob, first, 20, 20)
    events += [read(at(day, 9, 0, 20 * i), alice, 4000 + i, relationship="allocated-case:9") for i in range(60)]
    events += [read(at(day, 9, 0, 20 * i), bob, 4000 + i, relationship="allocated-case:9") for i in range(59)]
    plant(events)
    monitoring_run(kind="full")
    found = alerts(Code.VOLUME)
    assert [(a.actor_id, a.count) for a in found] == [(alice.pk, 60)]
    assert found[0].detail["usual"] == 20
    assert found[0].detail["day"] == day.isoformat()
    assert ActorDayVolume.objects.get(actor_id=bob.pk, day=day).reads == 59


def test_out_of_hours_reads_and_weekends(alice, bob, charlie, day):
    plant([read(at(day, 22, i), alice, 10 + i, relationship="allocated-case:1") for i in range(10)])
    plant([read(at(day, 6, i), bob, 10 + i, relationship="allocated-case:1") for i in range(9)])
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7 or 7)
    plant([read(at(saturday, 11, i), charlie, 10 + i, relationship="allocated-case:1") for i in range(10)])
    monitoring_run(kind="full")
    found = alerts(Code.OUT_OF_HOURS)
    assert [(a.actor_id, a.count) for a in found] == [(alice.pk, 10), (charlie.pk, 10)]


def test_frequent_emergency_access(alice, bob, day):
    grants = [Ev(at(day + dt.timedelta(days=n), 11), alice, 55, action=AuditAction.BREAKGLASS_OPEN) for n in (0, 3, 6)]
    grants += [Ev(at(day + dt.timedelta(days=n), 11), bob, 56, action=AuditAction.BREAKGLASS_OPEN) for n in (0, 3)]
    plant(grants)
    monitoring_run(kind="full")
    found = alerts(Code.BREAKGLASS_FREQUENT)
    assert [(a.actor_id, a.count) for a in found] == [(alice.pk, 3)]


def test_a_colleagues_own_record(alice, bob, child, privacy_officer, day):
    StaffSubjectLink.objects.create(
        user=bob, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=privacy_officer
    )
    plant([refused(at(day, 10), alice, child.pk, reason="sealed"), refused(at(day, 10, 5), bob, child.pk,
                                                                            reason="own_record")])  # fmt: skip
    monitoring_run(kind="full")
    assert [(a.actor_id, a.count) for a in alerts(Code.COLLEAGUE_RECORD)] == [(alice.pk, 1)]
    assert [(a.actor_id, a.count) for a in alerts(Code.SEALED_ATTEMPT)] == [(alice.pk, 1)]


def test_a_record_in_the_news(alice, bob, charlie, child, privacy_officer, day):
    WatchedRecord.objects.create(person=child, reason="In the news", added_by=privacy_officer,
                                 added_at=timezone.now())  # fmt: skip
    plant([
        read(at(day, 10), alice, child.pk, relationship="allocated-case:1"),
        read(at(day, 10, 1), charlie, child.pk, relationship="supervision-line:case:1"),
        read(at(day, 10, 2), bob, child.pk, relationship="sealed-grant:3"),
    ])  # fmt: skip
    monitoring_run(kind="full")
    assert [a.actor_id for a in alerts(Code.NEWS_RECORD)] == [bob.pk]


def test_a_refused_read_after_the_relationship_ended(alice, bob, day):
    plant([
        read(at(day, 9), alice, 777, relationship="allocated-case:4"),
        refused(at(day + dt.timedelta(days=2), 9), alice, 777),
        refused(at(day + dt.timedelta(days=2), 9, 5), bob, 777),
        refused(at(day + dt.timedelta(days=2), 9, 6), bob, 778, reason="sealed"),
    ])  # fmt: skip
    monitoring_run(kind="full")
    assert [(a.actor_id, a.detail["person_ids"]) for a in alerts(Code.AFTER_RELATIONSHIP)] == [(alice.pk, [777])]
    assert [a.actor_id for a in alerts(Code.SEALED_ATTEMPT)] == [bob.pk]


def test_a_disabled_rule_raises_nothing(alice, day):
    MonitoringRule.objects.filter(code=Code.SEALED_ATTEMPT).update(enabled=False)
    plant([refused(at(day, 10), alice, 5, reason="sealed")])
    monitoring_run(kind="full")
    assert alerts(Code.SEALED_ATTEMPT) == []


def test_a_pass_run_twice_raises_nothing_twice_and_tells_officers_once(alice, privacy_officer, day):
    plant([refused(at(day, 10, 0, i), alice, 100 + i) for i in range(30)])
    first = monitoring_run(kind="full")
    assert first.alerts_raised == 1
    assert monitoring_run(kind="full").alerts_raised == 0
    assert monitoring_run(kind="incremental").alerts_raised == 0
    assert AccessAlert.objects.count() == 1
    notices = Notification.objects.filter(kind=Notification.Kind.ACCESS_ALERT)
    assert [n.user_id for n in notices] == [privacy_officer.pk]
    assert "1 new alert" in notices[0].text
    raised = AuditEvent.objects.filter(action=AuditAction.ACCESS_ALERT_RAISE.value)
    assert raised.count() == 1
    assert raised[0].actor_id is None
    assert raised[0].subject_ids == f"[{AccessAlert.objects.get().pk}]"


def _scenario(alice, bob, day) -> list[list[Ev]]:
    """Three batches, the windows straddling them."""
    first = day - dt.timedelta(days=21)
    history = _history(alice, first, 21, 10)
    burst1 = [refused(at(day, 10, 0, 10 * i), bob, 200 + i) for i in range(12)]
    burst2 = [refused(at(day, 10, 2, 10 * i), bob, 300 + i) for i in range(12)]
    volume = [read(at(day, 14, 0, 10 * i), alice, 9000 + i, relationship="allocated-case:9") for i in range(55)]
    late = [read(at(day, 20, i), alice, 9500 + i, relationship="allocated-case:9") for i in range(11)]
    return [history + burst1, burst2 + volume[:30], volume[30:] + late]


def _snapshot() -> list[tuple]:
    return sorted((a.dedupe_key, a.count, a.first_seq, a.last_seq, a.detail.get("person_ids"))
                  for a in AccessAlert.objects.all())  # fmt: skip


def test_incremental_passes_find_what_a_full_pass_finds(alice, bob, day):
    for batch in _scenario(alice, bob, day):
        plant(batch)
        monitoring_run(kind="incremental")
    incremental = _snapshot()
    volumes = sorted(ActorDayVolume.objects.values_list("actor_id", "day", "reads", "out_of_hours"))
    assert {key.split(":")[0] for key, *_ in incremental} == {
        Code.ENUMERATION_REFUSALS, Code.VOLUME, Code.OUT_OF_HOURS,
    }  # fmt: skip
    AccessAlert.objects.all().delete()
    monitoring_run(kind="full")
    assert _snapshot() == incremental
    assert sorted(ActorDayVolume.objects.values_list("actor_id", "day", "reads", "out_of_hours")) == volumes
    assert MonitoringRun.objects.filter(kind="incremental").count() == 2  # the first had no pass before it: full


def test_an_alert_needs_a_staff_account(day):
    ghost = UserFactory.build(pk=987_654, role=Role.SOCIAL_WORKER)
    plant([refused(at(day, 10, 0, i), ghost, 100 + i) for i in range(30)])
    assert monitoring_run(kind="full").alerts_raised == 0


def test_a_pass_with_its_rules_gone_puts_the_defaults_back_and_still_alerts(alice, day):
    """A flush (TransactionTestCase, the browser tests' live server) empties
    the migration's rule rows: a pass must not then silently raise nothing."""
    MonitoringRule.objects.all().delete()
    start = at(day, 10)
    plant([refused(start + dt.timedelta(milliseconds=110 * i), alice, 90_000 + i) for i in range(150)])
    run = monitoring_run(kind="full")
    assert MonitoringRule.objects.count() == len(Code.values)
    assert alerts(Code.ENUMERATION_DISTINCT)[0].count == 150
    assert run.alerts_raised == 2


def test_putting_the_defaults_back_never_changes_a_rule_an_officer_changed(day):
    rule = MonitoringRule.objects.get(code=Code.ENUMERATION_REFUSALS)
    MonitoringRule.objects.filter(pk=rule.pk).update(threshold=7, enabled=False)
    MonitoringRule.objects.exclude(pk=rule.pk).delete()
    monitoring_run(kind="full")
    rule.refresh_from_db()
    assert (rule.threshold, rule.enabled) == (7, False)
    assert MonitoringRule.objects.count() == len(Code.values)
