"""The sharing journey: a social worker shares a child's routines (About me
items marked shareable) with the caregiver household she is placed with,
seeing exactly what will be shared; the caregiver signs in, finds it from
their home page and reads it; the worker sees the read; the share then
expires (its dates moved through the ORM: no sleeping) and the caregiver's
next read is refused in plain words. axe-core finds nothing on any page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.date_input import fill_date
from tests.browser.test_casework_journey import landed, switch_to
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.care.models import AboutMe
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import ensure_demo_work
from tiaki.disclosure.models import Share, ShareRead
from tiaki.disclosure.tests.conftest_sharing import expire
from tiaki.people.selectors.record import display_names

pytestmark = pytest.mark.django_db(transaction=True)

HOUSEHOLD = "Rāwiri and Moana Tane"
UPSET = "Let me go outside for a bit."
LIKES = "Rugby, drawing and my cat."
#: Marked not shareable in the demo's About me: never offered.
NOT_SHAREABLE = "My brother and my Nan."


def test_a_worker_shares_routines_the_caregiver_reads_them_until_the_share_expires(live_server, page):
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()  # the demo child, in care with the household, and its About me
    # The demo shares the child's About me already; this journey makes its own.
    Share.objects.all().delete()
    base = live_server.url
    child_id = AboutMe.objects.order_by("pk").first().child_id
    child = display_names([child_id])[child_id]

    # 1. The worker's Sharing page shows exactly what would be shared, and nothing not marked shareable.
    sign_in_by_keyboard(page, base, "demo-social-worker")
    page.goto(f"{base}/care/children/{child_id}/sharing/")
    assert_accessible(page, "the child's Sharing page")
    main = page.locator("main").inner_text()
    assert UPSET in main
    assert LIKES in main
    assert NOT_SHAREABLE not in main
    page.get_by_label("About me: What helps when I'm upset").check()
    page.get_by_label("About me: What I like").check()
    page.get_by_label(re.compile(f"^{HOUSEHOLD}")).check()
    page.get_by_label("Why you are sharing it").fill(f"So {HOUSEHOLD} know what helps {child} day to day.")
    page.get_by_label("The young person agreed").check()
    fill_date(page, "Date consent was given", timezone.localdate())
    fill_date(page, "Last day it can be read", timezone.localdate() + dt.timedelta(days=28))
    screenshot(page, "sharing-child-form")
    page.get_by_role("button", name="Share", exact=True).click()
    landed(page, rf"/care/children/{child_id}/sharing/$")
    assert f"Shared with {HOUSEHOLD}" in page.locator("main").inner_text()
    assert_accessible(page, "the Sharing page after sharing")
    share = Share.objects.get()
    assert sorted(share.items.values_list("text", flat=True)) == sorted([UPSET, LIKES])

    # 2. The caregiver finds it from their home page and reads it.
    switch_to(page, base, "demo-caregiver")
    assert_accessible(page, "the caregiver's home page")
    page.get_by_role("link", name="Read what is shared with you").click()
    landed(page, r"/shared-with-you/$")
    assert_accessible(page, "Shared with you")
    page.get_by_role("link", name=re.compile(f"^About {child}")).click()
    landed(page, rf"/shared-with-you/{share.pk}/$")
    main = page.locator("main").inner_text()
    assert UPSET in main
    assert LIKES in main
    assert_accessible(page, "a share, read")
    screenshot(page, "sharing-read")

    # 3. The worker sees the read: who and when.
    switch_to(page, base, "demo-social-worker")
    page.goto(f"{base}/care/children/{child_id}/sharing/")
    reads = page.locator("table").inner_text()
    assert "Moana Tane" in reads
    assert "Read" in reads
    assert_accessible(page, "the Sharing page with its read")

    # 4. The share expires; the caregiver's next read is refused, in words, with nothing shown.
    ended = expire(share.pk)
    switch_to(page, base, "demo-caregiver")
    page.goto(f"{base}/shared-with-you/{share.pk}/")
    main = page.locator("main").inner_text()
    last_day = timezone.localdate(ended - dt.timedelta(microseconds=1))
    assert f"This was shared until {last_day.day} {last_day:%B %Y}." in main
    assert "Ask the child's social worker if you still need it." in main
    assert UPSET not in main
    assert_accessible(page, "an expired share")
    screenshot(page, "sharing-expired")
    # The refusal is the page's own 410 (Gone), which Chromium logs as a failed load: that one is expected.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 410 (Gone)"]
    page.console_problems.clear()
    page.goto(f"{base}/shared-with-you/")
    assert "Ended" in page.locator("main").inner_text()
    assert_accessible(page, "Shared with you, the share ended")
    assert list(ShareRead.objects.order_by("pk").values_list("outcome", flat=True)) == ["read", "expired"]
