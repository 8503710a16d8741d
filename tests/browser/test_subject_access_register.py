"""The subject access register's pages in a browser: a privacy officer opens
the register, finds a care leaver by exact name and date of birth, opens her
verified request (its clock in words), records a correction request about
her report, and meets the error summary for a correction about something
Tiaki does not hold; at 1280 and 320 CSS px, axe-core finds nothing and
nothing scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.tests.conftest import inducted
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work_subject_access import FAMILY, GIVEN, demo_subject_access_work
from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.intake.models import ReportPerson
from tiaki.people.models import Person
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def _request() -> SubjectAccessRequest:
    ensure_demo_accounts()
    officer = User.objects.get(username="demo-privacy-officer")
    worker = User.objects.get(username="demo-social-worker")
    for user in (officer, worker):
        if not PrivacyInduction.objects.filter(user=user).exists():
            inducted(user)
    demo_subject_access_work(worker=worker, privacy_officer=officer)
    return SubjectAccessRequest.objects.get()


def _fits(page, width: int, label: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
    assert_accessible(page, f"{label} at {width} CSS px")


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_the_register_a_request_and_its_correction_pages_are_accessible(live_server, page, width):
    request = _request()
    person = Person.objects.get(pk=request.person_id)
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/subject-access/")
    page.wait_for_selector("h1:has-text('Subject access requests')")
    assert request.reference in page.inner_text("main")
    _fits(page, width, "the register")
    screenshot(page, f"subject-access-register-{width}")

    page.goto(f"{base}/subject-access/new/")
    page.fill("#id_find-given_names", GIVEN)
    page.fill("#id_find-family_name", FAMILY)
    born = person.date_of_birth
    assert born is not None
    page.fill("#id_find-date_of_birth_0", str(born.day))
    page.fill("#id_find-date_of_birth_1", str(born.month))
    page.fill("#id_find-date_of_birth_2", str(born.year))
    page.get_by_role("button", name="Find them").click()
    page.wait_for_selector("h2:has-text('2. The request')")
    assert f"{GIVEN} {FAMILY}, born" in page.inner_text("main")
    _fits(page, width, "the new request's second step")

    page.goto(f"{base}/subject-access/{request.pk}/")
    page.wait_for_selector(f"h1:has-text('{GIVEN}')")
    assert "working days left" in page.inner_text("main")
    _fits(page, width, "the request")
    screenshot(page, f"subject-access-detail-{width}")

    page.goto(f"{base}/subject-access/{request.pk}/corrections/new/")
    page.select_option("#id_item_key", index=0)  # "Choose one": nothing chosen
    page.fill("#id_what_is_wrong", "It says I was alone; my nan was there.")
    page.get_by_role("button", name="Record the correction request").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter what they ask to correct." in summary.inner_text()
    _fits(page, width, "the correction form's errors")
    page.console_problems.clear()

    report = ReportPerson.objects.get(person_id=request.person_id).report_id
    page.select_option("#id_item_key", value=f"report:{report}")
    page.fill("#id_received_on_0", str(request.received_on.day))
    page.fill("#id_received_on_1", str(request.received_on.month))
    page.fill("#id_received_on_2", str(request.received_on.year))
    page.get_by_role("button", name="Record the correction request").click()
    page.wait_for_selector("h2:has-text('Attach their statement of correction')")
    _fits(page, width, "the correction")
    screenshot(page, f"subject-access-correction-{width}")
    assert page.console_problems == []
