"""The privacy office's pages in plain words, by keyboard: finding a person
by name for the audit search, their trail as sentences, and the pointer a
privacy officer gets on "who has seen this record"; axe-core finds nothing
and nothing scrolls sideways at 320 CSS px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.people.services.match_keys import index_persons
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}


def test_the_privacy_officer_finds_a_person_by_name_and_reads_their_trail(live_server, page):
    ensure_demo_accounts()
    officer = User.objects.get(username="demo-privacy-officer")
    if not PrivacyInduction.objects.filter(user=officer).exists():
        inducted(officer)
    child = PersonNameFactory(given_names="Aroha", family_name="Rangitāne-Ngata").person
    index_persons([child.pk])
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.set_viewport_size(NARROW)

    page.goto(f"{base}/people/{child.pk}/seen-by/")
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see who has seen this record"
    assert_accessible(page, "the pointer instead of a bare 403")
    # The page's own 403 is logged by Chromium as a failed load: that one is expected.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    page.console_problems.clear()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "privacy-seen-by-pointer")

    page.goto(f"{base}/privacy/audit/")
    page.get_by_role("link", name="Find the person by name").click()
    page.get_by_label("Given names").fill("Aroha")
    page.get_by_label("Family name").fill("Rangitāne-Ngata")
    page.get_by_role("button", name="Find").click()
    page.wait_for_selector("h2:has-text('People with a name like that')")
    assert "Rangit" not in page.url
    assert_accessible(page, "finding a person for the audit search")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    page.get_by_role("link", name="Aroha Rangitāne-Ngata").click()
    page.wait_for_url(f"{base}/privacy/audit/?person={child.pk}")
    assert_accessible(page, "the audit search for one person")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "privacy-audit-by-name")
