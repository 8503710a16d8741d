"""Every view declares its access rule with one of these decorators; the URL
guard test (tiaki/access/tests/test_url_guard.py) fails on a view without one.

- ``public``: anyone, signed in or not (sign-in page, health check).
- ``signed_in``: any signed-in account, no personal data (sign-out, second factor).
- ``requires(permission)``: signed in and the role holds ``permission``
  (pages with no personal data: the home page, account administration).
- ``personal_data(permission)``: signed in and the role holds ``permission``
  (an audited refusal before the view runs); the view reads personal data
  only through selectors, which check ``permission`` again, the induction
  gate and need-to-know, and audit every decision, allowed or refused.

API views declare the same labels as ``tiaki_access`` on a subclass of the
kernel's ``tiaki.api.views.TiakiAPIView``, which checks the label when the
class is made (``api_view``) and whose ``RolePermission`` enforces it.

Only what these produce counts as declared: each is remembered in
``_DECLARED``, so a hand-set ``view.tiaki_access = "..."`` declares nothing
and the URL guard fails on it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from weakref import WeakSet

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from tiaki import access
from tiaki.access.permissions import Permission

V = TypeVar("V", bound=Callable[..., Any])

ATTRIBUTE = "tiaki_access"
PUBLIC = "public"
SIGNED_IN = "signed-in"
PERSONAL_DATA = "personal-data:"

# The views and API view classes these decorators made: declared() answers
# only for them. Weak, so a test's throwaway views do not pile up.
_DECLARED: WeakSet[Any] = WeakSet()


def _declare(view: V, label: object) -> V:
    setattr(view, ATTRIBUTE, label)
    _DECLARED.add(view)
    return view


def public(view: V) -> V:
    return _declare(view, PUBLIC)


def signed_in(view: V) -> V:
    return _declare(view, SIGNED_IN)


def requires(permission: Permission) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access.require(request.user, permission)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return _declare(wrapped, permission)  # type: ignore[return-value]

    return decorator


def personal_data(permission: Permission) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # The role first, audited; the selector below checks it again
            # with need-to-know, which only it can decide.
            access.require(request.user, permission)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return _declare(wrapped, f"{PERSONAL_DATA}{permission}")  # type: ignore[return-value]

    return decorator


def required_permission(label: object) -> Permission | None:
    """The permission a label requires (``Permission`` or
    ``personal-data:<permission>``); None for public and signed-in. A label
    that is none of these is refused."""
    if isinstance(label, Permission):
        return label
    if label in (PUBLIC, SIGNED_IN):
        return None
    if isinstance(label, str) and label.startswith(PERSONAL_DATA):
        return Permission(label.removeprefix(PERSONAL_DATA))
    raise TypeError(f"{label!r} is not an access rule tiaki.access.declare knows.")


def api_view(cls: type) -> None:
    """Declare an API view class by its ``tiaki_access`` label (called by
    TiakiAPIView.__init_subclass__, so only the kernel's views are declared)."""
    label = getattr(cls, ATTRIBUTE, None)
    if label is None:
        return  # abstract; the URL guard fails on it if it is ever routed
    required_permission(label)
    _DECLARED.add(cls)


def declared(callback: Callable[..., Any]) -> object | None:
    """The access rule a resolved URL callback declares, if any: only a
    rule set by the decorators here or the API kernel's base view counts."""
    for candidate in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        if candidate is not None and candidate in _DECLARED:
            return getattr(candidate, ATTRIBUTE)
    return None
