"""Error pages: plain words for people, problem details (RFC 9457) for the API.
Neither ever shows the request's data or a traceback."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tiaki.access import AccessDenied
from tiaki.api.parsers import body_too_large_detail
from tiaki.api.problems import CSRF_FAILED_DETAIL

_TEXT = {
    400: ("Something in the request was not right", "bad_request", "Go back, check what you entered and try again."),
    403: ("You do not have access to this", "forbidden", "If you need it for your work, ask your supervisor."),
    404: ("Page not found", "not_found", "The page does not exist, or you do not have access to it."),
    413: (
        "What you sent is too large",
        "body_too_large",
        "It was not saved. Go back and send less at once: split a long text into parts, "
        "or attach a long document as a file instead.",
    ),
    500: (
        "Sorry, something went wrong",
        "server_error",
        "Nothing you saved has been lost. Try again in a few minutes.",
    ),
}


def problem_json(status: int, title: str, code: str, detail: str, **extra: object) -> JsonResponse:
    """Problem details (RFC 9457) for the API's paths outside DRF: the same
    members as tiaki.api.problems.problem()."""
    return JsonResponse(
        {"type": "about:blank", "title": title, "status": status, "code": code, "detail": detail, **extra},
        status=status,
        content_type="application/problem+json",
    )


def _respond(request: HttpRequest, status: int, exception: Exception | None = None) -> HttpResponse:
    title, code, detail = _TEXT[status]
    extra: dict[str, object] = {}
    if isinstance(exception, AccessDenied):
        # Refusal messages are written for the person refused (tiaki.access.enforcement).
        code, detail = exception.reason, str(exception.args[0]) if exception.args else detail
    if request.path.startswith("/api/"):
        if status == 413:
            # The same body as tiaki.api.parsers.BodyTooLarge, whichever met it first.
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            detail, extra = body_too_large_detail(limit), {"limit_bytes": limit}
        return problem_json(status, title, code, detail, **extra)
    return render(
        request,
        "web/error.html",
        {"title": title, "detail": detail, "request_id": getattr(request, "request_id", "")},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django reports a body over DATA_UPLOAD_MAX_MEMORY_SIZE as a suspicious
    # operation (400); it is a size limit, and the sender should be told so.
    if isinstance(exception, RequestDataTooBig):
        return _respond(request, 413, exception)
    return _respond(request, 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's security token was missing or stale
    (usually a page left open past the session, or opened in another tab
    before signing in again). The browser still holds what was typed, so the
    page says to go back and send again; ``reason`` is for developers and
    never shown."""
    if request.path.startswith("/api/"):
        return problem_json(403, "You do not have access to this", "csrf_failed", CSRF_FAILED_DETAIL)
    return render(
        request,
        "web/csrf_failure.html",
        {"request_id": getattr(request, "request_id", "")},
        status=403,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 403, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _respond(request, 500)
