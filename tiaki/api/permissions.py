from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from tiaki import access
from tiaki.access import declare


class RolePermission(BasePermission):
    """Checks the view's ``tiaki_access`` permission through tiaki.access."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        label = declare.declared(type(view))
        if label is None:
            return False  # not a kernel view: the URL guard fails on it too
        # A Permission, or "personal-data:<permission>" whose selectors check
        # it again with induction and need-to-know; "signed-in" needs none.
        permission = declare.required_permission(label)
        if permission is not None:
            access.require(request.user, permission)
        return True
