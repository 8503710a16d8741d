"""The jobs page (/admin/jobs/) reflows at 320 CSS px, its alert and tables
read in words, and axe-core finds nothing, wide or narrow."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.jobs.models import JobRun

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}


def test_the_jobs_page_reflows_and_is_accessible(live_server, page):
    ensure_demo_accounts()
    now = timezone.now()
    JobRun.objects.create(
        job_name="people.scan_duplicates", due_at=now, reason="schedule", status="failed", attempts=3,
        started_at=now, finished_at=now, duration_ms=73_000, error="OperationalError (database unavailable)",
    )  # fmt: skip
    JobRun.objects.create(
        job_name="intake.escalate", due_at=now, reason="hand", status="succeeded", attempts=1, started_at=now,
        finished_at=now, duration_ms=41, outcome="Highlighted 12 report(s); told supervisors about 3 report(s).",
    )  # fmt: skip
    sign_in_by_keyboard(page, live_server.url, "demo-administrator")
    page.get_by_role("link", name="Jobs").click()
    page.wait_for_selector("h1:has-text('Scheduled jobs')")
    banner = page.get_by_role("region", name="Important")
    assert "people.scan_duplicates failed: OperationalError (database unavailable)." in banner.inner_text()
    assert_accessible(page, "the jobs page")
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page, "the jobs page at 320 CSS px")
    screenshot(page, "jobs-320")
