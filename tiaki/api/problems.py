"""API errors as problem details (RFC 9457) with a stable ``code``.

Every error the API returns has ``type``, ``title``, ``status``, ``detail`` and
``code``; validation errors add ``errors`` (field -> messages). Clients branch
on ``code``, never on the wording.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tiaki.access import AccessDenied
from tiaki.api.parsers import BodyTooLarge

PROBLEM_CONTENT_TYPE = "application/problem+json"

#: A session-authenticated write without the page's CSRF token (also
#: tiaki.web.errors.csrf_failure, for Django's own check).
CSRF_FAILED_DETAIL = (
    "The request did not carry this session's security token (CSRF). "
    "Reload the page that sent it and send it again, or use an API token."
)

_TITLES = {
    400: "The request is not valid",
    401: "Sign-in needed",
    403: "You do not have access to this",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "The request is too large",
    415: "Unsupported media type",
    429: "Too many requests",
}


def problem(status_code: int, code: str, detail: str, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status_code, "Error"),
        "status": status_code,
        "code": code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, AccessDenied):
        return problem(403, exc.reason, str(exc.args[0]) if exc.args else "You do not have access to this.")
    if isinstance(exc, Http404):
        return problem(404, "not_found", "No such record, or you do not have access to it.")
    if isinstance(exc, PermissionDenied):
        return problem(403, "permission_denied", "You do not have access to this.")
    if isinstance(exc, RequestDataTooBig):
        # Django's own memory limit, met when a form body is read.
        exc = BodyTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # DRF's SessionAuthentication says so only in its wording (a subclass
        # of it would lose drf-spectacular's cookieAuth scheme).
        return problem(403, "csrf_failed", CSRF_FAILED_DETAIL)
    response = exception_handler(exc, context)
    if response is None:
        return None  # Django's handler500 answers, as problem details for /api/.
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return problem(
            status.HTTP_400_BAD_REQUEST,
            "validation_failed",
            "Some fields are missing or not valid: see errors.",
            errors=errors,
        )
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    # Limits say what they are (tiaki.api.parsers: max_depth, limit_bytes).
    extra = getattr(exc, "problem_extra", {})
    result = problem(response.status_code, code if isinstance(code, str) else "error", str(detail), **extra)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
