"""Error pages reflow at 320 CSS px (WCAG 1.4.10): the request id they quote
is one long word and must wrap. axe-core finds nothing on them."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_not_found_and_csrf_pages_reflow_on_a_narrow_screen(live_server, page):
    ensure_demo_accounts()
    sign_in_by_keyboard(page, live_server.url, "demo-social-worker")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/no-such-page/")
    page.wait_for_selector("h1:has-text('Page not found')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "the not-found page")
    # The page's own 404 is logged by Chromium as a failed load: that one is expected.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    page.console_problems.clear()
    # A form sent without its CSRF token: render the answer as the browser would.
    answer = page.request.post(f"{live_server.url}/people/search/", form={"q": "x"}, headers={"X-CSRFToken": ""})
    assert answer.status == 403
    page.set_content(answer.text().replace("<head>", f'<head><base href="{live_server.url}/">', 1))
    page.wait_for_selector("h1:has-text('Your form was not sent')")
    page.wait_for_function("() => [...document.styleSheets].some(s => s.href && s.href.includes('tiaki'))")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "csrf-failure-narrow")
