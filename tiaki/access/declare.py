"""Every view declares its access rule with one of these decorators; the URL
guard test (tiaki/access/tests/test_url_guard.py) fails on a view without one.

- ``public``: anyone, signed in or not (sign-in page, health check).
- ``signed_in``: any signed-in account, no personal data (sign-out, second factor).
- ``requires(permission)``: signed in and the role holds ``permission``
  (pages with no personal data: the home page, account administration).
- ``personal_data(permission)``: signed in; the view reads personal data only
  through selectors, which check ``permission``, the induction gate and
  need-to-know, and audit every decision, allowed or refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from tiaki import access
from tiaki.access.permissions import Permission

V = TypeVar("V", bound=Callable[..., Any])

ATTRIBUTE = "tiaki_access"


def public(view: V) -> V:
    setattr(view, ATTRIBUTE, "public")
    return view


def signed_in(view: V) -> V:
    setattr(view, ATTRIBUTE, "signed-in")
    return view


def requires(permission: Permission) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access.require(request.user, permission)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        setattr(wrapped, ATTRIBUTE, permission)
        return wrapped  # type: ignore[return-value]

    return decorator


def personal_data(permission: Permission) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        setattr(wrapped, ATTRIBUTE, f"personal-data:{permission}")
        return wrapped  # type: ignore[return-value]

    return decorator


def declared(callback: Callable[..., Any]) -> object | None:
    """The access rule a resolved URL callback declares, if any."""
    for candidate in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        if candidate is not None and hasattr(candidate, ATTRIBUTE):
            return getattr(candidate, ATTRIBUTE)
    return None
