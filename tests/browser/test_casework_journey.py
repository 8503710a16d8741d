"""The casework journey: a social worker follows one child from the first
report through assessment, an FGC, the plan, a court order and closure, in
the pages, and finds every step in the child's chronology. A supervisor
triages the report, allocates it and approves the closure. axe-core finds
nothing on any page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework.models import Case, CaseNote, CourtOrder, FamilyGroupConference, PlanVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.intake import services as intake
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name: str, day: dt.date) -> None:
    """A GOV.UK date input: the day, month and year boxes named ``<name>_…``."""
    boxes = page.locator(f"input[name^='{name}_']")
    assert boxes.count() == 3, f"{name}: {boxes.count()} boxes"
    for index, value in enumerate((day.day, day.month, day.year)):
        boxes.nth(index).fill(str(value))


def landed(page, pattern: str) -> None:
    """Wait to arrive at ``pattern``; if a form error kept us where we were, say what it was."""
    try:
        page.wait_for_url(re.compile(pattern), timeout=10_000)
    except PlaywrightTimeout:
        summary = page.locator(".govuk-error-summary, .govuk-error-message")
        problems = " | ".join(summary.all_inner_texts()) or page.url
        raise AssertionError(f"Did not reach {pattern}: {problems}") from None


def switch_to(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, username)


def test_a_worker_follows_a_child_from_report_to_closure_and_finds_it_all_in_the_chronology(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    kaimahi = User.objects.get(username="demo-contact-centre")
    worker = User.objects.get(username="demo-social-worker")
    child = PersonNameFactory(
        given_names="Manaia", family_name="Ngata", person__date_of_birth=dt.date(2016, 2, 9),
        person__created_by=kaimahi,
    ).person  # fmt: skip
    # The first report, as the contact centre recorded it (its pages are the intake journey's).
    report = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=worker.site_id, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("neglect", "Often left alone overnight")],
            narrative="A neighbour says Manaia is often home alone at night.", received_at=None,
        ),
    )  # fmt: skip

    # 1. The supervisor decides on an assessment and allocates it.
    sign_in_by_keyboard(page, base, "demo-supervisor")
    page.goto(f"{base}/intake/reports/{report.pk}/")
    page.get_by_label("Core assessment").check()
    page.get_by_label("Reasons for the decision").fill("Repeated neglect concerns; an assessment is needed.")
    page.get_by_label("How soon must a social worker respond?").select_option("urgent")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Decision recorded.")
    page.get_by_role("link", name=f"Allocate {report.reference}").click()
    page.get_by_label(re.compile(rf"^{re.escape(str(worker))} —")).check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.wait_for_selector(f"text={report.reference} allocated to")

    # 2. The worker records the first response and opens an assessment case from the report.
    switch_to(page, base, "demo-social-worker")
    page.goto(f"{base}/intake/reports/{report.pk}/")
    now = timezone.localtime()
    fill_date(page, "respond-responded_date", now.date())
    page.get_by_label("Time (24-hour clock, for example 14:30)").fill(f"{now:%H:%M}")
    page.get_by_role("button", name=re.compile("Record the (first )?response")).click()
    page.wait_for_selector("text=on time")
    page.get_by_role("button", name="Open a case").click()
    page.wait_for_url(re.compile(r"/cases/open/"))
    assert_accessible(page, "the open-a-case page")
    page.get_by_label("Assessment", exact=True).check()
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(origin_report=report)
    assert case.allocated_worker_id == worker.pk
    assert_accessible(page, "the new case page")
    screenshot(page, "casework-case-opened")

    # 3. A home visit note.
    page.get_by_role("button", name="Add a note").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/notes/add/$"))
    page.get_by_label("Visit", exact=True).check()
    # A few minutes ago, whatever the hour: a fixed "09:30" is in the future before half past nine.
    visited = timezone.localtime() - dt.timedelta(minutes=5)
    fill_date(page, "occurred_on", visited.date())
    page.get_by_label("Time (24-hour clock, for example 14:30)").fill(f"{visited:%H:%M}")
    page.get_by_label("Short title (optional)").fill("Home visit with Manaia and his nan")
    page.get_by_label("What happened").fill("Saw Manaia at home with his nan, who wants to help. The fridge was empty.")
    page.get_by_label("The child was seen (visits only)").check()
    assert_accessible(page, "the note form")
    page.get_by_role("button", name="Save the note").click()
    landed(page, r"/cases/notes/\d+/$")
    note = CaseNote.objects.get(case=case)
    assert note.child_seen
    page.goto(f"{base}/cases/{case.pk}/")

    # 4. Refer to a Family Group Conference, then record its outcome.
    page.get_by_role("link", name=re.compile("Refer to an FGC")).click()
    assert_accessible(page, "the FGC referral form")
    page.get_by_label("Why a conference is needed").fill("Whānau want to make a plan together; nan offers care.")
    page.get_by_role("button", name="Make the referral").click()
    fgc = FamilyGroupConference.objects.get(case=case)
    page.goto(f"{base}/cases/fgc/{fgc.pk}/record/")
    assert_accessible(page, "the FGC outcome form")
    page.get_by_role("radio", name="Plan agreed").check()
    fill_date(page, "held_on", timezone.localdate())
    page.get_by_label("Who came").fill("Manaia\nHis nan, Hine Ngata\nHis mother\nSocial worker\nFGC coordinator")
    page.get_by_label("The plan agreed").fill("Manaia stays with his nan on school nights; his mother visits daily.")
    fill_date(page, "review_on", timezone.localdate() + dt.timedelta(days=90))
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=Record this as the child's plan")
    fgc.refresh_from_db()
    assert fgc.outcome == "plan_agreed"
    assert_accessible(page, "the FGC page")

    # 5. The child's plan, from the FGC, with Manaia's own words.
    page.get_by_role("link", name=re.compile("Record this as the child's plan")).first.click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/plans/{child.pk}/edit/"))
    page.locator("[id$='-goal']").first.fill("Manaia is never left alone overnight")
    page.locator("[id$='-action']").first.fill("Stay with nan on school nights")
    page.locator("[id$='-who']").first.fill("Nan and Mum")
    page.get_by_label(re.compile("own words")).fill("I like staying at Nan's. She makes porridge.")
    page.get_by_label("Whānau views").fill("Nan is happy to have him; Mum agrees.")
    fill_date(page, "review_on", timezone.localdate() + dt.timedelta(days=90))
    assert_accessible(page, "the plan form")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_selector("text=She makes porridge")
    plan_version = PlanVersion.objects.get(plan__case=case)
    assert plan_version.fgc_id == fgc.pk
    assert_accessible(page, "the plan page")
    screenshot(page, "casework-plan")

    # 6. A court order (a services order) for Manaia.
    page.goto(f"{base}/cases/{case.pk}/orders/add/")
    assert_accessible(page, "the court order form")
    page.get_by_label("Services order (s83 / s86A)").check()
    page.get_by_label("Court", exact=True).fill("Manukau Family Court")
    fill_date(page, "made_on", timezone.localdate())
    page.get_by_role("button", name="Record the order").click()
    page.wait_for_url(re.compile(r"/cases/orders/\d+/$"))
    assert CourtOrder.objects.get(case=case).kind == "s83"
    assert_accessible(page, "the court order page")

    # 7. The worker asks to close the case; the supervisor approves.
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("summary", has_text=re.compile("Ask to close")).click()
    page.get_by_label(Case.ClosureReason.SAFETY_PLAN.label).check()
    page.get_by_label(re.compile("closing summary", re.I)).fill("The FGC plan is working: Manaia is safe at Nan's.")
    page.get_by_role("button", name="Ask to close").click()
    page.wait_for_selector("text=Waiting for closure approval")
    switch_to(page, base, "demo-supervisor")
    page.goto(f"{base}/cases/{case.pk}/")
    assert_accessible(page, "the case waiting for approval")
    page.get_by_label("Approve: close the case").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_selector("text=This case closed on")
    case.refresh_from_db()
    assert case.status == "closed"

    # 8. The worker finds every step in Manaia's chronology.
    switch_to(page, base, "demo-social-worker")
    page.goto(f"{base}/people/{child.pk}/chronology/")
    assert_accessible(page, "the chronology")
    screenshot(page, "casework-chronology")
    timeline = page.locator("main").inner_text()
    for text in (
        f"Report of concern received ({report.reference})",
        f"Intake decision on {report.reference}",
        f"First response to {report.reference}",
        f"Assessment case opened ({case.reference})",
        "Home visit with Manaia and his nan",
        "Referred to a Family Group Conference",
        "Family Group Conference: plan agreed",
        "Plan made",
        "Services order (s83 / s86A)",
        f"Case {case.reference} closed",
    ):
        assert text in timeline, text
    kinds = set(ChronologyEntry.objects.filter(person=child).values_list("kind", flat=True))
    assert kinds == {"report", "decision", "response", "case", "note", "fgc", "plan", "order"}
    # Significant events only: the note (not marked significant) drops out.
    page.get_by_label("Significant events only").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"significant="))
    assert "Home visit with Manaia" not in page.locator("main").inner_text()
    assert f"Case {case.reference} closed" in page.locator("main").inner_text()
    assert_accessible(page, "the filtered chronology")
    page.emulate_media(media="print")
    screenshot(page, "casework-chronology-print")
