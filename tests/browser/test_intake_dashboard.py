"""A supervisor opens the timeliness dashboard and the allocation queue, and
allocates a report by keyboard; axe-core finds nothing on any page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.date_input import fill_date
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.services import reports_escalate
from tiaki.intake.tests.test_pages_queue import make_report
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_dashboard_queue_and_allocation(live_server, page):
    ensure_demo_accounts()
    supervisor = User.objects.get(username="demo-supervisor")
    worker = User.objects.get(username="demo-social-worker")
    for user in (supervisor, worker):
        if not PrivacyInduction.objects.filter(user=user).exists():
            inducted(user)
    now = timezone.now()
    critical = make_report(supervisor, supervisor.site, child="Tūī Te Whare", timeframe="critical",
                           concerns=("physical", "family-violence"))  # fmt: skip
    make_report(supervisor, supervisor.site, child="Hēmi Walker", timeframe="urgent",
                received_at=now - dt.timedelta(days=4))  # fmt: skip
    make_report(supervisor, supervisor.site, child="Mere Smith-Ngata", timeframe="urgent",
                received_at=now - dt.timedelta(days=6))  # fmt: skip
    make_report(supervisor, supervisor.site, child="Aroha Kāretu", received_at=now - dt.timedelta(hours=3))
    unsafe = intake.report_record(
        actor=worker,
        data=intake.ReportInput(
            site_id=supervisor.site_id, persons=[intake.ReportPersonInput(PersonNameFactory().person_id)],
            concerns=[intake.ConcernInput("physical", "Hit tonight")], narrative="Police rang.",
            child_unsafe_now=True,
        ),
    )  # fmt: skip
    reports_escalate()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-supervisor")

    page.goto(f"{base}/intake/dashboard/")
    page.wait_for_selector("h1:has-text('Timeliness dashboard')")
    assert_accessible(page, "the timeliness dashboard")
    screenshot(page, "intake-dashboard")
    fill_date(page, "From", ("31", "2", "2026"))
    page.get_by_role("button", name="Show period").click()
    page.wait_for_selector("text=There is a problem")
    assert_accessible(page, "the dashboard with a period error")

    page.goto(f"{base}/intake/queue/")
    page.wait_for_selector("h1:has-text('Allocation queue')")
    assert page.locator(".tiaki-queue__row--escalated-2").count() == 1
    assert page.locator(".tiaki-queue__row--escalated-1").count() == 1
    # A child said to be unsafe right now is first, flagged in words.
    first = page.locator(".tiaki-queue tbody tr").first
    assert unsafe.reference in first.inner_text()
    assert "Child unsafe now" in first.inner_text()
    assert_accessible(page, "the allocation queue")
    screenshot(page, "intake-queue")

    page.get_by_role("link", name=f"Allocate {critical.reference}").click()
    page.wait_for_selector(f"h1:has-text('Allocate {critical.reference}')")
    assert_accessible(page, "the allocation page")
    screenshot(page, "intake-allocate")
    page.get_by_label(str(worker), exact=False).first.check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.wait_for_selector(f"text={critical.reference} allocated to")
    assert_accessible(page, "the queue after allocating")
    assert ReportOfConcern.objects.get(pk=critical.pk).allocated_to_id == worker.pk
