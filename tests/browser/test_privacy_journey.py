"""The privacy office's journey (issue 17's "done means"): a breach a worker
reports through "Report a privacy concern" is assessed by a privacy officer
as notifiable against the serious-harm factors; its 72-hour clock shows on
the register and the incident page, and the clock's job (run with a pinned
now past 48 hours) escalates it. axe-core finds nothing on any page, and
every page reflows at 320 px (the page fixture checks each page visited)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, horizontal_overflow, screenshot, too_wide_elements
from tests.browser.date_input import fill_date
from tests.browser.test_casework_journey import landed
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.inbox.models import Notification
from tiaki.privacy import harm
from tiaki.privacy.models import PrivacyIncident
from tiaki.privacy.services.incidents import commissioner_clock_escalate
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

WHAT_HAPPENED = "I emailed the whānau hui notes to the wrong school: the address book offered the wrong Kura."


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))


def _shots(page, name: str) -> None:
    """The page at 1280 px and at 320 px (saved under TIAKI_SCREENSHOTS), which must not scroll sideways."""
    screenshot(page, f"{name}-1280")
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert horizontal_overflow(page) == 0, f"{name} scrolls sideways at 320 px: {too_wide_elements(page)}"
    screenshot(page, f"{name}-320")
    page.set_viewport_size(size)


def _report_and_assess(page, base: str) -> PrivacyIncident:
    """A worker reports a breach from the link on every page; a privacy officer assesses it as notifiable."""
    worker = User.objects.get(username="demo-social-worker")
    officer = User.objects.get(username="demo-privacy-officer")
    sign_in_by_keyboard(page, base, worker.username)
    page.get_by_role("link", name="Report a privacy concern").click()
    landed(page, r"/privacy/concerns/new/$")
    assert_accessible(page, "the report a privacy concern page")
    _shots(page, "privacy-concern-new")
    page.get_by_role("button", name="Send to the privacy office").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Choose whether it was a breach or a near miss" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "the report page with its errors")
    page.get_by_label("A breach: information reached").check()
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    page.get_by_role("button", name="Send to the privacy office").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the date it happened" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("What happened").input_value() == WHAT_HAPPENED  # what was typed is kept
    fill_date(page, "When it happened", timezone.localdate())
    page.get_by_role("button", name="Send to the privacy office").click()
    landed(page, r"/privacy/concerns/\d+/$")
    incident = PrivacyIncident.objects.get(description=WHAT_HAPPENED)
    assert incident.reference in page.content()
    assert "What happens next" in page.content()
    assert_accessible(page, "the concern's confirmation")
    _shots(page, "privacy-concern-confirmation")
    # The two refused forms answered 400, as they should: nothing else went wrong.
    page.console_problems[:] = [p for p in page.console_problems if not re.search(r"status of 400", p)]
    _sign_out(page)

    sign_in_by_keyboard(page, base, officer.username)
    assert Notification.objects.filter(user=officer, kind=Notification.Kind.PRIVACY_CONCERN_REPORTED).exists()
    page.get_by_role("link", name="Privacy register", exact=True).click()
    landed(page, r"/privacy/register/$")
    assert_accessible(page, "the privacy register")
    _shots(page, "privacy-register")
    page.get_by_role("link", name=incident.reference).click()
    landed(page, rf"/privacy/register/{incident.pk}/$")
    assert "Not assessed yet" in page.content()
    assert_accessible(page, "the incident page, not assessed")
    form = page.locator(f"form[action$='/privacy/register/{incident.pk}/assess/']")
    form.get_by_label("What kind of breach or near miss").select_option("wrong-recipient")
    form.get_by_label("Who caused it (if known)").select_option(str(worker.pk))
    for _code, words in harm.FACTORS:
        form.get_by_role("group", name=words, exact=True).get_by_label("High").check()
    form.get_by_label("Yes: it is notifiable").check()
    form.get_by_label("Why you decided this").fill("Notes about tamariki reached a school that knows the whānau.")
    form.get_by_role("button", name="Save the assessment").click()
    landed(page, rf"/privacy/register/{incident.pk}/$")
    page.get_by_text("Assessment saved.").wait_for()
    clock = page.locator("#clock").inner_text()
    assert "Tell the Commissioner by" in clock
    assert re.search(r": (7[01]|72) hours left", clock), clock
    assert_accessible(page, "the incident page, its clock running")
    _shots(page, "privacy-incident")
    incident.refresh_from_db()
    assert incident.notifiable
    assert incident.commissioner_due_at == incident.became_aware_at + dt.timedelta(hours=72)
    return incident


def _escalates(page, base: str, incident: PrivacyIncident) -> None:
    """The clock's job, run 50 hours on, warns the privacy office; the register says it in words."""
    assert commissioner_clock_escalate(now=incident.became_aware_at + dt.timedelta(hours=50)) >= 1
    incident.refresh_from_db()
    assert incident.escalation_level == 1
    officer = User.objects.get(username="demo-privacy-officer")
    told = Notification.objects.filter(user=officer, kind=Notification.Kind.COMMISSIONER_CLOCK)
    assert any(incident.reference in n.text for n in told)
    page.goto(f"{base}/privacy/register/{incident.pk}/")
    assert "less than 24 hours were left, so every privacy officer was told" in page.content()
    assert_accessible(page, "the incident page, escalated")


def test_a_reported_breach_is_assessed_notifiable_and_its_clock_escalates(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    incident = _report_and_assess(page, base)
    _escalates(page, base, incident)
