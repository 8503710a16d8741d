"""A worker's day without surprises (issue 12's "done means"), at desktop
width and at 320 CSS px: a report of a child unsafe right now jumps the
queue and the supervisor on duty is told at once; the social worker finds
the child's record and sees the open case; a note typed before the session
timed out survives signing in again; every page reflows (the page fixture
opens each again at 320 px) and axe-core finds nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.browser.conftest import assert_accessible, horizontal_overflow, screenshot, too_wide_elements
from tests.browser.test_intake_journey import search_and_add, tab_to
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework import services as casework
from tiaki.casework.models import CaseNote
from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.inbox.models import Notification
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.tests.test_pages_queue import make_report
from tiaki.people.services.match_keys import index_person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Māui showed me his room and the new bunk. Nan says the power is back on and school starts Monday."


def from_the_top_bar(page, name: str) -> None:
    """Follow a top-bar link as a reader would: behind the Menu button on a phone."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
        menu.click()
    page.locator("#navigation").get_by_role("link", name=name).click()


def fits(page, label: str) -> None:
    """No sideways scroll at the journey's own width, and nothing for axe-core to find."""
    assert horizontal_overflow(page) == 0, f"{label} scrolls sideways: {too_wide_elements(page)}"
    assert_accessible(page, label)


def sign_in_as(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, username)


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_a_workers_day_unsafe_now_jumps_the_queue_the_record_shows_the_case_and_a_note_survives(
    live_server, page, width
):
    page.set_viewport_size({"width": width, "height": 900})
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    kaimahi = User.objects.get(username="demo-contact-centre")
    supervisor = User.objects.get(username="demo-supervisor")
    worker = User.objects.get(username="demo-social-worker")
    ten_years_ago = timezone.localdate() - dt.timedelta(days=round(10 * 365.25))
    # Known to the kaimahi (they added him from an earlier call), his case with the social worker.
    child = PersonNameFactory(given_names="Māui", family_name="Tipene-Rangi",
                              person__date_of_birth=ten_years_ago, person__created_by=kaimahi).person  # fmt: skip
    index_person(child.pk)
    # Last month's report about him became the social worker's case.
    before = intake.report_record(actor=kaimahi, data=intake.ReportInput(
        site_id=kaimahi.site_id, persons=[intake.ReportPersonInput(child.pk)],
        concerns=[intake.ConcernInput("neglect")], narrative="School rang: no lunch again.",
        received_at=timezone.now() - dt.timedelta(days=30),
    ))  # fmt: skip
    intake.triage_decide(actor=supervisor, report_id=before.pk, outcome="assessment",
                         reasons="Repeated neglect.", timeframe_code="urgent")  # fmt: skip
    intake.report_allocate(actor=supervisor, report_id=before.pk, worker_id=worker.pk)
    case = casework.case_open(actor=worker, kind="assessment", report_id=before.pk)
    # Three ordinary reports already waiting, each nearer its decision deadline than a new one.
    earlier = timezone.now() - dt.timedelta(hours=23)
    ordinary = [
        make_report(kaimahi, kaimahi.site, child=name, received_at=earlier)
        for name in ("Aroha Kingi", "Hēmi Walker", "Tama Rāwiri")
    ]

    # 1. The kaimahi takes a call: Māui is unsafe right now.
    sign_in_as(page, base, "demo-contact-centre")
    from_the_top_bar(page, "Record a report")
    page.wait_for_url(f"{base}/intake/reports/new/")
    search_and_add(page, "Maui Tipene-Rangi", child.pk, "child")  # no macron typed: still found
    page.get_by_role("checkbox", name="Physical harm").check()
    tab_to(page, "#id_narrative")
    page.keyboard.type("Māui rang from the neighbour's: his mother's partner is drunk and has a knife.")
    page.get_by_label("The child is unsafe right now").check()
    fits(page, "the record-a-report page")
    page.locator("#report-form button[type=submit]:not([form])").click()
    page.wait_for_url(re.compile(r"/intake/reports/\d+/$"))
    report = ReportOfConcern.objects.get(recorded_by=kaimahi, child_unsafe_now=True)
    assert report.persons.get().person_id == child.pk
    assert page.get_by_role("button", name="Record another report").is_visible()
    fits(page, "the recorded report (kaimahi)")
    # The supervisor on duty was told at once, in words that name nobody.
    told = Notification.objects.get(user=supervisor, about_id=report.pk)
    assert told.urgent
    assert "Māui" not in told.text
    assert "Tipene" not in told.text

    # 2. The supervisor sees it first on the home page, and first in the queue, flagged.
    sign_in_as(page, base, "demo-supervisor")
    alert = page.get_by_role("link", name=re.compile(rf"^Urgent: Report {report.reference}"))
    assert alert.is_visible()
    fits(page, "the supervisor's home page")
    from_the_top_bar(page, "Queue")
    page.wait_for_url(f"{base}/intake/queue/")
    first = page.locator("table tbody tr").first
    assert report.reference in first.inner_text()
    assert "Child unsafe now" in first.inner_text()
    rows = page.locator("table tbody tr").all_inner_texts()
    assert [i for i, row in enumerate(rows) if any(r.reference in row for r in ordinary)] == [1, 2, 3]
    fits(page, "the queue")
    screenshot(page, f"workers-day-queue-{width}")
    first.get_by_role("link", name=report.reference, exact=True).click()
    page.wait_for_url(f"{base}/intake/reports/{report.pk}/")
    # Who was told at once, and that the supervisor has now seen it.
    told_at_once = page.locator("table", has=page.locator("th", has_text=str(supervisor))).first
    assert "Not read yet" not in told_at_once.inner_text()
    fits(page, "the unsafe-now report (supervisor)")
    page.get_by_label("Core assessment").check()
    page.get_by_label("Reasons for the decision").fill("A child in danger tonight: a worker and Police go now.")
    page.get_by_label("How soon must a social worker respond?").select_option("critical")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Decision recorded.")
    page.get_by_role("link", name=f"Allocate {report.reference}").click()
    page.wait_for_url(re.compile(rf"/intake/reports/{report.pk}/allocate/$"))
    # The worker who holds Māui's case is named as holding the family's work.
    assert str(worker) in page.locator("main").inner_text()
    fits(page, "the allocation page")
    page.get_by_label(re.compile(rf"^{re.escape(str(worker))}")).check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.wait_for_selector(f"text={report.reference} allocated to")

    # 3. The social worker finds Māui's record and sees the open case and the new report.
    sign_in_as(page, base, "demo-social-worker")
    from_the_top_bar(page, "Find a person")
    page.get_by_label("Search for a person").fill("Maui Tipene-Rangi")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=re.compile("Māui Tipene-Rangi")).first.click()
    page.wait_for_url(f"{base}/people/{child.pk}/")
    work = page.locator("section", has=page.locator("#work-heading"))
    assert work.get_by_role("link", name=case.reference, exact=True).is_visible()
    assert work.get_by_role("link", name=report.reference, exact=True).is_visible()
    assert str(worker) in work.inner_text()
    fits(page, "the child's record")
    screenshot(page, f"workers-day-record-{width}")
    work.get_by_role("link", name=case.reference, exact=True).click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    fits(page, "the case page")

    # 4. A note typed when the session runs out is not lost.
    page.get_by_role("button", name="Add a note").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/notes/add/")
    page.get_by_label("Visit", exact=True).check()
    page.get_by_label("The child was seen (visits only)").check()
    page.get_by_label("What happened").fill(NOTE)
    page.wait_for_selector("form[data-draft-saved='true']")
    fits(page, "the note form")
    Session.objects.all().delete()  # the idle limit passes while the worker is on the phone
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_url(f"{base}/sign-in/?next=/cases/{case.pk}/notes/add/")
    assert "What you typed was kept." in page.locator("main").inner_text()
    fits(page, "the sign-in page after a time-out")
    page.get_by_label("Username").fill("demo-social-worker")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/notes/add/")
    assert page.get_by_label("What happened").input_value() == NOTE
    assert page.get_by_label("Visit", exact=True).is_checked()
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_url(re.compile(r"/cases/notes/\d+/$"))
    note = CaseNote.objects.get(case=case)
    assert (note.kind, note.child_seen, note.versions.get().text) == ("visit", True, NOTE)
    fits(page, "the saved note")
