"""Each demo role signs in through the real page, by keyboard, and lands on an
accessible home page; axe-core finds nothing on any page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.tests.factories import PersonAddressFactory, PersonNameFactory, RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_by_keyboard(page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    # The username field has focus when the page opens, so typing starts there.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def test_every_demo_role_signs_in_to_an_accessible_home_page(live_server, page):
    ensure_demo_accounts()
    page.goto(f"{live_server.url}/sign-in/")
    assert_accessible(page, "the sign-in page")
    screenshot(page, "sign-in")
    for account in ensure_demo_accounts():
        sign_in_by_keyboard(page, live_server.url, account.username)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Kia ora")
        assert account.role_label in page.content()
        assert page.locator("main#main-content").count() == 1
        page.keyboard.press("Tab")  # the skip link comes first, then jumps to the content
        assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main-content"
        assert_accessible(page, f"the {account.username} home page")
        screenshot(page, f"home-{account.username.removeprefix('demo-')}")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{live_server.url}/sign-in/")


def test_a_wrong_password_shows_an_accessible_error(live_server, page):
    ensure_demo_accounts()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("demo-social-worker")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    # GOV.UK Frontend moves focus to the error summary so it is read out first.
    # Its script runs after the page is shown, so wait for the focus to move
    # rather than reading it the instant the alert appears.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page, "the sign-in page with an error")
    page.console_problems.clear()  # the 200 re-render is expected, not an error


def test_the_person_page_is_accessible(live_server, page):
    ensure_demo_accounts()
    child = PersonNameFactory(given_names="Tūī", family_name="Te Whare").person
    PersonAddressFactory(person=child, protected=True)
    parent = PersonNameFactory(given_names="Hēmi", family_name="Te Whare").person
    RelationshipFactory(from_person=parent, to_person=child)
    ensure_demo_work()
    sign_in_by_keyboard(page, live_server.url, "demo-social-worker")
    # From the home page's list of allocated tamariki and whānau, by keyboard.
    page.get_by_role("link", name="Tūī Te Whare", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/people/{child.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tūī Te Whare"
    assert page.get_by_role("link", name="Hēmi Te Whare").count() == 1
    assert "Kōwhai Street" in page.content()  # the allocated worker sees the protected address
    assert_accessible(page, "the person page")
    screenshot(page, "person")
    page.get_by_role("link", name="Who has seen this record").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Who has seen this record"
    assert_accessible(page, "who has seen this record")
    screenshot(page, "person-seen-by")


def test_break_glass_and_its_review_are_accessible(live_server, page):
    ensure_demo_accounts()
    child = PersonNameFactory(given_names="Mere", family_name="Parata").person
    PersonAddressFactory(person=child, protected=True)
    ensure_demo_work()
    sign_in_by_keyboard(page, live_server.url, "demo-supervisor")
    page.goto(f"{live_server.url}/break-glass/")
    assert_accessible(page, "the break-glass form")
    page.get_by_role("button", name="Open the record now").click()
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page, "the break-glass form with errors")
    page.get_by_label("Person number").fill(str(child.pk))
    page.get_by_label("Why do you need emergency access now?").fill(
        "Police report the child is missing tonight; the record is not allocated."
    )
    page.get_by_role("button", name="Open the record now").click()
    page.wait_for_url(f"{live_server.url}/people/{child.pk}/")
    assert "You are using emergency access" in page.content()
    assert "Kōwhai Street" not in page.content()
    assert_accessible(page, "a person page under emergency access")
    screenshot(page, "person-break-glass")
    page.get_by_role("button", name="Sign out").click()
    sign_in_by_keyboard(page, live_server.url, "demo-privacy-officer")
    page.get_by_role("link", name="Review emergency access").click()
    assert_accessible(page, "the break-glass review queue")
    screenshot(page, "privacy-break-glass")
    page.get_by_label("Yes, justified").check()
    page.get_by_role("button", name="Save review of access").click()
    assert "Nothing is waiting for review" in page.content()
    page.goto(f"{live_server.url}/privacy/audit/?person={child.pk}")
    assert "used emergency access to Mere Parata" in page.content()
    assert_accessible(page, "audit search results")
    screenshot(page, "privacy-audit")
