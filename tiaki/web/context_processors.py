from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def tiaki(request: HttpRequest) -> dict[str, Any]:
    return {
        "TIAKI_MODE": settings.MODE,
        "MFA_REQUIRED": settings.MFA_REQUIRED,
    }
