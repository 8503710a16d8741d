"""The allocation queue and allocating from it: who sees what, in which
order, the filters, escalation highlights, and two supervisors at once."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.audit.tests.chain_fixtures import head_seq
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.queue import report_queue
from tiaki.intake.services import (
    AllocationConflict,
    ConcernInput,
    ReportInput,
    ReportPersonInput,
    report_allocate,
    report_record,
    triage_decide,
)
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Site, User
from tiaki.staff.tests.factories import UserFactory

QUEUE = "/intake/queue/"


def make_report(
    recorder: User,
    site: Site,
    *,
    child: str = "Hēmi Walker",
    timeframe: str = "",
    received_at: dt.datetime | None = None,
    concerns: tuple[str, ...] = ("neglect",),
) -> ReportOfConcern:
    """A report recorded and (with a timeframe) decided as a core assessment."""
    given, family = child.split(" ", 1)
    person = PersonNameFactory(given_names=given, family_name=family, is_primary=True).person
    report = report_record(
        actor=recorder,
        data=ReportInput(
            site_id=site.pk, persons=[ReportPersonInput(person.pk)], concerns=[ConcernInput(c) for c in concerns],
            narrative="The school rang.", received_at=received_at,
        ),
    )  # fmt: skip
    if timeframe:
        triage_decide(
            actor=recorder,
            report_id=report.pk,
            outcome="assessment",
            reasons="Needs a visit.",
            timeframe_code=timeframe,
        )
    report.refresh_from_db()
    return report


def other_supervisor(other_site: Site) -> User:
    return inducted(UserFactory(username="other-supervisor", role=Role.SUPERVISOR, site=other_site))


@pytest.mark.django_db
def test_it_shows_the_site_queue_to_its_supervisor_only(client, supervisor, alice, other_site):
    report = make_report(supervisor, supervisor.site, child="Tūī Te Whare", timeframe="critical")
    client.force_login(supervisor)
    page = client.get(QUEUE)
    assert page.status_code == 200
    body = page.content.decode()
    assert report.reference in body
    assert "Tūī Te Whare" in body
    assert "Neglect" in body
    assert "Critical (24 hours)" in body
    assert "to respond" in body
    assert f'href="/intake/reports/{report.pk}/"' in body  # the report, to decide on or read
    # A social worker does not allocate: 403, and the refusal is plain.
    client.force_login(alice)
    before = head_seq()
    assert client.get(QUEUE).status_code == 403
    refusal = AuditEvent.objects.get(seq__gt=before)
    assert (refusal.actor_id, refusal.outcome, refusal.reason) == (alice.pk, "refused", "permission_missing")
    # A supervisor at another site sees an empty queue, and cannot open the report to allocate it.
    client.force_login(other_supervisor(other_site))
    elsewhere = client.get(QUEUE).content.decode()
    assert report.reference not in elsewhere
    assert "Nothing is waiting" in elsewhere
    assert client.get(f"/intake/reports/{report.pk}/allocate/").status_code == 404


@pytest.mark.django_db
def test_it_audits_one_event_naming_the_reports_shown(client, supervisor):
    first = make_report(supervisor, supervisor.site, timeframe="urgent")
    second = make_report(supervisor, supervisor.site)
    before = head_seq()
    client.force_login(supervisor)
    client.get(QUEUE)
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert len(events) == 1
    assert events[0].action == "report.read"
    assert events[0].actor_id == supervisor.pk
    assert events[0].subject_type == "report"
    assert events[0].subject_ids == f"[{first.pk},{second.pk}]"
    assert events[0].relationship == f"site-queue:{supervisor.site_id}"


@pytest.mark.django_db
def test_it_orders_by_time_remaining_then_urgency(supervisor):
    now = timezone.now()
    non_urgent = make_report(supervisor, supervisor.site, timeframe="non-urgent")
    critical = make_report(supervisor, supervisor.site, timeframe="critical")
    # Waiting for a decision for 2 hours: 22 hours left of the 24-hour decision deadline.
    undecided = make_report(supervisor, supervisor.site, received_at=now - dt.timedelta(hours=2))
    very_urgent = make_report(supervisor, supervisor.site, timeframe="very-urgent")
    # The same deadline as the critical one: the more urgent goes first.
    ReportOfConcern.objects.filter(pk=very_urgent.pk).update(response_due_at=critical.response_due_at)
    allocated = make_report(supervisor, supervisor.site, timeframe="critical")
    worker = inducted(UserFactory(username="worker", role=Role.SOCIAL_WORKER, site=supervisor.site))
    report_allocate(actor=supervisor, report_id=allocated.pk, worker_id=worker.pk)
    queue = report_queue(actor=supervisor)
    assert [item.reference for item in queue.items] == [
        undecided.reference,
        critical.reference,
        very_urgent.reference,
        non_urgent.reference,
    ]
    assert queue.items[0].deadline_kind == "decision"
    assert not queue.items[0].allocatable
    assert queue.items[1].allocatable


@pytest.mark.django_db
def test_it_filters_by_site_for_someone_holding_two_queues(client, supervisor, other_site):
    here = make_report(supervisor, supervisor.site, timeframe="urgent")
    there = make_report(supervisor, other_site, timeframe="urgent")
    now = timezone.now()
    IntakeDuty.objects.create(
        user=supervisor, site=other_site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    client.force_login(supervisor)
    both = client.get(QUEUE).content.decode()
    assert here.reference in both
    assert there.reference in both
    only_there = client.get(QUEUE, {"site": other_site.pk}).content.decode()
    assert there.reference in only_there
    assert here.reference not in only_there
    # A site outside the actor's reach is ignored, not an error: the actor's own queue shows.
    third = Site.objects.create(name="Kirikiriroa", region="Waikato")
    make_report(supervisor, third, timeframe="urgent")
    assert here.reference in client.get(QUEUE, {"site": third.pk}).content.decode()


@pytest.mark.django_db
def test_it_pages_by_fifty(client, supervisor):
    for n in range(51):
        make_report(supervisor, supervisor.site, child=f"Child{n} Tamaiti")
    client.force_login(supervisor)
    first = client.get(QUEUE).content.decode()
    assert "51 reports waiting" in first
    assert "Page 1 of 2" in first
    assert first.count(">Decide<") == 50
    assert client.get(QUEUE, {"page": 2}).content.decode().count(">Decide<") == 1


@pytest.mark.django_db
def test_it_leaves_a_sealed_child_out_of_the_queue_entirely(client, supervisor):
    report = make_report(supervisor, supervisor.site, child="Mere Sealed", timeframe="urgent")
    report.persons.get().person.__class__.objects.filter(pk=report.persons.get().person_id).update(sealed=True)
    client.force_login(supervisor)
    body = client.get(QUEUE).content.decode()
    assert "Mere Sealed" not in body
    assert "restricted" not in body.lower()
    assert "None linked" in body


@pytest.mark.django_db
def test_escalation_levels_show_in_the_queue(client, supervisor):
    now = timezone.now()
    # Urgent (7 days): 4 days in is past half, 6 days in is past three quarters.
    halfway = make_report(supervisor, supervisor.site, timeframe="urgent", received_at=now - dt.timedelta(days=4))
    nearly = make_report(supervisor, supervisor.site, timeframe="urgent", received_at=now - dt.timedelta(days=6))
    fresh = make_report(supervisor, supervisor.site, timeframe="urgent")
    call_command("intake_escalate", stdout=(out := io.StringIO()))
    assert "Highlighted 1 report(s); told supervisors about 1 report(s)." in out.getvalue()
    levels = dict(ReportOfConcern.objects.values_list("pk", "escalation_level"))
    assert (levels[halfway.pk], levels[nearly.pk], levels[fresh.pk]) == (1, 2, 0)
    client.force_login(supervisor)
    body = client.get(QUEUE).content.decode()
    assert body.count("tiaki-queue__row--escalated-2") == 1
    assert body.count("tiaki-queue__row--escalated-1") == 1
    assert "Supervisor told" in body
    assert "Nearing deadline" in body
    # Running it again changes nothing more.
    call_command("intake_escalate", stdout=(again := io.StringIO()))
    assert "Highlighted 0 report(s); told supervisors about 0 report(s)." in again.getvalue()


@pytest.mark.django_db
def test_allocate_page_shows_loads_and_allocates(client, supervisor, alice, bob):
    report = make_report(supervisor, supervisor.site, timeframe="critical")
    client.force_login(supervisor)
    url = f"/intake/reports/{report.pk}/allocate/"
    page = client.get(url).content.decode()
    assert "Weighted load" in page
    assert str(alice) in page
    done = client.post(url, {"worker_id": alice.pk, "version": report.version})
    assert done.status_code == 302
    assert done["Location"] == QUEUE
    report.refresh_from_db()
    assert report.allocated_to_id == alice.pk
    follow = client.get(QUEUE).content.decode()
    assert f"{report.reference} allocated to" in follow
    assert report.reference not in follow.split("allocated to")[1]
    # The second supervisor, looking at the old page, is told and nothing changes.
    late = client.post(url, {"worker_id": bob.pk, "version": report.version - 1})
    assert late.status_code == 409
    assert "already allocated" in late.content.decode()
    report.refresh_from_db()
    assert report.allocated_to_id == alice.pk


@pytest.mark.django_db
def test_allocate_refuses_bad_choices_with_form_errors(client, supervisor, charlie):
    undecided = make_report(supervisor, supervisor.site)
    decided = make_report(supervisor, supervisor.site, timeframe="urgent")
    client.force_login(supervisor)
    missing = client.post(f"/intake/reports/{decided.pk}/allocate/", {"version": decided.version})
    assert missing.status_code == 400
    assert "Choose a social worker" in missing.content.decode()
    # charlie works at another site: not a candidate here.
    outsider = client.post(f"/intake/reports/{decided.pk}/allocate/", {"worker_id": charlie.pk, "version": 1})
    assert outsider.status_code == 400
    worker = inducted(UserFactory(username="w2", role=Role.SOCIAL_WORKER, site=supervisor.site))
    not_decided = client.post(
        f"/intake/reports/{undecided.pk}/allocate/", {"worker_id": worker.pk, "version": undecided.version}
    )
    assert not_decided.status_code == 400
    assert "Only a decided report" in not_decided.content.decode()
    assert ReportOfConcern.objects.filter(allocated_to__isnull=False).count() == 0


@pytest.mark.django_db
def test_two_supervisors_one_after_the_other(supervisor, site_manager, alice, bob):
    report = make_report(supervisor, supervisor.site, timeframe="critical")
    report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk, expected_version=report.version)
    with pytest.raises(AllocationConflict):
        report_allocate(actor=site_manager, report_id=report.pk, worker_id=bob.pk, expected_version=report.version)
    report.refresh_from_db()
    assert report.allocated_to_id == alice.pk


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test databases are not shared between threads; runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_at_once_never_double_allocate(supervisor, site_manager, alice, bob):
    for _ in range(5):
        report = make_report(supervisor, supervisor.site, timeframe="critical")
        start = threading.Barrier(2)
        results: dict[str, object] = {}

        def allocate(
            who: User,
            worker: User,
            report: ReportOfConcern = report,
            start: threading.Barrier = start,
            results: dict[str, object] = results,
        ) -> None:
            try:
                start.wait()
                report_allocate(actor=who, report_id=report.pk, worker_id=worker.pk, expected_version=report.version)
                results[who.username] = "won"
            except AllocationConflict as exc:
                results[who.username] = exc
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread below
                results[who.username] = repr(exc)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=allocate, args=(supervisor, alice)),
            threading.Thread(target=allocate, args=(site_manager, bob)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = list(results.values())
        assert outcomes.count("won") == 1, outcomes
        assert sum(isinstance(o, AllocationConflict) for o in outcomes) == 1, outcomes
        report.refresh_from_db()
        winner = alice if results[supervisor.username] == "won" else bob
        assert report.allocated_to_id == winner.pk
        assert report.version == 3  # recorded 1, decided 2, allocated once: 3
