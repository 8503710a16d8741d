"""Cross-cutting request handling: request ids and the request log line, no
caching of pages, and the notice after an idle sign-out."""

from __future__ import annotations

import ipaddress
import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from tiaki.audit.context import RequestContext, request_context
from tiaki.web.logging import request_id_var

request_log = logging.getLogger("tiaki.request")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestIdMiddleware:
    """Give every request an id: in logs, in audit events (tiaki.audit) and in
    the X-Request-ID response header so a user can quote it to support."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        _forwarded_address(request)
        context_token = request_context.set(RequestContext(request_id, request.META.get("REMOTE_ADDR")))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            _log_request(request, response.status_code, started)
        finally:
            request_context.reset(context_token)
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _forwarded_address(request: HttpRequest) -> None:
    """Behind Tiaki's own proxy (TIAKI_BEHIND_PROXY, from an address in
    TIAKI_TRUSTED_PROXIES, by default the proxy on this machine:
    deploy/nginx/tiaki.conf sets X-Forwarded-For to the one address it saw),
    that address is the client's: for the audit trail and sign-in
    throttling, which would otherwise see every request come from the proxy.
    From anywhere else, or in any other shape, the header is ignored."""
    if not settings.SECURE_PROXY_SSL_HEADER or request.META.get("REMOTE_ADDR") not in settings.TIAKI_TRUSTED_PROXIES:
        return
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    try:
        address = ipaddress.ip_address(forwarded)
    except ValueError:
        return
    request.META["REMOTE_ADDR"] = str(address)


def _log_request(request: HttpRequest, status: int, started: float) -> None:
    """One line a request: the route's name (never the path, which can hold
    a query or an id the reader need not see), method, status, time taken
    and the account's id (never a username)."""
    match = request.resolver_match
    route = (match.view_name if match else None) or "unrouted"
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    method = request.method if request.method in _METHODS else "OTHER"  # a client can send any word
    request_log.info(
        "%s %s %s %.1f ms",
        method,
        route,
        status,
        duration_ms,
        extra={"route": route, "method": method, "status": status,
               "duration_ms": duration_ms, "user_id": user_id},
    )  # fmt: skip


class NoStoreMiddleware:
    """Pages and API answers may hold personal data: no browser or proxy may
    keep them. Static files are served by WhiteNoise before this runs, so they
    still cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        return response


#: A cookie that says only "this browser had a signed-in session" (no id, no
#: name): when a request arrives signed out with it, the session ended by
#: itself (the idle limit), so the sign-in page says why. Signing out removes it.
SIGNED_IN_COOKIE = "tiaki_was_signed_in"


class SignedOutNoticeMiddleware:
    """Tell a worker whose session timed out why they are asked to sign in
    again, and that what they typed was kept (docs/security.md, "Sessions")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        timed_out = not signed_in and SIGNED_IN_COOKIE in request.COOKIES
        # An autosave or keep-alive (fetch) is answered 401 by its view; the
        # page the script then opens shows the notice.
        background = request.headers.get("X-Tiaki-Background") == "1"
        if timed_out and not background:
            minutes = settings.SESSION_COOKIE_AGE // 60
            messages.info(
                request,
                f"You were signed out after {minutes} minute{'' if minutes == 1 else 's'} without activity. "
                "What you typed was kept.",
            )
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if SIGNED_IN_COOKIE not in request.COOKIES:
                response.set_cookie(SIGNED_IN_COOKIE, "1", httponly=True, samesite="Lax",
                                    secure=settings.SESSION_COOKIE_SECURE)  # fmt: skip
        elif (timed_out and not background) or getattr(request, "tiaki_signed_out", False):
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response
