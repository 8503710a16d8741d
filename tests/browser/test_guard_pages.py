"""The disclosure guard's pages in a browser: a leader opens the blocked
queue, reads the findings (never the protected address) and overrides with
a reason; the privacy office reads the near-miss list. axe-core finds
nothing, at 1280 and 320 CSS px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tiaki.access.tests.conftest import alice, case, child, privacy_officer, site, site_manager, supervisor  # noqa: F401
from tiaki.disclosure.tests.conftest_guard import blocked_letter  # noqa: F401
from tiaki.disclosure.tests.world import PROTECTED_STREET, father, household, household_member, mother, whanau  # noqa: F401

# The fixtures above, used by name.
# ruff: noqa: F811

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Police asked us to confirm the address in writing; the father is in custody."
PASSWORD = "correct horse battery staple"


def sign_in(page, base: str, user) -> None:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def test_a_leader_decides_a_blocked_letter_and_the_privacy_office_sees_the_near_miss(
    live_server, browser, page, supervisor, privacy_officer, blocked_letter
):
    base = live_server.url
    sign_in(page, base, supervisor)
    page.get_by_role("link", name="Blocked disclosures").first.click()
    page.wait_for_selector("h1:has-text('Blocked disclosures')")
    assert_accessible(page, "the blocked queue")
    screenshot(page, "guard-blocked-1280")
    page.get_by_role("link", name="Letter to Wiremu Tane").click()
    page.wait_for_selector("h2:has-text('What the guard found')")
    assert "Remove Aroha Pene's address from 'Letter body'" in page.content().replace("&#x27;", "'")
    assert PROTECTED_STREET not in page.content()
    assert_accessible(page, "the decision page")
    screenshot(page, "guard-decide-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, "the decision page at 320 CSS px")
    screenshot(page, "guard-decide-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Override and let it go out").click()
    page.wait_for_selector("h2:has-text('There is a problem')")
    assert_accessible(page, "the decision page with an error")
    # The refused form is a 400, which the browser reports on the console.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.console_problems.clear()
    page.fill("#id_reason", REASON)
    page.get_by_role("button", name="Override and let it go out").click()
    page.wait_for_selector("text=Override recorded")
    assert "Nothing is waiting for a decision." in page.content()

    office = browser.new_context(viewport={"width": 320, "height": 800}, locale="en-NZ").new_page()
    sign_in(office, base, privacy_officer)
    office.goto(f"{base}/disclosures/near-misses/")
    office.wait_for_selector("h1:has-text('Near misses')")
    assert "Overridden by" in office.content()
    assert "Wiremu" not in office.content()
    assert_accessible(office, "the near-miss list at 320 CSS px")
    screenshot(office, "guard-near-misses-320")
    office.set_viewport_size({"width": 1280, "height": 900})
    screenshot(office, "guard-near-misses-1280")
    office.context.close()
