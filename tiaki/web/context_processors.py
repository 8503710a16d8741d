from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tiaki.access import Permission, has_permission


def tiaki(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "TIAKI_MODE": settings.MODE,
        "MFA_REQUIRED": settings.MFA_REQUIRED,
        # session.mjs warns before the idle sign-out (base.html's <body>).
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_WARN_SECONDS": settings.SESSION_WARN_SECONDS,
        # Menu entries only for what the role may use at all; the pages
        # still check everything themselves.
        "NAV_SEARCH": user is not None and has_permission(user, Permission.PERSON_SEARCH),
        "NAV_AUDIT": user is not None and has_permission(user, Permission.AUDIT_READ),
        "NAV_CASES": user is not None and has_permission(user, Permission.CASE_READ),
        # The report page's "Open a case" (the person page's comes with its record).
        "MAY_OPEN_CASE": user is not None and has_permission(user, Permission.CASE_CREATE),
    }
