"""Second factor: when MFA is required, a signed-in session that has not yet
proved a second factor reaches only the second-factor pages and sign-out."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Paths a half-signed-in session may still use (tiaki.web.urls names them).
_OPEN_PREFIXES = ("/sign-in/", "/sign-out/", "/static/", "/healthz", "/livez", "/readyz", "/metrics")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()  # set by django_otp's OTPMiddleware
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Second factor needed",
                        "status": 401,
                        "code": "second_factor_required",
                        "detail": "Finish signing in with your second factor, or use an API token.",
                    },
                    status=401,
                    content_type="application/problem+json",
                )
            target = reverse("web:second-factor")
            if request.method == "GET" and request.path != "/":
                # Back to the page asked for once the code is proved (a form
                # left at the idle sign-out returns with its draft). A path
                # holds ids only; the views follow only local ones.
                target += "?" + urlencode({"next": request.path})
            return redirect(target)
        return self.get_response(request)
