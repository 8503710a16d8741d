"""The disclosure guard's decisions under /api/v1/disclosures: the blocked
attempts a leader may decide (GET disclosures/blocked) and a second
person's override of one (POST disclosures/<id>/override, with a reason).

Each view calls one selector or service (the same rules, need-to-know and
audit as the pages). Problems: 400 ``invalid`` with ``field`` (no reason, or
too short), 403 ``override_own`` (the sender) or ``override_not_allowed``
(a finding nobody may override), 409 ``already_decided``; out of reach 404,
a missing permission 403. Findings are the guard's words: never the
protected values."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure.selectors.overrides import blocked_queue
from tiaki.disclosure.services.overrides import OverrideError, approve_override


class BlockedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    sender_name = serializers.CharField()
    recipient_kind = serializers.CharField()
    recipient_label = serializers.CharField()
    made_at = AwareDateTimeField()
    rules = serializers.ListField(child=serializers.CharField())
    overridable = serializers.BooleanField()


class OverrideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2_000, allow_blank=True, trim_whitespace=False)


class OverriddenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    override_by = serializers.IntegerField()
    override_at = AwareDateTimeField()


class BlockedDisclosuresView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_OVERRIDE}"

    @extend_schema(responses={200: BlockedSerializer(many=True)},
                   summary="Blocked attempts at the leader's site waiting for a second person")  # fmt: skip
    def get(self, request: Request) -> Response:
        rows = blocked_queue(actor=acting(request))
        return Response(BlockedSerializer(rows, many=True).data)


class DisclosureOverrideView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_OVERRIDE}"

    @extend_schema(
        request=OverrideSerializer,
        responses={
            200: OverriddenSerializer,
            400: OpenApiResponse(InvalidSerializer, description="invalid (field reason)"),
            409: OpenApiResponse(ProblemSerializer, description="already_decided"),
        },
        summary="A second leader lets a blocked attempt go out, with a reason",
    )
    def post(self, request: Request, disclosure_id: int) -> Response:
        body = OverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = approve_override(actor=acting(request), disclosure_id=disclosure_id, **body.validated_data)
        except OverrideError as exc:
            if exc.reason:
                return problem(403, exc.reason, exc.message)
            if exc.field:
                return problem(400, "invalid", exc.message, field=exc.field)
            return problem(409, "already_decided", exc.message)
        assert row.override_at is not None  # just set by the service
        return Response({"id": row.pk, "override_by": row.override_by_id, "override_at": row.override_at})
