"""Staff sign-in: password, second factor in production, throttling, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiaki.access.roles import Role
from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="correct-horse-battery"):
    return client.post("/sign-in/", {"username": username, "password": password})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_signs_in_every_demo_account_with_the_demo_password(client):
    for account in ensure_demo_accounts():
        client.logout()
        response = sign_in(client, account.username, DEMO_PASSWORD)
        assert response.status_code == 302, account.username
        assert response["Location"] == "/"
        assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(client):
    UserFactory(username="tui")
    response = sign_in(client, "tui", "wrong-password")
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_refuses_a_switched_off_account(client):
    UserFactory(username="gone", is_active=False)
    response = sign_in(client, "gone")
    assert response.status_code == 200
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_it_throttles_repeated_failed_sign_ins(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="tui")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "tui", "wrong-password")
    locked = sign_in(client, "tui")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert client.get("/").status_code == 302


def test_a_session_ends_after_inactivity(client, settings):
    UserFactory(username="tui")
    sign_in(client, "tui")
    assert client.get("/").status_code == 200
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the expiry forward
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_every_form_needs_its_csrf_token(db):
    from django.test import Client

    UserFactory(username="tui")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/sign-in/", {"username": "tui", "password": "correct-horse-battery"}).status_code == 403


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def _mfa(self, settings):
        settings.MFA_REQUIRED = True

    def test_it_asks_a_new_user_to_set_up_an_app_before_anything_else(self, client):
        user = UserFactory(username="tui")
        sign_in(client, "tui")
        response = client.get("/")
        assert response["Location"] == "/sign-in/second-factor/"
        assert client.get("/sign-in/second-factor/")["Location"] == "/sign-in/second-factor/set-up/"
        page = client.get("/sign-in/second-factor/set-up/")
        assert page.status_code == 200
        assert "data:image/svg+xml;base64," in page.content.decode()
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        wrong = client.post(
            "/sign-in/second-factor/set-up/", {"token": "000000" if code_for(device) != "000000" else "111111"}
        )
        assert "That code is not right" in wrong.content.decode()
        # django-otp then makes the next try wait (1 s, doubling with each miss).
        throttled = client.post("/sign-in/second-factor/set-up/", {"token": code_for(device)})
        assert "Too many wrong codes" in throttled.content.decode()
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
        done = client.post("/sign-in/second-factor/set-up/", {"token": code_for(device)})
        assert done["Location"] == "/"
        assert client.get("/").status_code == 200
        device.refresh_from_db()
        assert device.confirmed

    def test_it_asks_an_enrolled_user_for_a_code_and_refuses_a_wrong_one(self, client):
        user = UserFactory(username="tui")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        sign_in(client, "tui")
        assert client.get("/")["Location"] == "/sign-in/second-factor/"
        wrong = client.post("/sign-in/second-factor/", {"token": "12"})
        assert "The code is 6 digits long" in wrong.content.decode()
        assert client.get("/").status_code == 302
        right = client.post("/sign-in/second-factor/", {"token": code_for(device)})
        assert right["Location"] == "/"
        assert client.get("/").status_code == 200

    def test_it_returns_to_the_page_asked_for_and_never_to_another_site(self, client):
        user = UserFactory(username="tui")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        sign_in(client, "tui")
        asked = client.get("/cases/12/notes/add/")
        assert asked["Location"] == "/sign-in/second-factor/?next=%2Fcases%2F12%2Fnotes%2Fadd%2F"
        right = client.post(asked["Location"], {"token": code_for(device)})
        assert right["Location"] == "/cases/12/notes/add/"
        client.logout()
        sign_in(client, "tui")
        device.refresh_from_db()
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        away = client.post("/sign-in/second-factor/?next=https://evil.example/", {"token": code_for(device)})
        assert away["Location"] == "/"

    def test_the_api_answers_a_half_signed_in_session_with_a_problem(self, client):
        UserFactory(username="tui")
        sign_in(client, "tui")
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "second_factor_required"


def test_the_demo_banner_says_the_second_factor_is_skipped(client, settings):
    settings.MFA_REQUIRED = False
    page = client.get("/sign-in/").content.decode()
    assert "skips the second factor" in page


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_own_home_page(client, role):
    user = UserFactory(username=f"u-{role.value}", role=role)
    client.force_login(user)
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert role.label in text
    assert '<main class="govuk-main-wrapper" id="main-content">' in text
    assert 'href="#main-content"' in text
