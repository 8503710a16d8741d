"""The review workspace and a release stage in a browser: the reviewer
starts the review, withholds a passage with a reason, prepares a stage; the
second privacy officer sees the stage with the approve button. axe-core
finds nothing, at 1280 and 320 CSS px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible
from tiaki.access.tests.conftest import alice, privacy_officer, site, site_manager, supervisor  # noqa: F401
from tiaki.disclosure.models import Redaction, ReleaseStage
from tiaki.disclosure.tests.conftest_subject_access_review import approver, leaver, review_request  # noqa: F401

# The fixtures above, used by name.
# ruff: noqa: F811

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
REASON = "This is about your brother, so it is his to ask for."


def sign_in(page, base: str, user) -> None:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def test_the_reviewer_withholds_and_prepares_and_the_pages_are_accessible(
    live_server, browser, page, privacy_officer, approver, review_request, leaver
):
    base = live_server.url
    sign_in(page, base, privacy_officer)
    page.goto(f"{base}/subject-access/{review_request.pk}/review/")
    page.wait_for_selector("h1:has-text('Review what we hold')")
    assert_accessible(page, "the review workspace")
    page.get_by_role("button", name="Start review").click()
    page.wait_for_selector("text=Always withheld")
    report = f"report:{leaver.report.pk}"
    card = page.locator(f"#item-{report.replace(':', '')}")
    card.locator("summary").click()
    card.locator("textarea[name=passage]").fill("Tama was with her.")
    card.get_by_label("It is about someone else").check()
    card.locator("textarea[name=reason]").fill(REASON)
    card.get_by_role("button", name="Withhold").click()
    page.wait_for_selector("text=Withheld. The reason is shown to them in the pack.")
    assert Redaction.objects.filter(passage="Tama was with her.", reason=REASON).exists()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, "the review workspace at 320 CSS px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f"input[name=item_keys][value='{report}']").check()
    page.get_by_role("button", name="Prepare stage").click()
    page.wait_for_selector("h1:has-text('Stage 1')")
    assert ReleaseStage.objects.filter(request=review_request).count() == 1
    assert_accessible(page, "the stage page")
    page.context.clear_cookies()
    sign_in(page, base, approver)
    page.goto(f"{base}/subject-access/{review_request.pk}/stages/1/")
    page.wait_for_selector("button:has-text('Approve stage 1')")
    assert_accessible(page, "the stage page for the approver")
    page.get_by_role("button", name="Approve stage 1").click()
    page.wait_for_selector("text=Stage 1 is approved")
    assert ReleaseStage.objects.get(request=review_request).approved_by == approver
