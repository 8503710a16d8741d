"""The top bar (tiaki.web.navigation): each role's main jobs, reached by
keyboard, the page the user is on marked, and at 320 CSS px folded behind
GOV.UK's Menu button with nothing scrolling sideways; axe-core finds nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}


def _menu_labels(page) -> list[str]:
    return [text.strip() for text in page.locator("#navigation a").all_inner_texts()]


def test_each_role_reaches_its_main_jobs_from_the_top_bar_by_keyboard(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-supervisor")
    assert _menu_labels(page) == [
        "Home",
        "Queue",
        "Team cases",
        "Find a person",
        "Caregivers",
        "Dashboard",
        "Blocked disclosures",
    ]
    assert page.locator("#navigation a[aria-current='page']").inner_text().strip() == "Home"
    # Tab from the top of the page to "Queue" and follow it with Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Queue":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/intake/queue/")
    assert page.locator("#navigation a[aria-current='page']").inner_text().strip() == "Queue"
    assert_accessible(page, "the queue with its menu item current")
    page.get_by_role("button", name="Sign out").click()
    sign_in_by_keyboard(page, base, "demo-contact-centre")
    assert _menu_labels(page) == ["Home", "Record a report", "Find a person"]
    page.locator("#navigation").get_by_role("link", name="Record a report").click()
    page.wait_for_url(f"{base}/intake/reports/new/")
    assert page.locator("#navigation a[aria-current='page']").inner_text().strip() == "Record a report"


def test_at_320_px_the_top_bar_folds_behind_the_menu_button(live_server, page):
    ensure_demo_accounts()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.set_viewport_size(NARROW)
    button = page.get_by_role("button", name="Menu")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#navigation").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Break-glass reviews").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page, "the home page at 320 CSS px with the menu open")
    screenshot(page, "navigation-320")
    page.get_by_role("link", name="Break-glass reviews").click()
    page.wait_for_url(f"{base}/privacy/break-glass/")
