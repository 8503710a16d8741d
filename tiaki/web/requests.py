"""The signed-in user of a request, typed, for views behind a declaration
that already required sign-in (tiaki.access.declare)."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from tiaki.staff.models import User


def actor_of(request: HttpRequest) -> User:
    return cast(User, request.user)
