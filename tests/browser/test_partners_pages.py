"""The partner register's pages in a browser: a privacy officer opens the
register (an overdue disposal said in words), an organisation, its change
form and the disposal form (an error summary that takes the focus), at 1280
and 320 CSS px; axe-core finds nothing and nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.disclosure.models import DisposalConfirmation, Share
from tiaki.disclosure.tests.partners_fixtures import TRUST, organisation_row
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def _register() -> int:
    officer = User.objects.get(username="demo-privacy-officer")
    if not PrivacyInduction.objects.filter(user=officer).exists():
        inducted(officer)
    trust = organisation_row(agreement_reference="AGR-2026-014-WHANGAREI-NORTHLAND-REGION-LONG")
    organisation_row("Kura Hauora Health", kind="health", agreement_end=None)
    now, today = timezone.now(), timezone.localdate()
    child = PersonNameFactory(given_names="Tūī", family_name="Te Whare").person
    Share.objects.create(child=child, organisation=trust, purpose="Kura support", consent="whanau", shared_by=officer,
                         shared_at=now - dt.timedelta(days=300), expires_at=now - dt.timedelta(days=200))  # fmt: skip
    DisposalConfirmation.objects.create(organisation=trust, covers_up_to=today - dt.timedelta(days=400),
                                        confirmed_on=today - dt.timedelta(days=390), confirmed_by_name="Mere Hohaia",
                                        recorded_by=officer, recorded_at=now)  # fmt: skip
    return trust.pk


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_the_register_its_organisation_and_forms_are_accessible(live_server, page, width):
    ensure_demo_accounts()
    pk = _register()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.set_viewport_size({"width": width, "height": 900})
    for path, heading, name in (
        ("/partners/", "Partner organisations", "list"),
        (f"/partners/{pk}/", TRUST, "detail"),
        (f"/partners/{pk}/edit/", "Change the organisation", "edit"),
        (f"/partners/{pk}/disposals/new/", "Record a disposal confirmation", "disposal"),
    ):
        page.goto(f"{base}{path}")
        page.wait_for_selector(f"h1:has-text('{heading}')")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert_accessible(page, f"{path} at {width} CSS px")
        screenshot(page, f"partners-{name}-{width}")
    page.goto(f"{base}/partners/")
    assert (
        "Disposal overdue" in page.locator("tr", has_text=TRUST).locator("td[data-label='Next disposal']").inner_text()
    )
    page.goto(f"{base}/partners/{pk}/disposals/new/")
    page.get_by_role("button", name="Record it").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('govuk-error-summary')")
    assert "Enter who at the organisation confirmed it." in summary.inner_text()
    assert_accessible(page, f"the disposal form's errors at {width} CSS px")
    screenshot(page, f"partners-disposal-errors-{width}")
    # The form answered 400 (an error summary), which Chromium logs: expected here, nothing else is.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.console_problems.clear()
