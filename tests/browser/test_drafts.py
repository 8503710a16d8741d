"""Nothing typed is lost: a case note is kept as the worker types and comes
back after a reload; before the idle sign-out a warning offers to stay
signed in; after it, signing in again returns to the form with the text.
The clock is never waited on: the idle limit is made short for the page
(settings) and the session is ended in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session

from tests.browser.conftest import assert_accessible
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework import services as casework
from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "Manaia showed me the garden. Nana says the heater is fixed."


def _case(worker: User) -> int:
    child = PersonNameFactory(given_names="Manaia", family_name="Ngata", person__date_of_birth=dt.date(2016, 2, 9),
                              person__created_by=worker).person  # fmt: skip
    return casework.case_open(actor=worker, kind="assessment", child_ids=[child.pk]).pk


def _type_a_note(page, base: str, case_id: int) -> None:
    page.goto(f"{base}/cases/{case_id}/notes/add/")
    page.get_by_label("What happened").fill(TYPED)
    # The autosave has answered: the draft is on the server.
    page.wait_for_selector("form[data-draft-saved='true']")


def test_a_note_typed_comes_back_after_a_reload(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    worker = User.objects.get(username="demo-social-worker")
    case_id = _case(worker)
    sign_in_by_keyboard(page, live_server.url, "demo-social-worker")
    _type_a_note(page, live_server.url, case_id)
    assert "Draft kept at" in page.locator("#draft-status").inner_text()
    page.reload()
    assert page.get_by_label("What happened").input_value() == TYPED
    assert "We kept what you typed on" in page.locator("#draft-restored").inner_text()
    assert_accessible(page, "a note form with its draft restored")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("link", name="Case note, kept").count() == 1


def test_the_idle_warning_keeps_the_session_and_after_expiry_sign_in_returns_to_the_text(live_server, page, settings):
    # The warning shows at once (the idle limit is inside the warning time).
    settings.SESSION_COOKIE_AGE = 60
    settings.SESSION_WARN_SECONDS = 120
    ensure_demo_accounts()
    ensure_demo_work()
    worker = User.objects.get(username="demo-social-worker")
    case_id = _case(worker)
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-social-worker")
    _type_a_note(page, base, case_id)

    warning = page.locator("#session-warning")
    warning.wait_for()
    assert "You will be signed out in 1 minute to protect people's information." in warning.inner_text()
    assert warning.get_attribute("role") == "alert"
    assert_accessible(page, "the idle warning")
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive/")) as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 200
    assert page.goto(f"{base}/cases/{case_id}/").status == 200  # still signed in

    page.goto(f"{base}/cases/{case_id}/notes/add/")
    assert page.get_by_label("What happened").input_value() == TYPED
    Session.objects.all().delete()  # the idle limit passes
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_url(f"{base}/sign-in/?next=/cases/{case_id}/notes/add/")
    assert "You were signed out after 1 minute without activity. What you typed was kept." in page.content()
    page.get_by_label("Username").fill("demo-social-worker")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/cases/{case_id}/notes/add/")
    assert page.get_by_label("What happened").input_value() == TYPED
