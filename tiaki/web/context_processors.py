from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tiaki.access import Permission, has_permission
from tiaki.staff.models import User
from tiaki.web import navigation


def tiaki(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {
        "TIAKI_MODE": settings.MODE,
        "MFA_REQUIRED": settings.MFA_REQUIRED,
        # session.mjs warns before the idle sign-out (base.html's <body>).
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_WARN_SECONDS": settings.SESSION_WARN_SECONDS,
        # The top bar: each role's main jobs (tiaki.web.navigation.NAV); the
        # pages still check everything themselves.
        "NAV": navigation.links_for(user, match.url_name if match else None) if isinstance(user, User) else [],
        # The report page's "Open a case" (the person page's comes with its record).
        "MAY_OPEN_CASE": user is not None and has_permission(user, Permission.CASE_CREATE),
        # A refused "who has seen this record" points a privacy officer to the audit search.
        "MAY_SEARCH_AUDIT": user is not None and has_permission(user, Permission.AUDIT_READ),
        # "Report a privacy concern" in every staff page's header (tiaki.privacy.web.routes.incidents).
        "MAY_REPORT_CONCERN": user is not None and has_permission(user, Permission.PRIVACY_CONCERN_REPORT),
    }
