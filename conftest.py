"""Fixtures shared by every test: fast password hashing, and factories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sign-in throttling has its own tests (tiaki/web/tests/test_sign_in.py),
    # which switch it back on; elsewhere it would lock out repeated test logins.
    settings.AXES_ENABLED = False
