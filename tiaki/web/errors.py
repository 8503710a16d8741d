"""Error pages: plain words for people, problem details (RFC 9457) for the API.
Neither ever shows the request's data or a traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tiaki.access import AccessDenied

_TEXT = {
    400: ("Something in the request was not right", "bad_request", "Go back, check what you entered and try again."),
    403: ("You do not have access to this", "forbidden", "If you need it for your work, ask your supervisor."),
    404: ("Page not found", "not_found", "The page does not exist, or you do not have access to it."),
    500: (
        "Sorry, something went wrong",
        "server_error",
        "Nothing you saved has been lost. Try again in a few minutes.",
    ),
}


def _respond(request: HttpRequest, status: int, exception: Exception | None = None) -> HttpResponse:
    title, code, detail = _TEXT[status]
    if isinstance(exception, AccessDenied):
        # Refusal messages are written for the person refused (tiaki.access.enforcement).
        code, detail = exception.reason, str(exception.args[0]) if exception.args else detail
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"type": "about:blank", "title": title, "status": status, "code": code, "detail": detail},
            status=status,
            content_type="application/problem+json",
        )
    return render(
        request,
        "web/error.html",
        {"title": title, "detail": detail, "request_id": getattr(request, "request_id", "")},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 403, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _respond(request, 500)
