"""The email notifications page, reached from the top bar: accessible, by
keyboard too, before and after saving (and at 320 px, as every visited page)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.inbox.models import EmailPreference

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_chooses_which_notices_reach_them_by_email(live_server, page):
    ensure_demo_accounts()
    sign_in_by_keyboard(page, live_server.url, "demo-social-worker")
    page.get_by_role("link", name="Email notifications").click()
    page.wait_for_url(f"{live_server.url}/inbox/email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Email notifications"
    always = page.get_by_label("A child is said to be unsafe right now")
    assert always.is_checked()
    assert always.is_disabled()
    assert_accessible(page, "the email notifications page")
    screenshot(page, "email-notifications")

    allocated = page.get_by_label("A case is allocated to you")
    assert allocated.is_checked()
    allocated.focus()
    page.keyboard.press("Space")  # a checkbox by keyboard
    page.get_by_role("button", name="Save choices").click()
    page.wait_for_url(f"{live_server.url}/inbox/email/")
    assert "Your choices are saved." in page.get_by_role("alert").inner_text()
    assert not page.get_by_label("A case is allocated to you").is_checked()
    assert EmailPreference.objects.get(user__username="demo-social-worker", kind="case-allocated").emailed is False
    assert_accessible(page, "the email notifications page, saved")
