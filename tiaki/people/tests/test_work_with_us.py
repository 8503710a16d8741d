"""The person page's "Their work with us" (tiaki.people.record_facts): open
cases with their worker and team, open reports, safety alerts, the current
plan, the next statutory visit and recent significant events, each read
through its own domain's selector as the reader may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework.models import Case, CaseParticipant, VisitFrequency
from tiaki.casework.selectors.person_work import person_casework
from tiaki.casework.tests.conftest import make_report
from tiaki.casework.tests.test_plans import save as plan_save
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.intake.selectors.person_work import person_reports
from tiaki.people import record_facts
from tiaki.people.models import Person, PersonAlert
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Team
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events(since: int, user) -> list[tuple[str, str]]:
    return [(e.action, e.outcome) for e in AuditEvent.objects.filter(seq__gt=since, actor_id=user.pk).order_by("seq")]


@pytest.fixture
def team(site) -> Team:
    return Team.objects.create(name="Kaitiaki team", site=site)


def test_the_worker_sees_every_open_case_with_its_worker_and_team(client, alice, bob, supervisor, child, case, team):
    Case.objects.filter(pk=case.pk).update(team=team)
    # A second open case, held by a colleague: the child's reader reads it
    # too (docs/access.md: anyone who may read one of its people).
    other = Case.objects.create(kind=Case.Kind.ONGOING, site=case.site, allocated_worker=bob, opened_at=timezone.now())
    CaseParticipant.objects.create(case=other, person=child)
    closed = Case.objects.create(
        kind=Case.Kind.ASSESSMENT, site=case.site, allocated_worker=bob, opened_at=timezone.now(),
        status=Case.Status.CLOSED, closed_at=timezone.now(), closure_reason=Case.ClosureReason.OTHER,
    )  # fmt: skip
    CaseParticipant.objects.create(case=closed, person=child)
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "Their work with us" in page
    assert f'href="/cases/{case.pk}/"' in page
    assert f'href="/cases/{other.pk}/"' in page
    assert f'href="/cases/{closed.pk}/"' not in page
    assert alice.get_full_name() in page
    assert "Kaitiaki team" in page
    # The "Open a case" link says there is one already.
    assert "Open another case" in page
    assert "already has an open case" in page


def test_a_page_view_is_one_event_per_selector_not_one_per_row(client, alice, bob, child, case):
    for _ in range(3):
        more = Case.objects.create(kind=Case.Kind.ONGOING, site=case.site, allocated_worker=alice,
                                   opened_at=timezone.now())  # fmt: skip
        CaseParticipant.objects.create(case=more, person=child)
    for n in range(8):
        chronology_add(person_ids=[child.pk], kind="case", occurred_at=timezone.now() - dt.timedelta(days=n),
                       source_id=case.pk, case_id=case.pk, significant=True, title=f"Event {n}")  # fmt: skip
    client.force_login(alice)
    before = head()
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert sorted(events(before, alice)) == [
        ("care.read", "allowed"),  # in care or not (tiaki.care.selectors.person_care)
        ("case.read", "allowed"),
        ("chronology.read", "allowed"),
        ("person.read", "allowed"),
        ("report.read", "allowed"),
    ]
    # The newest five significant entries, each once; the link shows the rest.
    assert [n for n in range(8) if f"Event {n}<" in page] == [0, 1, 2, 3, 4]
    assert f"/people/{child.pk}/chronology/?significant=on" in page
    # Each is a link to itself in the chronology, which marks where it is.
    newest = ChronologyEntry.objects.get(person=child, title="Event 0")
    assert f'href="/people/{child.pk}/chronology/?significant=on#entry-{newest.pk}">Event 0</a>' in page
    chronology = client.get(f"/people/{child.pk}/chronology/", {"significant": "on"}).content.decode()
    assert f'id="entry-{newest.pk}"' in chronology


def test_an_unrelated_worker_gets_nothing_and_each_read_is_refused_once(client, bob, child, case):
    client.force_login(bob)
    assert client.get(f"/people/{child.pk}/").status_code == 404
    for read in (person_casework, person_reports):
        before = head()
        with pytest.raises((Http404, AccessDenied)):
            read(actor=bob, person_id=child.pk)
        assert [(e.outcome, e.reason) for e in AuditEvent.objects.filter(seq__gt=before, actor_id=bob.pk)] == [
            ("refused", "no_relationship")
        ]


def test_a_report_the_reader_may_not_open_is_absent_not_counted(client, alice, child, case, other_site):
    # A report about the child at another site, nobody's here: alice reads the
    # child (her case) but may not open the report (report_decision).
    elsewhere = inducted(UserFactory(username="elsewhere", role=Role.SOCIAL_WORKER, site=other_site))
    hidden = make_report(elsewhere, [child])
    mine = make_report(alice, [child])
    facts = record_facts.work_with_us(alice, child.pk)
    assert [r.reference for r in facts.open_reports] == [mine.reference]
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/").content.decode()
    reports = page.split("Open reports of concern", 1)[1].split("Safety alerts", 1)[0]
    assert hidden.reference not in reports
    assert f'href="/intake/reports/{hidden.pk}/"' not in page
    assert mine.reference in reports
    # The chronology's own rule still tells the child's readers a report was
    # received (it is about the child), as the chronology page does.


def test_a_sealed_record_leaks_nothing(client, alice, bob, child, case):
    # Tūī's brother is sealed (a staff member's whānau); he has his own case.
    brother = PersonNameFactory(given_names="Rāwiri", family_name="Te Whare").person
    Person.objects.filter(pk=brother.pk).update(sealed=True)
    his = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=case.site, allocated_worker=alice,
                              opened_at=timezone.now())  # fmt: skip
    CaseParticipant.objects.create(case=his, person=brother)
    CaseParticipant.objects.create(case=case, person=brother, role=CaseParticipant.Role.WHANAU)
    client.force_login(alice)
    assert client.get(f"/people/{brother.pk}/").status_code == 404
    before = head()
    with pytest.raises(Http404):
        person_casework(actor=alice, person_id=brother.pk)
    assert [(e.outcome, e.reason) for e in AuditEvent.objects.filter(seq__gt=before, actor_id=alice.pk)] == [
        ("refused", "sealed")
    ]
    # Tūī's page shows her case, never his case nor his name.
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/"' in page
    assert f'href="/cases/{his.pk}/"' not in page
    assert his.reference not in page
    assert "Rāwiri" not in page


def test_alerts_are_masked_as_on_the_record(client, alice, child, case, site):
    PersonAlert.objects.create(person=child, kind=PersonAlert.Kind.RISK_TO_STAFF, note="Dog at the gate",
                               source="Police", review_on=timezone.localdate(), recorded_at=timezone.now())  # fmt: skip
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    Case.objects.filter(pk=case.pk).update(allocated_worker=trainee)
    client.force_login(trainee)
    page = client.get(f"/people/{child.pk}/").content.decode()
    summary = page[page.index("Their work with us") :]
    assert "Dog at the gate" not in page
    assert "Risk to staff" not in summary
    assert "safety alert on this record that you do not have access to" in summary
    Case.objects.filter(pk=case.pk).update(allocated_worker=alice)
    client.force_login(alice)
    summary = client.get(f"/people/{child.pk}/").content.decode().split("Their work with us", 1)[1]
    assert "Risk to staff" in summary


def test_the_plan_and_the_next_statutory_visit(client, alice, child, case):
    frequency = VisitFrequency.objects.create(code="hub-test", label="Every 8 weeks", interval_days=56)
    since = timezone.localdate() - dt.timedelta(days=60)
    CaseParticipant.objects.filter(case=case, person=child).update(in_care_since=since, visit_frequency=frequency)
    plan = plan_save(alice, case, child)  # the first version
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/").content.decode()
    summary = page.split("Their work with us", 1)[1]
    assert f'href="/cases/plans/{plan.plan_id}/"' in summary
    due = since + dt.timedelta(days=56)
    assert f"Due {due.day} {due:%B %Y}" in summary  # one date format everywhere: "28 November 2026"
    assert "Overdue" in summary  # due four days ago, never seen


def test_a_role_without_case_access_is_told_so_and_shown_no_case(client, child, case, site):
    kaimahi = inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))
    IntakeDuty.objects.create(user=kaimahi, site=site, starts_at=timezone.now() - dt.timedelta(hours=1),
                              ends_at=timezone.now() + dt.timedelta(hours=1))  # fmt: skip
    make_report(kaimahi, [child])
    client.force_login(kaimahi)
    before = head()
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "Your role does not show cases." in page
    assert case.reference not in page
    assert [a for a, outcome in events(before, kaimahi) if outcome == "refused"] == []


def test_a_sensitive_event_is_masked_in_the_summary_as_in_the_chronology(client, child, case, site):
    chronology_add(person_ids=[child.pk], kind="note", occurred_at=timezone.now(), source_id=case.pk,
                   case_id=case.pk, significant=True, sensitive=True, title="Disclosure at kura")  # fmt: skip
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    Case.objects.filter(pk=case.pk).update(allocated_worker=trainee)
    client.force_login(trainee)
    summary = client.get(f"/people/{child.pk}/").content.decode().split("Their work with us", 1)[1]
    assert "Disclosure at kura" not in summary
    assert "Restricted" in summary
    # A trainee reads cases but not reports: said as much, the same for everyone.
    assert "Your role does not show reports." in summary
