from __future__ import annotations

from typing import ClassVar, cast

from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tiaki.access import declare
from tiaki.api.parsers import BoundedJSONParser
from tiaki.api.permissions import RolePermission
from tiaki.api.serializers import MeSerializer
from tiaki.api.services import api_token_used
from tiaki.staff.models import User


def acting(request: Request) -> User:
    """The account behind this request (views are behind RolePermission, so signed in)."""
    return cast(User, request.user)


class TiakiAPIView(APIView):
    """Every API view. Its schema documents the problems it can answer
    (401, 403, 404, 400, 413, 415, 422 as they apply: tiaki.api.schema), so a
    view's @extend_schema lists only its success and its own extras."""

    permission_classes: ClassVar = [RolePermission]  # type: ignore[misc]
    # Bodies are JSON (nested lists and objects a form cannot carry); another
    # media type is 415, as documented. Uploads declare their own parsers.
    parser_classes = [BoundedJSONParser]
    tiaki_access: ClassVar[object] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # Only a kernel view's label counts for the URL guard (tiaki.access.declare).
        declare.api_view(cls)

    def perform_authentication(self, request: Request) -> None:
        super().perform_authentication(request)
        # Before the permission check, so a refused request counts as a use:
        # the administrator's token page (tiaki.staff.web.views.user_tokens_page).
        if isinstance(request.auth, AuthToken):
            api_token_used(token=request.auth)


class MeView(TiakiAPIView):
    tiaki_access = "signed-in"

    @extend_schema(responses={200: MeSerializer}, summary="The account this token or session belongs to")
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        return Response(
            MeSerializer({"username": user.username, "role": user.role, "role_label": user.role_label}).data
        )
