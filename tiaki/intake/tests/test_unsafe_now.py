"""A child said to be unsafe right now (issue 12): the report is decided
first, on its own short decision clock, the same everywhere it shows; the
site's supervisors and triage workers on duty are told at once, with an
urgent notice that names nobody; the report page shows who was told and when
they read it; the dashboard counts these reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.inbox import outbox
from tiaki.inbox.models import Notification
from tiaki.inbox.selectors import notifications_unread
from tiaki.inbox.services import email_preferences_update
from tiaki.intake import policy as intake_policy
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern, TriagePolicy
from tiaki.intake.selectors.dashboard import timeliness_dashboard
from tiaki.intake.selectors.queue import report_queue
from tiaki.intake.selectors.report import report_get
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaimahi(site):
    user = inducted(UserFactory(username="kaimahi", first_name="Mere", last_name="Kaimahi",
                                role=Role.CONTACT_CENTRE, site=site))  # fmt: skip
    now = timezone.now()
    IntakeDuty.objects.create(user=user, site=site, starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=8))  # fmt: skip
    return user


@pytest.fixture
def named_supervisor(site, site_manager):
    return inducted(UserFactory(username="sup-aroha", first_name="Aroha", last_name="Tautahi",
                                role=Role.SUPERVISOR, site=site, supervisor=site_manager))  # fmt: skip


def unsafe_report(recorder, site, *, unsafe=True, received_at=None, child_name=("Tūī", "Te Whare"), notifier=""):
    person = PersonNameFactory(given_names=child_name[0], family_name=child_name[1], is_primary=True).person
    return intake.report_record(
        actor=recorder,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(person.pk)],
            concerns=[intake.ConcernInput("physical", "Bruises")], narrative="Mum's partner hit her tonight.",
            child_unsafe_now=unsafe, received_at=received_at, notifier_name=notifier,
        ),
    )  # fmt: skip


# --- Telling the site at once ---------------------------------------------------


def test_it_tells_every_supervisor_at_the_site_and_triage_workers_on_duty_at_once(
    kaimahi, named_supervisor, supervisor, other_site, site
):
    away = inducted(UserFactory(username="sup-away", role=Role.SUPERVISOR, site=other_site))
    retired = inducted(UserFactory(username="sup-gone", role=Role.SUPERVISOR, site=site, is_active=False))
    now = timezone.now()
    # A social worker from another site on intake duty here now decides reports: told.
    visiting = inducted(UserFactory(username="visiting", role=Role.SOCIAL_WORKER, site=other_site))
    IntakeDuty.objects.create(user=visiting, site=site, starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=1))  # fmt: skip
    # ... one whose duty has ended is not, nor a contact-centre colleague on duty (who does not triage).
    ended = inducted(UserFactory(username="ended", role=Role.SOCIAL_WORKER, site=other_site))
    IntakeDuty.objects.create(user=ended, site=site, starts_at=now - dt.timedelta(hours=9),
                              ends_at=now - dt.timedelta(hours=1))  # fmt: skip
    colleague = inducted(UserFactory(username="cc-2", role=Role.CONTACT_CENTRE, site=site))
    IntakeDuty.objects.create(user=colleague, site=site, starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=1))  # fmt: skip

    report = unsafe_report(kaimahi, site)

    notices = Notification.objects.filter(about="report", about_id=report.pk)
    assert set(notices.values_list("user_id", flat=True)) == {named_supervisor.pk, supervisor.pk, visiting.pk}
    assert all(n.urgent for n in notices)
    assert {n.text for n in notices} == {
        f"Report {report.reference} at Whangārei: a child is said to be unsafe right now. Decide now."
    }
    for nobody in (away, retired, ended, colleague, kaimahi):
        assert not Notification.objects.filter(user=nobody).exists()


def test_an_ordinary_report_tells_nobody(kaimahi, supervisor, site):
    unsafe_report(kaimahi, site, unsafe=False)
    assert not Notification.objects.exists()


def test_the_notice_names_no_person(kaimahi, supervisor, site):
    """Notices are listed on home pages and will be emailed: the child's and
    the notifier's names, and what was said, stay on the report."""
    report = unsafe_report(kaimahi, site, child_name=("Hinemoa", "Rāwiri"), notifier="Ms Ruth Kingi")
    (notice,) = Notification.objects.filter(about_id=report.pk)
    for personal in ("Hinemoa", "Rāwiri", "Ruth", "Kingi", "partner", "Bruises"):
        assert personal not in notice.text


def test_a_report_refused_leaves_no_notice(kaimahi, supervisor, site):
    with pytest.raises(intake.ReportInputError):
        intake.report_record(
            actor=kaimahi,
            data=intake.ReportInput(site_id=site.pk, persons=[], concerns=[], child_unsafe_now=True),
        )
    assert not Notification.objects.exists()


def test_the_recorder_is_not_told_what_they_recorded(supervisor, site):
    unsafe_report(supervisor, site)
    assert not Notification.objects.filter(user=supervisor).exists()


def test_urgent_notices_come_first_on_the_home_page(client, kaimahi, supervisor, site):
    ordinary = unsafe_report(kaimahi, site, unsafe=False)
    urgent = unsafe_report(kaimahi, site)
    Notification.objects.create(user=supervisor, text=f"Report {ordinary.reference} was allocated to you.",
                                about="report", about_id=ordinary.pk)  # fmt: skip
    assert [n.urgent for n in notifications_unread(actor=supervisor)] == [True, False]
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    first = page.index(f"Urgent: Report {urgent.reference}")
    assert first < page.index(f"Report {ordinary.reference} was allocated")


# --- One deadline, first in the queue --------------------------------------------


def test_it_is_first_in_the_queue_flagged_and_on_the_short_clock(client, kaimahi, supervisor, site):
    now = timezone.now()
    # An ordinary report already overdue for its decision, and one with a critical response due soon.
    overdue = unsafe_report(kaimahi, site, unsafe=False, received_at=now - dt.timedelta(hours=30))
    critical = unsafe_report(kaimahi, site, unsafe=False, received_at=now - dt.timedelta(hours=23))
    intake.triage_decide(actor=supervisor, report_id=critical.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="critical")  # fmt: skip
    unsafe = unsafe_report(kaimahi, site, received_at=now - dt.timedelta(minutes=20))

    queue = report_queue(actor=supervisor, now=now)
    assert [i.report_id for i in queue.items] == [unsafe.pk, overdue.pk, critical.pk]
    first = queue.items[0]
    assert (first.unsafe_now, first.immediate, first.deadline_kind) == (True, True, "decision")
    assert first.deadline == unsafe.received_at + dt.timedelta(hours=1)
    assert first.remaining == "40 minutes"
    assert not any(i.unsafe_now for i in queue.items[1:])

    client.force_login(supervisor)
    page = client.get("/intake/queue/").content.decode()
    rows = page.split('<tr class="govuk-table__row')
    unsafe_row = next(r for r in rows if unsafe.reference in r)
    assert "Child unsafe now" in unsafe_row
    assert "govuk-tag--red" in unsafe_row
    assert "tiaki-queue__row--unsafe-now" in unsafe_row
    assert page.index(unsafe.reference) < page.index(overdue.reference)
    assert "Child unsafe now" not in next(r for r in rows if overdue.reference in r)


def test_the_queue_the_report_page_and_the_api_show_the_same_time_remaining(client, kaimahi, supervisor, site):
    now = timezone.now()
    report = unsafe_report(kaimahi, site, received_at=now - dt.timedelta(minutes=15))
    in_queue = report_queue(actor=supervisor, now=now).items[0]
    view = report_get(actor=supervisor, report_id=report.pk, now=now)
    assert view.deadline is not None
    assert view.immediate
    assert (view.deadline.due_at, view.deadline.kind) == (in_queue.deadline, "decision")
    assert view.deadline.remaining_text == in_queue.remaining == "45 minutes"

    # The page and the API, read a moment later, agree with each other to the minute.
    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    _, token = AuthToken.objects.create(supervisor)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}").get(f"/api/v1/reports/{report.pk}").json()
    assert api["child_unsafe_now"] is True
    assert api["immediate"] is True
    assert api["deadline"]["kind"] == "decision"
    assert dt.datetime.fromisoformat(api["deadline"]["due_at"]) == report.received_at + dt.timedelta(hours=1)
    assert f"{api['deadline']['remaining']} to decide" in page
    assert "Child unsafe now" in page


def test_the_unsafe_now_decision_hours_are_policy_and_never_later_than_the_ordinary(kaimahi, supervisor, site):
    now = timezone.now()
    report = unsafe_report(kaimahi, site, received_at=now)
    TriagePolicy.objects.filter(pk=1).update(unsafe_now_decision_hours=3)
    assert report_get(actor=supervisor, report_id=report.pk, now=now).deadline.due_at == now + dt.timedelta(hours=3)
    TriagePolicy.objects.filter(pk=1).update(unsafe_now_decision_hours=30, decision_hours=24)
    assert report_queue(actor=supervisor, now=now).items[0].deadline == now + dt.timedelta(hours=24)


def test_the_default_is_one_hour(db):
    assert intake_policy.triage_policy().unsafe_now_decision_hours == 1


def test_once_decided_critical_it_waits_on_the_critical_response(kaimahi, supervisor, site):
    now = timezone.now()
    report = unsafe_report(kaimahi, site, received_at=now - dt.timedelta(minutes=30))
    intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="joint", reasons="Police now.",
                         timeframe_code="critical")  # fmt: skip
    view = report_get(actor=supervisor, report_id=report.pk, now=now)
    assert view.deadline.kind == "response"
    assert view.deadline.due_at == report.received_at + dt.timedelta(hours=24)
    assert view.immediate  # still on the most urgent timeframe: still first


# --- Triage ------------------------------------------------------------------------


def test_a_less_urgent_decision_than_critical_needs_the_reason(kaimahi, supervisor, site):
    report = unsafe_report(kaimahi, site)
    for outcome, timeframe in (("assessment", "very-urgent"), ("nfa", ""), ("advice", "")):
        with pytest.raises(intake.TriageError) as refused:
            intake.triage_decide(actor=supervisor, report_id=report.pk, outcome=outcome, reasons="Checked.",
                                 timeframe_code=timeframe)  # fmt: skip
        assert refused.value.field == "lowered_reason"
        assert "unsafe right now" in str(refused.value)
    assert not ReportOfConcern.objects.get(pk=report.pk).decisions.exists()
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Checked.",
        timeframe_code="very-urgent", lowered_reason="Police have taken her to her nan's: safe tonight.",
    )  # fmt: skip
    now = timezone.now()
    view = report_get(actor=supervisor, report_id=report.pk, now=now)
    assert not view.immediate  # lowered, with a reason: sorted by its deadline like any other
    assert view.child_unsafe_now  # ... and still says what the notifier said
    ordinary = unsafe_report(kaimahi, site, unsafe=False, received_at=now - dt.timedelta(hours=23))
    assert [i.report_id for i in report_queue(actor=supervisor, now=now).items] == [ordinary.pk, report.pk]


def test_critical_needs_no_reason(kaimahi, supervisor, site):
    report = unsafe_report(kaimahi, site)
    decision = intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Go.",
                                    timeframe_code="critical")  # fmt: skip
    assert decision.timeframe == "critical"


def test_the_triage_form_asks_for_the_reason_on_an_unsafe_now_report(client, kaimahi, supervisor, site):
    report = unsafe_report(kaimahi, site)
    client.force_login(supervisor)
    refused = client.post(f"/intake/reports/{report.pk}/", {"form": "triage", "triage-outcome": "nfa",
                                                            "triage-reasons": "Checked."})  # fmt: skip
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "unsafe right now" in body
    assert 'name="triage-lowered_reason"' in body


# --- Who was told, and when they read it -----------------------------------------


def test_the_report_page_shows_who_was_told_and_when_they_read_it(client, kaimahi, named_supervisor, site):
    other = inducted(UserFactory(username="sup-wiremu", first_name="Wiremu", last_name="Kōtuku",
                                 role=Role.SUPERVISOR, site=site))  # fmt: skip
    report = unsafe_report(kaimahi, site)
    client.force_login(kaimahi)
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    told = page.split('id="alert-heading"')[1].split("</table>")[0]
    assert "Aroha Tautahi" in told
    assert "Wiremu Kōtuku" in told
    assert told.count("Not read yet") == 2

    client.force_login(named_supervisor)  # opens the report (from the notice)
    first_look = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Now (this page)" in first_look
    assert first_look.count("Not read yet") == 1  # Wiremu's
    notice = Notification.objects.get(user=named_supervisor, about_id=report.pk)
    assert notice.read_at is not None
    assert not Notification.objects.get(user=other, about_id=report.pk).read_at
    view = report_get(actor=kaimahi, report_id=report.pk)
    receipts = {r.name: r.read_at for r in view.alert_receipts}
    assert receipts == {"Aroha Tautahi": notice.read_at, "Wiremu Kōtuku": None}
    assert notifications_unread(actor=named_supervisor) == []


def test_opening_one_report_reads_only_its_own_notices(client, kaimahi, named_supervisor, site):
    first = unsafe_report(kaimahi, site)
    second = unsafe_report(kaimahi, site, child_name=("Kahu", "Walker"))
    client.force_login(named_supervisor)
    client.get(f"/intake/reports/{first.pk}/")
    assert [n.about_id for n in notifications_unread(actor=named_supervisor)] == [second.pk]


def test_an_ordinary_report_has_no_alert_section(client, kaimahi, supervisor, site):
    report = unsafe_report(kaimahi, site, unsafe=False)
    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert 'id="alert-heading"' not in page
    assert "Child unsafe now" not in page


# --- The dashboard -----------------------------------------------------------------


def test_the_dashboard_counts_unsafe_now_reports(kaimahi, supervisor, site):
    now = timezone.now()
    in_time = unsafe_report(kaimahi, site, received_at=now - dt.timedelta(days=2))
    intake.triage_decide(actor=supervisor, report_id=in_time.pk, outcome="nfa", reasons="Safe with nan.",
                         lowered_reason="Police confirmed she is with her nan.")  # fmt: skip
    late = unsafe_report(kaimahi, site, received_at=now - dt.timedelta(hours=5))
    intake.triage_decide(actor=supervisor, report_id=late.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="critical")  # decided about five hours after receipt  # fmt: skip
    unsafe_report(kaimahi, site, received_at=now - dt.timedelta(minutes=10))  # open, undecided
    unsafe_report(kaimahi, site, received_at=now - dt.timedelta(days=400))  # before the period
    unsafe_report(kaimahi, site, unsafe=False, received_at=now - dt.timedelta(hours=1))  # not unsafe now
    # The first was decided at once: move its decision to within the hour of receipt.
    in_time.decisions.update(decided_at=in_time.received_at + dt.timedelta(minutes=40))
    board = timeliness_dashboard(actor=supervisor, start=(now - dt.timedelta(days=30)).date(),
                                 end=timezone.localdate(), now=now)  # fmt: skip
    assert (board.unsafe_now.received, board.unsafe_now.open_now, board.unsafe_now.decided_in_time) == (3, 2, 1)
    assert board.unsafe_now.decision_hours == 1


def test_its_email_names_the_site_and_nobody_and_goes_whatever_they_chose(kaimahi, named_supervisor, site, settings):
    settings.TIAKI_BASE_URL = "https://tiaki.agency.example"
    named_supervisor.email = "aroha@agency.example"
    named_supervisor.save(update_fields=["email"])
    email_preferences_update(actor=named_supervisor, emailed=[])
    report = unsafe_report(kaimahi, site)
    notice = Notification.objects.get(user=named_supervisor, about="report", about_id=report.pk)
    assert notice.kind == Notification.Kind.CHILD_UNSAFE_NOW
    assert notice.email_status == Notification.EmailStatus.PENDING
    message = outbox.email_for(notice)
    for text in (message.subject, message.body):
        assert site.name in text
        for private in (report.reference, "Tūī", "Te Whare", "Bruises", "Mum", "Mere", "Aroha"):
            assert private not in text
