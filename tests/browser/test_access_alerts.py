"""Access monitoring's pages in a browser: a privacy officer opens the alert
queue, reads an enumeration alert and the events behind it, triages it as a
near miss (with the error for a missing note first), changes a threshold
(with the error for zero first) and watches a record. axe-core finds
nothing, at 1280 and 320 CSS px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tiaki.access.tests.conftest import alice, child, privacy_officer, site, site_manager, supervisor  # noqa: F401
from tiaki.privacy.models import AccessAlert, PrivacyIncident
from tiaki.privacy.monitoring import monitoring_run
from tiaki.privacy.tests.planted import plant, refused
from tiaki.privacy.tests.test_monitoring import at, working_day

# The fixtures above, used by name.
# ruff: noqa: F811

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"
BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def sign_in(page, base: str, user) -> None:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def _both_widths(page, label: str, name: str) -> None:
    assert_accessible(page, label)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, f"{label} at 320 CSS px")
    screenshot(page, f"{name}-320")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_privacy_officer_triages_an_alert_and_sets_a_threshold(live_server, page, alice, privacy_officer, child):
    day = working_day()
    plant([refused(at(day, 10, 0, i), alice, 600_000 + i) for i in range(150)])
    monitoring_run(kind="full")
    base = live_server.url
    sign_in(page, base, privacy_officer)
    page.get_by_role("link", name="Access alerts").first.click()
    page.wait_for_selector("h1:has-text('Access alerts')")
    _both_widths(page, "the alert queue", "alerts-queue")
    distinct = AccessAlert.objects.get(rule="enumeration-distinct")
    page.get_by_role("link", name=f"Alert {distinct.pk}", exact=True).click()
    page.wait_for_selector("h2:has-text('The events behind it')")
    assert "150 different people's records opened or tried in 15 minutes" in page.content().replace("&#x27;", "'")
    _both_widths(page, "the alert page", "alert-detail")
    page.get_by_label("A near miss").check()
    page.get_by_role("button", name="Save triage").click()
    page.wait_for_selector("h2:has-text('There is a problem')")
    assert_accessible(page, "the alert page with an error")
    assert page.console_problems == [BAD_REQUEST]
    page.console_problems.clear()
    page.get_by_label("A near miss").check()
    page.fill("#id_note", "Asked the worker: no work reason for these searches.")
    page.get_by_role("button", name="Save triage").click()
    page.wait_for_selector("text=It is on the privacy register as PI-")
    assert PrivacyIncident.objects.get().source == "monitoring"
    assert_accessible(page, "the triaged alert")

    page.goto(f"{base}/privacy/monitoring/rules/")
    page.fill("#id_volume-threshold", "0")
    page.get_by_role("button", name="Save far more reading than the person's usual").click()
    page.wait_for_selector("text=The threshold must be 1 or more.")
    assert page.console_problems == [BAD_REQUEST]
    page.console_problems.clear()
    _both_widths(page, "the rules page with an error", "monitoring-rules")

    page.goto(f"{base}/privacy/monitoring/watched/")
    page.fill("#id_person_id", str(child.pk))
    page.fill("#id_reason", "In the news this week")
    page.get_by_role("button", name="Watch this record").click()
    page.wait_for_selector("text=is now watched")
    _both_widths(page, "the watched records", "watched-records")
