"""Cross-cutting request handling: request ids, and no caching of pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tiaki.audit.context import RequestContext, request_context
from tiaki.web.logging import request_id_var


class RequestIdMiddleware:
    """Give every request an id: in logs, in audit events (tiaki.audit) and in
    the X-Request-ID response header so a user can quote it to support."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        # Behind a proxy, Django's SECURE_PROXY_SSL_HEADER setup is expected to
        # pair with a proxy that sets REMOTE_ADDR correctly (e.g. uwsgi/gunicorn
        # forwarded-allow-ips); Tiaki does not trust X-Forwarded-For itself.
        context_token = request_context.set(RequestContext(request_id, request.META.get("REMOTE_ADDR")))
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(context_token)
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


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
