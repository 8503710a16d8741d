"""Subject access requests under /api/v1, with the same rules, need-to-know
and audit as the pages (tiaki.disclosure.services.subject_access.requests,
selectors.subject_access.requests). Privacy officers only.

- ``GET subject-access`` (``?status=all`` for every one): the register, open
  requests soonest due first; ``POST subject-access``: record one (201);
- ``GET subject-access/<id>``: one request, its clock, stages, corrections
  and what may be done next (``may``);
- ``POST subject-access/<id>/verify|assign|extend|transfer|withdraw|decide``,
  each with the ``version`` last read.

Bad input is 400 ``invalid`` with ``field`` (deciding before identity is
verified: 400 ``identity_not_verified``), nothing saved, the attempt audited;
someone else's change since ``version``: 409 ``stale``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer, RecordIdField
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure import reasons
from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.disclosure.selectors.subject_access.requests import RequestView, access_request_get, access_request_list
from tiaki.disclosure.services.subject_access import requests as sar

_TEXT = 50_000


class SubjectAccessCreateSerializer(serializers.Serializer):
    person_id = RecordIdField()
    requester_kind = serializers.ChoiceField(choices=SubjectAccessRequest.RequesterKind.choices)
    asked_for = serializers.CharField(allow_blank=True, max_length=_TEXT)
    received_on = serializers.DateField(help_text="The New Zealand date it was received: today or earlier")
    agent_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)
    agent_authority = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)
    preferred_format = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)
    support_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)


class SubjectAccessVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The version you last read")


class SubjectAccessVerifySerializer(SubjectAccessVersionSerializer):
    method = serializers.ChoiceField(choices=SubjectAccessRequest.Identity.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT,
                                 help_text="How it was checked: never a document's number")  # fmt: skip


class SubjectAccessAssignSerializer(SubjectAccessVersionSerializer):
    reviewer_id = RecordIdField(help_text="A privacy officer")


class SubjectAccessExtendSerializer(SubjectAccessVersionSerializer):
    extended_to = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT, help_text="Told to the requester")


class SubjectAccessTransferSerializer(SubjectAccessVersionSerializer):
    agency = serializers.CharField(allow_blank=True, max_length=_TEXT)
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT)


class SubjectAccessWithdrawSerializer(SubjectAccessVersionSerializer):
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT)


class SubjectAccessDecideSerializer(SubjectAccessVersionSerializer):
    decision = serializers.ChoiceField(choices=SubjectAccessRequest.Decision.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)


class SubjectAccessRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    person_name = serializers.CharField()
    requester_kind = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(help_text="When the decision is due now (the extension's date, if extended)")
    extended = serializers.BooleanField()
    working_days_left = serializers.IntegerField(help_text="Negative: working days overdue")
    clock_words = serializers.CharField()
    status = serializers.CharField()
    reviewer = serializers.CharField()


class SubjectAccessStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class SubjectAccessCorrectionRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    item_label = serializers.CharField()
    status_label = serializers.CharField()
    due_on = serializers.DateField()


class SubjectAccessDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    requester_kind = serializers.CharField()
    agent_name = serializers.CharField()
    asked_for = serializers.CharField()
    preferred_format = serializers.CharField()
    support_person = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    extended_to = serializers.DateField(allow_null=True)
    extension_notice = serializers.CharField(help_text="The notice's words to send, once extended")
    transfer_by = serializers.DateField(help_text="The last day it may be transferred (10 working days)")
    working_days_left = serializers.IntegerField()
    clock_words = serializers.CharField()
    status = serializers.CharField()
    identity_method = serializers.CharField()
    identity_verified_at = AwareDateTimeField(allow_null=True)
    reviewer_id = serializers.IntegerField(allow_null=True)
    reviewer = serializers.CharField()
    decision = serializers.CharField()
    decision_reasons = serializers.CharField()
    transferred_to = serializers.CharField()
    stages = SubjectAccessStageSerializer(many=True)
    corrections = SubjectAccessCorrectionRowSerializer(many=True)
    may = serializers.ListField(child=serializers.CharField(), help_text="What may be done next")


def _detail(view: RequestView) -> dict[str, Any]:
    r = view.request
    return SubjectAccessDetailSerializer({
        "id": r.pk, "reference": r.reference, "version": r.version, "person_id": r.person_id,
        "person_name": view.person_name, "requester_kind": r.requester_kind, "agent_name": r.agent_name,
        "asked_for": r.asked_for, "preferred_format": r.preferred_format, "support_person": r.support_person,
        "received_on": r.received_on, "due_on": r.due_on, "extended_to": r.extended_to,
        "extension_notice": view.notice, "transfer_by": view.transfer_deadline,
        "working_days_left": view.working_days_left, "clock_words": view.clock_words, "status": r.status,
        "identity_method": r.identity_method, "identity_verified_at": r.identity_verified_at,
        "reviewer_id": r.reviewer_id, "reviewer": view.reviewer_name, "decision": r.decision,
        "decision_reasons": r.decision_reasons, "transferred_to": r.transferred_to,
        "stages": [{"id": s.id, "number": s.number, "title": s.title, "status": s.status} for s in view.stages],
        "corrections": [vars(c) for c in view.corrections], "may": sorted(view.may),
    }).data  # fmt: skip


def _failed(exc: sar.SubjectAccessError) -> Response:
    if isinstance(exc, sar.StaleRequest):
        return problem(409, "stale", exc.message)
    code = "identity_not_verified" if exc.reason == reasons.IDENTITY_NOT_VERIFIED else "invalid"
    return problem(400, code, exc.message, field=exc.field, errors={exc.field: [exc.message]})


_INVALID = {400: OpenApiResponse(InvalidSerializer, description="invalid (or identity_not_verified), with field")}
_STALE = {409: OpenApiResponse(ProblemSerializer, description="stale: someone else changed it since `version`")}
_REFUSED = {403: OpenApiResponse(ProblemSerializer, description="your role may not do this")}
_MISSING = {404: OpenApiResponse(ProblemSerializer, description="no such request within your reach")}


class SubjectAccessListView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=["open", "all"], description="open (the default) or all")],
        responses={200: SubjectAccessRowSerializer(many=True), **_REFUSED},
        summary="The register of subject access requests, soonest due first",
    )
    def get(self, request: Request) -> Response:
        status = "all" if request.query_params.get("status") == "all" else "open"
        rows = access_request_list(actor=acting(request), status=status)
        return Response(SubjectAccessRowSerializer([vars(r) for r in rows], many=True).data)

    @extend_schema(request=SubjectAccessCreateSerializer,
                   responses={201: SubjectAccessDetailSerializer, **_INVALID, **_REFUSED, **_MISSING},
                   summary="Record a subject access request")  # fmt: skip
    def post(self, request: Request) -> Response:
        body = SubjectAccessCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            made = sar.access_request_create(actor=actor, **body.validated_data)
        except sar.SubjectAccessError as exc:
            return _failed(exc)
        return Response(_detail(access_request_get(actor=actor, request_id=made.pk)), status=201)


class SubjectAccessDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={200: SubjectAccessDetailSerializer, **_REFUSED, **_MISSING},
                   summary="One subject access request, its clock and what may be done next")  # fmt: skip
    def get(self, request: Request, request_id: int) -> Response:
        return Response(_detail(access_request_get(actor=acting(request), request_id=request_id)))


def _change(
    name: str, body_class: type[serializers.Serializer], call: Callable[..., SubjectAccessRequest], summary: str
) -> type[TiakiAPIView]:
    """A POST that changes one request through ``call`` with the body's fields."""

    class ChangeView(TiakiAPIView):
        tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

        @extend_schema(request=body_class,
                       responses={200: SubjectAccessDetailSerializer, **_INVALID, **_STALE, **_REFUSED, **_MISSING},
                       summary=summary)  # fmt: skip
        def post(self, request: Request, request_id: int) -> Response:
            body = body_class(data=request.data)
            body.is_valid(raise_exception=True)
            actor = acting(request)
            try:
                call(actor=actor, request_id=request_id, **body.validated_data)
            except sar.SubjectAccessError as exc:
                return _failed(exc)
            return Response(_detail(access_request_get(actor=actor, request_id=request_id)))

    ChangeView.__name__ = ChangeView.__qualname__ = name
    ChangeView.__doc__ = summary
    return ChangeView


SubjectAccessVerifyView = _change(
    "SubjectAccessVerifyView", SubjectAccessVerifySerializer, sar.access_request_verify,
    "Record how the requester's identity was verified",
)  # fmt: skip
SubjectAccessAssignView = _change(
    "SubjectAccessAssignView", SubjectAccessAssignSerializer, sar.access_request_assign,
    "Give the request to a privacy officer to review",
)  # fmt: skip
SubjectAccessExtendView = _change(
    "SubjectAccessExtendView", SubjectAccessExtendSerializer, sar.access_request_extend,
    "Extend the time to decide (before the due date), with the reason",
)  # fmt: skip
SubjectAccessTransferView = _change(
    "SubjectAccessTransferView", SubjectAccessTransferSerializer, sar.access_request_transfer,
    "Transfer the request to another agency (within 10 working days)",
)  # fmt: skip
SubjectAccessWithdrawView = _change(
    "SubjectAccessWithdrawView", SubjectAccessWithdrawSerializer, sar.access_request_withdraw,
    "Record that the requester withdrew the request",
)  # fmt: skip
SubjectAccessDecideView = _change(
    "SubjectAccessDecideView", SubjectAccessDecideSerializer, sar.access_request_decide,
    "Record the decision and its reasons",
)  # fmt: skip
