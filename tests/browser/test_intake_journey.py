"""The intake journey: a contact-centre kaimahi records a report of concern
by keyboard alone (search before linking, the draft saved as they type), a
supervisor triages it (core assessment, very urgent) and allocates it.
axe-core finds nothing on any page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.date_input import fill_date
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern
from tiaki.people.services.match_keys import index_person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, selector: str, *, limit: int = 250) -> None:
    """Press Tab (only the keyboard) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def settled(page) -> None:
    """htmx has finished swapping in what it fetched (its buttons work only after that)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def search_and_add(page, text: str, person_id: int, role: str) -> None:
    tab_to(page, "#person-q")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    # Wait for this search's answer, not the buttons left from the one before.
    page.wait_for_function(
        "(q) => (document.querySelector('#candidates [role=status]') || {}).textContent?.includes(q)", arg=text
    )
    settled(page)
    tab_to(page, f"#candidates button[hx-get$='person_id={person_id}&role={role}']")
    linked = page.locator("#linked-people li").count()
    page.keyboard.press("Enter")
    page.wait_for_function("(n) => document.querySelectorAll('#linked-people li').length > n", arg=linked)
    settled(page)


def _due_next_24_hours(page, base: str) -> int:
    page.goto(f"{base}/intake/dashboard/")
    return int(page.locator(".tiaki-figure__number").nth(1).inner_text().strip())


def test_a_kaimahi_records_a_report_by_keyboard_and_a_supervisor_triages_and_allocates_it(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    kaimahi = User.objects.get(username="demo-contact-centre")
    child = PersonNameFactory(
        given_names="Aroha", family_name="Te Rangi",
        person__date_of_birth=dt.date(2019, 5, 1), person__created_by=kaimahi,
    ).person  # fmt: skip
    adult = PersonNameFactory(
        given_names="Mereana", family_name="Te Rangi",
        person__date_of_birth=dt.date(1990, 8, 20), person__created_by=kaimahi,
    ).person  # fmt: skip
    for person in (child, adult):
        index_person(person.pk)
    # An earlier report, so the child's history has something to show at once.
    earlier = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=kaimahi.site_id, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("neglect", "No lunch")], narrative="School rang about lunches.",
            received_at=None,
        ),
    )  # fmt: skip

    # 1. The kaimahi, on the phone, by keyboard alone.
    sign_in_by_keyboard(page, base, "demo-contact-centre")
    page.goto(f"{base}/intake/reports/new/")
    assert_accessible(page, "the record-a-report page")
    tab_to(page, "#id_notifier_name")
    page.keyboard.type("Ms Ruth Kingi")
    page.keyboard.press("Tab")
    page.keyboard.type("Teacher")
    page.keyboard.press("Tab")
    page.keyboard.type("021 555 0101")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # asked for confidentiality
    search_and_add(page, "Aroha Te Rangi 1/5/2019", child.pk, "child")
    # The child's history shows as soon as they are linked.
    page.wait_for_selector(f"#linked-people >> text={earlier.reference}")
    search_and_add(page, "Mereana Te Rangi", adult.pk, "adult")
    tab_to(page, "#concern-physical")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the revealed detail box
    page.keyboard.type("Bruises on both upper arms, seen at morning tea.")
    tab_to(page, "#id_narrative")
    page.keyboard.type("Aroha told her teacher that Mum's partner grabbed her hard last night.")
    page.keyboard.press("Tab")
    page.keyboard.type("At school until 3pm; Mum's partner usually collects her.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # unsafe right now
    page.wait_for_selector("#draft-status >> text=Draft saved at")
    assert_accessible(page, "the filled-in report form")
    screenshot(page, "intake-record-report")
    tab_to(page, "#report-form button[type=submit]:not([form])")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/intake/reports/\d+/$"))
    report = ReportOfConcern.objects.exclude(pk=earlier.pk).get(recorded_by=kaimahi)
    assert f"Its reference is {report.reference}" in page.content()
    assert report.child_unsafe_now
    assert report.notifier_confidential
    assert sorted(report.persons.values_list("person_id", "role")) == sorted([(child.pk, "child"), (adult.pk, "adult")])
    # The kaimahi reads back what they typed (anyone else without the field permission sees it masked),
    # and can go straight on to the next call.
    assert "Ruth Kingi" in page.content()
    assert page.get_by_role("button", name="Record another report").is_visible()
    assert_accessible(page, "the report page (kaimahi)")
    screenshot(page, "intake-report-recorded")

    # 2. The supervisor triages it.
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, "demo-supervisor")
    page.goto(f"{base}/intake/reports/{report.pk}/")
    assert "Ruth Kingi" in page.content()
    assert_accessible(page, "the report page (supervisor)")
    page.get_by_label("Core assessment").check()
    page.get_by_label("Reasons for the decision").fill("Physical harm disclosed; the alleged adult collects her.")
    due_before = _due_next_24_hours(page, base)
    page.goto(f"{base}/intake/reports/{report.pk}/")
    page.get_by_label("Core assessment").check()
    page.get_by_label("Reasons for the decision").fill("Physical harm disclosed; the alleged adult collects her.")
    page.get_by_label("How soon must a social worker respond?").select_option("critical")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Decision recorded.")
    report.refresh_from_db()
    assert (report.stage, report.timeframe) == ("decided", "critical")
    assert report.response_due_at == report.received_at + dt.timedelta(hours=24)
    assert "Critical (24 hours)" in page.content()
    # The dashboard moves: one more report due in the next 24 hours.
    assert _due_next_24_hours(page, base) == due_before + 1
    page.goto(f"{base}/intake/reports/{report.pk}/")
    assert_accessible(page, "the decided report")
    screenshot(page, "intake-report-decided")

    # 3. ... and allocates it.
    page.get_by_role("link", name=f"Allocate {report.reference}").click()
    page.wait_for_url(re.compile(rf"/intake/reports/{report.pk}/allocate/$"))
    assert_accessible(page, "the allocation page")
    worker = User.objects.get(username="demo-social-worker")
    page.get_by_label(re.compile(rf"^{re.escape(str(worker))} —")).check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.wait_for_selector(f"text={report.reference} allocated to")
    report.refresh_from_db()
    assert report.allocated_to_id == worker.pk
    assert_accessible(page, "the queue after allocating")

    # 4. The allocated worker records the first response: the clock stops, on time,
    # and the report leaves the dashboard's "due in the next 24 hours".
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, "demo-social-worker")
    page.goto(f"{base}/intake/reports/{report.pk}/")
    now = timezone.localtime()
    fill_date(page, "Date of the first response", now.date())
    page.get_by_label("Time (24-hour clock, for example 14:30)").fill(f"{now:%H:%M}")
    page.get_by_role("button", name=re.compile("Record the (first )?response")).click()
    page.wait_for_selector("text=on time")
    report.refresh_from_db()
    assert report.responded_at is not None
    assert_accessible(page, "the report after the response")
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, "demo-supervisor")
    assert _due_next_24_hours(page, base) == due_before

    # 5. A partner agency refers the same child on the web and gets a reference.
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, "demo-partner-worker")
    page.goto(f"{base}/intake/referrals/new/")
    assert_accessible(page, "the referral form")
    page.get_by_label("Your agency", exact=True).fill("NZ Police")
    page.get_by_label("The child's person number").fill(str(child.pk))
    page.get_by_role("checkbox", name="Exposure to family violence").check()
    page.get_by_label("What the notifier told you").fill("Family violence callout at the address last night.")
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_selector("h1:has-text('Referral received')")
    referral = ReportOfConcern.objects.get(channel="professional")
    assert referral.reference in page.content()
    assert_accessible(page, "the referral confirmation")
    screenshot(page, "intake-referral-sent")
