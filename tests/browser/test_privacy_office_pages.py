"""The privacy office's report pages in a browser: the quarterly report
(figures as tables with their charts, the quarter chosen by keyboard, a
bad quarter's error), the refreshers page and the providers page, at 1280
and 320 CSS px; axe-core finds nothing and nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import INDUCTION_VALID_DAYS, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.disclosure.models import Share
from tiaki.disclosure.tests.partners_fixtures import TRUST, organisation_row
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.privacy.models import PrivacyIncident
from tiaki.privacy.quarters import quarter_of
from tiaki.privacy.references import new_incident_reference
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _office() -> None:
    officer = User.objects.get(username="demo-privacy-officer")
    inducted(officer)
    now = timezone.now()
    for kind, category in (("breach", "wrong-recipient"), ("near-miss", "protected-details"), ("near-miss", "")):
        PrivacyIncident.objects.create(
            reference=new_incident_reference(), kind=kind, category=category, occurred_on=timezone.localdate(),
            became_aware_at=now, description="Sent to the wrong address.", site=officer.site, reported_at=now,
            created_at=now, updated_at=now,
        )  # fmt: skip
    lapsed = UserFactory(username="lapsed-worker", role=Role.SOCIAL_WORKER, site=officer.site,
                         first_name="Losa", last_name="Faleolo-Whakarongotai")  # fmt: skip
    lapsed_on = timezone.localdate() - dt.timedelta(days=INDUCTION_VALID_DAYS + 9)
    PrivacyInduction.objects.create(user=lapsed, recorded_by=officer, course_version="2026.1", completed_on=lapsed_on)
    trust = organisation_row(agreement_reference="AGR-2026-014-WHANGAREI-NORTHLAND-REGION-LONG")
    child = PersonNameFactory(given_names="Tūī", family_name="Te Whare").person
    Share.objects.create(child=child, organisation=trust, purpose="Kura support", consent="whanau", shared_by=officer,
                         shared_at=now - dt.timedelta(days=300), expires_at=now - dt.timedelta(days=200))  # fmt: skip


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_the_report_refreshers_and_providers_pages_are_accessible(live_server, page, width):
    ensure_demo_accounts()
    _office()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.set_viewport_size({"width": width, "height": 900})
    for path, heading, name in (
        ("/privacy/reports/", "Quarterly privacy report", "report"),
        ("/privacy/refreshers/", "Privacy induction and yearly refreshers", "refreshers"),
        ("/privacy/providers/", "Partner organisations (providers)", "providers"),
    ):
        page.goto(f"{base}{path}")
        page.wait_for_selector(f"h1:has-text('{heading}')")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert_accessible(page, f"{path} at {width} CSS px")
        screenshot(page, f"privacy-{name}-{width}")
    page.goto(f"{base}/privacy/refreshers/")
    assert "Losa Faleolo-Whakarongotai" in page.locator("table", has_text="Lapsed on").inner_text()
    page.goto(f"{base}/privacy/providers/")
    assert "Overdue" in page.locator("tr", has_text=TRUST).inner_text()
    # The quarter chosen with the keyboard, then shown.
    page.goto(f"{base}/privacy/reports/")
    this_quarter = quarter_of(timezone.localdate())
    page.get_by_label("Quarter", exact=True).select_option(this_quarter.previous().code)
    page.get_by_role("button", name="Show this quarter").press("Enter")
    page.wait_for_selector(f"h2:has-text('{this_quarter.previous().code}')")
    assert_accessible(page, f"the previous quarter's report at {width} CSS px")
    page.goto(f"{base}/privacy/reports/?quarter=2026-Q9")
    page.wait_for_selector(".govuk-error-summary")
    assert "Choose a quarter written like 2026-Q4" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, f"a bad quarter at {width} CSS px")
    screenshot(page, f"privacy-report-error-{width}")
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.console_problems.clear()
