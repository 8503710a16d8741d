"""Correction requests under /api/v1, with the same rules and audit as the
pages (tiaki.disclosure.services.corrections, selectors.corrections).
Privacy officers only.

- ``GET corrections?person_id=<id>``: a person's correction requests;
  ``POST corrections``: record one about an item Tiaki holds about them
  (201); an item it does not hold about them: 400 ``correction_not_held``,
  nothing saved, the attempt audited;
- ``GET corrections/<id>``: one, with the item as held now;
- ``POST corrections/<id>/correct``: a note corrected as a new version;
  ``POST corrections/<id>/statement``: their statement of correction
  attached (it then travels with the information), each with ``version``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer, RecordIdField
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure import reasons
from tiaki.disclosure.models import CorrectionRequest
from tiaki.disclosure.selectors.corrections import CorrectionView, correction_get, correction_list_for
from tiaki.disclosure.services import corrections as service

_TEXT = 100_000


class CorrectionCreateSerializer(serializers.Serializer):
    person_id = RecordIdField()
    item_key = serializers.CharField(max_length=80, help_text='What Tiaki holds about them, e.g. "note:123"')
    what_is_wrong = serializers.CharField(allow_blank=True, max_length=_TEXT)
    should_say = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)
    access_request_id = RecordIdField(required=False, allow_null=True, default=None)
    received_on = serializers.DateField()


class CorrectionCorrectSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=_TEXT, help_text="The corrected note")
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CorrectionStatementSerializer(serializers.Serializer):
    statement = serializers.CharField(allow_blank=True, max_length=_TEXT, help_text="In the person's words")
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    person_id = serializers.IntegerField()
    access_request_id = serializers.IntegerField(allow_null=True)
    item_key = serializers.CharField()
    item_label = serializers.CharField()
    what_is_wrong = serializers.CharField()
    should_say = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text="received, corrected or statement")
    outcome_note = serializers.CharField()
    decided_at = AwareDateTimeField(allow_null=True)
    corrected_version = serializers.CharField()


class CorrectionDetailSerializer(CorrectionSerializer):
    person_name = serializers.CharField()
    item_text = serializers.CharField(allow_null=True, help_text="The item as held now; null if no longer held")
    statement = serializers.CharField(help_text="The statement of correction attached, if any")
    may = serializers.ListField(child=serializers.CharField(), help_text="correct, statement")


def _row(c: CorrectionRequest) -> dict[str, Any]:
    return {
        "id": c.pk, "reference": c.reference, "version": c.version, "person_id": c.person_id,
        "access_request_id": c.access_request_id, "item_key": c.item_key, "item_label": c.item_label,
        "what_is_wrong": c.what_is_wrong, "should_say": c.should_say, "received_on": c.received_on,
        "due_on": c.due_on, "status": c.status, "outcome_note": c.outcome_note, "decided_at": c.decided_at,
        "corrected_version": c.corrected_version,
    }  # fmt: skip


def _detail(view: CorrectionView) -> dict[str, Any]:
    return CorrectionDetailSerializer({
        **_row(view.correction), "person_name": view.person_name,
        "item_text": view.item.text if view.item is not None else None, "statement": view.statement,
        "may": sorted(view.may),
    }).data  # fmt: skip


def _failed(exc: service.CorrectionError) -> Response:
    if isinstance(exc, service.StaleCorrection):
        return problem(409, "stale", exc.message)
    code = "correction_not_held" if exc.reason == reasons.CORRECTION_NOT_HELD else "invalid"
    return problem(400, code, exc.message, field=exc.field, errors={exc.field: [exc.message]})


_INVALID = {400: OpenApiResponse(InvalidSerializer, description="invalid or correction_not_held, with field")}
_STALE = {409: OpenApiResponse(ProblemSerializer, description="stale: someone else changed it since `version`")}
_REFUSED = {403: OpenApiResponse(ProblemSerializer, description="your role may not do this")}
_MISSING = {404: OpenApiResponse(ProblemSerializer, description="no such person or correction within your reach")}


class CorrectionsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(
        parameters=[OpenApiParameter("person_id", int, required=True, description="Whose correction requests")],
        responses={200: CorrectionSerializer(many=True), **_REFUSED, **_MISSING},
        summary="A person's correction requests, newest first",
    )
    def get(self, request: Request) -> Response:
        person_id = record_id(str(request.query_params.get("person_id", "")))
        found = correction_list_for(actor=acting(request), person_id=person_id or NO_RECORD)
        return Response(CorrectionSerializer([_row(c) for c in found], many=True).data)

    @extend_schema(request=CorrectionCreateSerializer,
                   responses={201: CorrectionDetailSerializer, **_INVALID, **_REFUSED, **_MISSING},
                   summary="Record a request to correct something Tiaki holds about a person")  # fmt: skip
    def post(self, request: Request) -> Response:
        body = CorrectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            made = service.correction_request_create(actor=actor, **body.validated_data)
        except service.CorrectionError as exc:
            return _failed(exc)
        return Response(_detail(correction_get(actor=actor, correction_id=made.pk)), status=201)


class CorrectionDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={200: CorrectionDetailSerializer, **_REFUSED, **_MISSING},
                   summary="One correction request, with the item as held now")  # fmt: skip
    def get(self, request: Request, correction_id: int) -> Response:
        return Response(_detail(correction_get(actor=acting(request), correction_id=correction_id)))


class CorrectionCorrectView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(request=CorrectionCorrectSerializer,
                   responses={200: CorrectionDetailSerializer, **_INVALID, **_STALE, **_REFUSED, **_MISSING},
                   summary="Correct the note as a new version (who and why kept)")  # fmt: skip
    def post(self, request: Request, correction_id: int) -> Response:
        body = CorrectionCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            service.correction_correct(actor=actor, correction_id=correction_id, **body.validated_data)
        except service.CorrectionError as exc:
            return _failed(exc)
        return Response(_detail(correction_get(actor=actor, correction_id=correction_id)))


class CorrectionStatementView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(request=CorrectionStatementSerializer,
                   responses={200: CorrectionDetailSerializer, **_INVALID, **_STALE, **_REFUSED, **_MISSING},
                   summary="Attach the person's statement of correction (never changed afterwards)")  # fmt: skip
    def post(self, request: Request, correction_id: int) -> Response:
        body = CorrectionStatementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            service.correction_attach_statement(actor=actor, correction_id=correction_id, **body.validated_data)
        except service.CorrectionError as exc:
            return _failed(exc)
        return Response(_detail(correction_get(actor=actor, correction_id=correction_id)))
