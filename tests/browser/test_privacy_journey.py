"""The privacy office's journey (issue 17's "done means"): a worker asks the
API for 150 person ids in a minute; the access-monitoring pass raises an
alert that reaches the privacy office's queue, and the officer triages it as
a near miss, which appears on the register. A breach the worker reports
through "Report a privacy concern" is assessed by the officer as notifiable
against the serious-harm factors; its 72-hour clock shows on the register
and the incident page, and the clock's job (run with a pinned now past 48
hours) escalates it. The quarterly report to the chief executive has the
figures, on its page and in its PDF (read with pypdf). axe-core finds
nothing on any page, and every page reflows at 320 px (the page fixture
checks each page visited)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, horizontal_overflow, screenshot, too_wide_elements
from tests.browser.date_input import fill_date
from tests.browser.test_casework_journey import landed
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.inbox.models import Notification
from tiaki.privacy import harm
from tiaki.privacy.models import AccessAlert, MonitoringRule, PrivacyIncident
from tiaki.privacy.monitoring import monitoring_run
from tiaki.privacy.services.incidents import commissioner_clock_escalate
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

#: Person ids nobody has: each read is refused, and each is a distinct person asked for.
ENUMERATED = range(6_000_000, 6_000_150)
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


def _enumeration_alert_triaged(page, base: str) -> PrivacyIncident:
    """The worker asks for 150 person ids; the monitoring pass raises an alert the officer triages as a near miss."""
    worker = User.objects.get(username="demo-social-worker")
    monitoring_run(kind="full")  # the trail so far
    sign_in_by_keyboard(page, base, worker.username)
    started = timezone.now()
    for person_id in ENUMERATED:
        assert page.request.get(f"{base}/api/v1/persons/{person_id}").status == 404
    assert timezone.now() - started < dt.timedelta(minutes=10)
    _sign_out(page)
    run = monitoring_run(kind="incremental")
    assert run.alerts_raised >= 1
    alert = AccessAlert.objects.get(rule=MonitoringRule.Code.ENUMERATION_DISTINCT, actor=worker, status="open")
    assert alert.count >= len(ENUMERATED)

    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.get_by_role("link", name="Access alerts", exact=True).click()
    landed(page, r"/privacy/alerts/")
    assert_accessible(page, "the access alert queue")
    _shots(page, "privacy-alerts")
    page.locator(f"a[href='/privacy/alerts/{alert.pk}/']").first.click()
    landed(page, rf"/privacy/alerts/{alert.pk}/$")
    assert_accessible(page, "the access alert")
    page.get_by_label("A near miss").check()
    page.get_by_label("Why (needed for every outcome)").fill(
        "150 person numbers in a minute, none of them real: a script, not work. Talked with them; "
        "recorded as a near miss."
    )
    page.get_by_role("button", name="Save triage").click()
    landed(page, rf"/privacy/alerts/{alert.pk}/$")
    alert.refresh_from_db()
    assert alert.incident is not None
    near = alert.incident
    assert near.kind == PrivacyIncident.Kind.NEAR_MISS
    assert near.source == PrivacyIncident.Source.MONITORING
    assert near.reference in page.content()
    assert_accessible(page, "the access alert, triaged")
    page.get_by_role("link", name="Privacy register", exact=True).click()
    landed(page, r"/privacy/register/$")
    page.get_by_label("How it arrived").select_option("monitoring")
    page.get_by_role("button", name="Filter").click()
    landed(page, r"/privacy/register/\?.*source=monitoring")
    assert near.reference in page.content()
    assert_accessible(page, "the register, filtered to access monitoring")
    _sign_out(page)
    return near


def _quarterly_report(page, base: str, breach: PrivacyIncident, near: PrivacyIncident) -> None:
    """The quarter's figures on the report page, and in its PDF (the officer is still signed in)."""
    page.goto(f"{base}/privacy/reports/")
    assert_accessible(page, "the quarterly report page")
    _shots(page, "privacy-report")
    by_source = page.locator("table", has=page.locator("caption", has_text="How they reached the register"))
    monitoring = by_source.locator("tr", has=page.get_by_role("rowheader", name="An access monitoring alert"))
    near_misses = int(monitoring.locator("td[data-label='Near misses']").inner_text())
    assert near_misses >= 1
    reported = by_source.locator("tr", has=page.get_by_role("rowheader", name="Reported by a staff member"))
    breaches = int(reported.locator("td[data-label='Breaches']").inner_text())
    assert breaches == PrivacyIncident.objects.filter(kind="breach", source="reported").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    data = download.value.path().read_bytes()
    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in PdfReader(io.BytesIO(data)).pages)
    for words in ("Breaches and near misses by type", "How they reached the register", "An access monitoring alert",
                  "Time to tell the Commissioner", "Alerts raised by rule"):  # fmt: skip
        assert words in text, words
    assert breach.reference not in text
    assert near.reference not in text
    assert "Tūī Herewini" not in text


def test_an_enumeration_alert_and_a_notifiable_breach_reach_the_quarterly_report(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    near = _enumeration_alert_triaged(page, base)
    breach = _report_and_assess(page, base)
    _escalates(page, base, breach)
    _quarterly_report(page, base, breach, near)
