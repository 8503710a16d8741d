"""Every data table reflows at 320 CSS px (WCAG 1.4.10): its rows become
cards, each value under its column's name, and the page never scrolls
sideways; axe-core finds nothing at that width."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, pages_too_wide, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.intake.tests.test_pages_queue import make_report
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_tables_become_labelled_cards_on_a_phone(live_server, page):
    ensure_demo_accounts()
    supervisor = User.objects.get(username="demo-supervisor")
    if not PrivacyInduction.objects.filter(user=supervisor).exists():
        inducted(supervisor)
    make_report(supervisor, supervisor.site, child="Tūī Te Whare-Rangitāne", timeframe="critical",
                concerns=("physical", "family-violence"))  # fmt: skip
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-supervisor")
    page.set_viewport_size(NARROW)
    for path, heading, column in (
        ("/intake/queue/", "Allocation queue", "Children"),
        ("/intake/dashboard/", "Timeliness dashboard", None),
    ):
        page.goto(f"{base}{path}")
        page.wait_for_selector(f"h1:has-text('{heading}')")
        assert _scroll_width(page) <= NARROW["width"], path
        if column is not None:
            cell = page.locator(f"td[data-label='{column}']").first
            assert "Tūī Te Whare-Rangitāne" in cell.inner_text()
            # The label is drawn before the value, so the card reads "Children: ...".
            assert page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle()).startswith(
                f'"{column}: '
            )
        assert_accessible(page, f"{path} at 320 CSS px")
    screenshot(page, "reflow-queue-320")


def test_every_browser_test_checks_the_pages_it_visits_at_320_css_px(live_server, browser, page):
    # The page fixture keeps each page a test loads...
    page.goto(f"{live_server.url}/sign-in/")
    assert page.visited == [f"{live_server.url}/sign-in/"]
    # ...and opens each again at 320 CSS px when the test ends: a page wider
    # than that is reported with how much wider it is.
    context = browser.new_context()
    wide = f"{live_server.url}/too-wide-for-a-phone/"
    context.route(wide, lambda route: route.fulfill(
        status=200, content_type="text/html", body='<!doctype html><title>t</title><div style="width:900px">x</div>'
    ))  # fmt: skip
    try:
        # 900 px of content and the body's 8 px margin, in a 320 px window.
        assert pages_too_wide(context, [wide, f"{live_server.url}/sign-in/", wide]) == [f"{wide} (+588px)"]
    finally:
        context.close()
