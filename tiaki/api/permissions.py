from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from tiaki import access
from tiaki.access.permissions import Permission


class RolePermission(BasePermission):
    """Checks the view's ``tiaki_access`` permission through tiaki.access."""

    def has_permission(self, request: Request, view: Any) -> bool:
        required = getattr(view, "tiaki_access", None)
        if not request.user or not request.user.is_authenticated:
            return False
        if isinstance(required, Permission):
            access.require(request.user, required)
            return True
        # "personal-data:<permission>": the view's selectors check the
        # permission, induction and need-to-know, and audit each decision.
        return required == "signed-in" or (isinstance(required, str) and required.startswith("personal-data:"))
