"""Care under /api/v1: a child's care history, entering care, placements and
moves, a manager's approval, missing episodes and returns. Each view parses
the body, calls one care service or selector (the same rules, need-to-know
and audit as the pages) and answers; a service's refusal is a problem (400
``invalid`` with ``field``, 409 ``stale_version``), out of reach 404."""

from __future__ import annotations

import dataclasses
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.views import TiakiAPIView, acting
from tiaki.care.api import serializers as s
from tiaki.care.selectors.history import care_history_get
from tiaki.care.services.care_path import CareStale
from tiaki.care.services.episodes import care_enter
from tiaki.care.services.missing import missing_record, missing_return
from tiaki.care.services.placements import placement_approve, placement_move, placement_start
from tiaki.casework.api.views import answered


def _stale(call: Any) -> Response:
    try:
        return call()
    except CareStale as exc:
        return problem(409, "stale_version", str(exc))


def _history(actor: Any, child_id: int) -> dict[str, Any]:
    history = care_history_get(actor=actor, child_id=child_id)
    return dataclasses.asdict(history)


class CareHistoryView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_READ}"

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="A child's care history, locations masked")
    def get(self, request: Request, child_id: int) -> Response:
        return Response(_history(acting(request), child_id))


class CareEpisodesView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_RECORD}"

    @extend_schema(request=s.EnterCareSerializer, responses={201: OpenApiTypes.OBJECT},
                   summary="The child comes into care on an open case")  # fmt: skip
    def post(self, request: Request, child_id: int) -> Response:
        body = s.EnterCareSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def record() -> Response:
            episode = care_enter(actor=acting(request), child_id=child_id, **body.validated_data)
            return Response({"id": episode.pk, "entered_on": episode.entered_on, "version": episode.version},
                            status=201)  # fmt: skip

        return answered(lambda: _stale(record))


class PlacementsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_RECORD}"

    @extend_schema(request=s.PlacementSerializer, responses={201: OpenApiTypes.OBJECT},
                   summary="The first placement, or with expected_version a move from the current one")  # fmt: skip
    def post(self, request: Request, child_id: int) -> Response:
        body = s.PlacementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version, end_reason, end_detail = data.pop("expected_version"), data.pop("end_reason"), data.pop("end_detail")

        def record() -> Response:
            if version is None:
                placement = placement_start(actor=acting(request), child_id=child_id, **data)
            else:
                moved_on = data.pop("started_on")
                placement = placement_move(actor=acting(request), child_id=child_id, expected_version=version,
                                           moved_on=moved_on, end_reason=end_reason, end_detail=end_detail,
                                           **data)  # fmt: skip
            return Response({"id": placement.pk, "version": placement.version, "siblings": placement.siblings,
                             "unapproved": placement.awaiting_approval}, status=201)  # fmt: skip

        return answered(lambda: _stale(record))


class PlacementApproveView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PLACEMENT_APPROVE}"

    @extend_schema(request=s.ApproveSerializer, responses={200: OpenApiTypes.OBJECT},
                   summary="A manager approves a placement with caregivers not yet approved")  # fmt: skip
    def post(self, request: Request, placement_id: int) -> Response:
        body = s.ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def approve() -> Response:
            placement = placement_approve(actor=acting(request), placement_id=placement_id, **body.validated_data)
            return Response({"id": placement.pk, "version": placement.version})

        return answered(lambda: _stale(approve))


class MissingView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_RECORD}"

    @extend_schema(request=s.MissingSerializer, responses={201: OpenApiTypes.OBJECT},
                   summary="The child is missing or away from their placement")  # fmt: skip
    def post(self, request: Request, child_id: int) -> Response:
        body = s.MissingSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def record() -> Response:
            missing = missing_record(actor=acting(request), child_id=child_id, **body.validated_data)
            return Response({"id": missing.pk, "version": missing.version}, status=201)

        return answered(lambda: _stale(record))


class MissingReturnView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_RECORD}"

    @extend_schema(request=s.ReturnSerializer, responses={200: OpenApiTypes.OBJECT},
                   summary="The child came back: where found and the return conversation")  # fmt: skip
    def post(self, request: Request, missing_id: int) -> Response:
        body = s.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def record() -> Response:
            missing = missing_return(actor=acting(request), missing_id=missing_id, **body.validated_data)
            return Response({"id": missing.pk, "version": missing.version})

        return answered(lambda: _stale(record))
