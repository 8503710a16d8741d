"""The review of a subject access request under /api/v1, with the same
rules, need-to-know and audit as the pages
(tiaki.disclosure.services.subject_access.review, selectors.subject_access
.gather and .review). Privacy officers only.

- ``GET subject-access/<id>/gathered``: everything gathered (audited as a gathering);
- ``GET|POST subject-access/<id>/redactions``: what is withheld; withhold
  an item or a passage (201);
- ``DELETE subject-access/redactions/<id>``: no longer withheld (204; never
  Tiaki's own notifier redactions);
- ``GET|POST subject-access/<id>/stages``: the stages; prepare one (201);
- ``POST subject-access/stages/<id>/approve``: a second person approves;
- ``POST subject-access/stages/<id>/release``: it leaves through the
  disclosure pipeline (the file is downloaded once from the disclosure's page).

Bad input is 400 ``invalid`` with ``field``, or ``identity_not_verified``;
a redaction without a reason 422 ``redaction_no_reason`` with the
``items``; approving one's own 409 ``approve_own``; the guard stopping a
pack 409 ``disclosure_blocked`` with its findings: nothing released, the
attempt audited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer, RecordIdField
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Redaction, ReleaseStage
from tiaki.disclosure.selectors.subject_access.gather import gather
from tiaki.disclosure.selectors.subject_access.review import RedactionView, StageSummary, stages_for
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.subject_access import review
from tiaki.disclosure.subject_access.errors import SubjectAccessError

_TEXT = 50_000
_STATUS = {reasons.REDACTION_NO_REASON: 422, reasons.APPROVE_OWN: 409}
_CODES = {reasons.IDENTITY_NOT_VERIFIED: "identity_not_verified", reasons.REDACTION_NO_REASON: "redaction_no_reason",
          reasons.APPROVE_OWN: "approve_own"}  # fmt: skip


def _refused(exc: SubjectAccessError) -> Response:
    code = _CODES.get(exc.code, "invalid")
    extra: dict[str, Any] = {"field": exc.field, "errors": {exc.field or "non_field_errors": [exc.message]}}
    if exc.items:
        extra["items"] = exc.items
    return problem(_STATUS.get(exc.code, 400), code, exc.message, **extra)


class SarVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    written_at = AwareDateTimeField()
    written_by = serializers.CharField()
    reason = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()


class SarGatheredItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"<source>:<id>", as the chronology names it ("note:12")')
    domain = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment] # a body field, not Field.source
    occurred_at = AwareDateTimeField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    case_reference = serializers.CharField()
    versions = SarVersionSerializer(many=True)
    other_people = serializers.ListField(child=serializers.CharField())
    notifier_passages = serializers.ListField(child=serializers.CharField(), help_text="Withheld always")
    sensitive = serializers.BooleanField()
    difficult = serializers.BooleanField()
    statements = serializers.ListField(child=serializers.CharField(), help_text="Statements of correction")


class SarGatheredSerializer(serializers.Serializer):
    request_id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    items = SarGatheredItemSerializer(many=True)


class SarRedactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_key = serializers.CharField()
    passage = serializers.CharField(help_text="Empty: the whole item")
    ground = serializers.CharField()
    reason = serializers.CharField(help_text="What the requester reads")
    automatic = serializers.BooleanField(help_text="Tiaki's own (a notifier): cannot be removed")
    made_by = serializers.CharField()
    made_at = AwareDateTimeField()


class SarRedactionCreateSerializer(serializers.Serializer):
    item_key = serializers.CharField(max_length=80)
    passage = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT)
    ground = serializers.ChoiceField(choices=Redaction.Ground.choices)
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT)


class SarStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="prepared, blocked or released")
    items = serializers.IntegerField()
    prepared_by = serializers.CharField()
    approved_by = serializers.CharField()
    released_at = AwareDateTimeField(allow_null=True)


class SarStageCreateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    item_keys = serializers.ListField(child=serializers.CharField(max_length=80), max_length=20_000)


class SarReleaseSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[("download", "download"), ("post", "post"), ("email", "email")])


class SarReleasedSerializer(serializers.Serializer):
    stage_id = serializers.IntegerField()
    disclosure_id = RecordIdField()
    document_id = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    password = serializers.CharField(allow_null=True, help_text="For email: shown this once, never stored")


def _redaction(r: RedactionView) -> dict[str, Any]:
    return {"id": r.id, "item_key": r.item_key, "passage": r.passage, "ground": r.ground, "reason": r.reason,
            "automatic": r.automatic, "made_by": r.made_by, "made_at": r.made_at}  # fmt: skip


def _stage(s: StageSummary) -> dict[str, Any]:
    return {"id": s.id, "number": s.number, "title": s.title, "status": s.status, "items": s.items,
            "prepared_by": s.prepared_by, "approved_by": s.approved_by, "released_at": s.released_at}  # fmt: skip


_INVALID = {400: OpenApiResponse(InvalidSerializer, description="invalid (with field) or identity_not_verified")}
_NO_REASON = {422: OpenApiResponse(ProblemSerializer, description="redaction_no_reason, with the items")}
_MISSING = {404: OpenApiResponse(ProblemSerializer, description="no such request, redaction or stage within reach")}
_REFUSED = {403: OpenApiResponse(ProblemSerializer, description="your role may not do this")}
_CONFLICT = {409: OpenApiResponse(ProblemSerializer, description="approve_own, or disclosure_blocked with findings")}


class SarGatheredView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={200: SarGatheredSerializer, **_INVALID, **_REFUSED, **_MISSING},
                   summary="Everything Tiaki holds about the request's person")  # fmt: skip
    def get(self, request: Request, request_id: int) -> Response:
        try:
            found = gather(actor=acting(request), request_id=request_id)
        except SubjectAccessError as exc:
            return _refused(exc)
        return Response(SarGatheredSerializer({
            "request_id": found.request_id, "person_id": found.person_id, "person_name": found.person_name,
            "counts": found.counts, "items": found.items,
        }).data)  # fmt: skip


class SarRedactionsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={200: SarRedactionSerializer(many=True), **_INVALID, **_REFUSED, **_MISSING},
                   summary="What is withheld from a request's items")  # fmt: skip
    def get(self, request: Request, request_id: int) -> Response:
        try:
            _, redactions = stages_for(actor=acting(request), request_id=request_id)
        except SubjectAccessError as exc:
            return _refused(exc)
        return Response(SarRedactionSerializer([_redaction(r) for r in redactions], many=True).data)

    @extend_schema(request=SarRedactionCreateSerializer,
                   responses={201: SarRedactionSerializer, **_INVALID, **_REFUSED, **_MISSING},
                   summary="Withhold an item, or a passage of it, with a reason the requester reads")  # fmt: skip
    def post(self, request: Request, request_id: int) -> Response:
        body = SarRedactionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            made = review.redaction_add(actor=actor, request_id=request_id, **body.validated_data)
        except SubjectAccessError as exc:
            return _refused(exc)
        _, redactions = stages_for(actor=actor, request_id=request_id)
        return Response(SarRedactionSerializer(_redaction(next(r for r in redactions if r.id == made.pk))).data,
                        status=201)  # fmt: skip


class SarRedactionView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={204: None, **_INVALID, **_REFUSED, **_MISSING},
                   summary="No longer withhold it (never Tiaki's own notifier redactions)")  # fmt: skip
    def delete(self, request: Request, redaction_id: int) -> Response:
        try:
            review.redaction_remove(actor=acting(request), redaction_id=redaction_id)
        except SubjectAccessError as exc:
            return _refused(exc)
        return Response(status=204)


class SarStagesView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(responses={200: SarStageSerializer(many=True), **_INVALID, **_REFUSED, **_MISSING},
                   summary="The stages of a request's release")  # fmt: skip
    def get(self, request: Request, request_id: int) -> Response:
        try:
            stages, _ = stages_for(actor=acting(request), request_id=request_id)
        except SubjectAccessError as exc:
            return _refused(exc)
        return Response(SarStageSerializer([_stage(s) for s in stages], many=True).data)

    @extend_schema(request=SarStageCreateSerializer,
                   responses={201: SarStageSerializer, **_INVALID, **_NO_REASON, **_REFUSED, **_MISSING},
                   summary="Prepare a stage of gathered items for a second person to approve")  # fmt: skip
    def post(self, request: Request, request_id: int) -> Response:
        body = SarStageCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            stage = review.stage_prepare(actor=actor, request_id=request_id, **body.validated_data)
        except SubjectAccessError as exc:
            return _refused(exc)
        stages, _ = stages_for(actor=actor, request_id=request_id)
        return Response(SarStageSerializer(_stage(next(s for s in stages if s.id == stage.pk))).data, status=201)


def _stage_of(actor: Any, stage: ReleaseStage) -> dict[str, Any]:
    stages, _ = stages_for(actor=actor, request_id=stage.request_id)
    return _stage(next(s for s in stages if s.id == stage.pk))


class SarStageApproveView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(request=None, responses={200: SarStageSerializer, **_INVALID, **_NO_REASON, **_REFUSED,
                                            **_MISSING, **_CONFLICT},
                   summary="Approve a stage: a second person, never its reviewer or preparer")  # fmt: skip
    def post(self, request: Request, stage_id: int) -> Response:
        actor = acting(request)
        try:
            stage = review.stage_approve(actor=actor, stage_id=stage_id)
        except SubjectAccessError as exc:
            return _refused(exc)
        return Response(SarStageSerializer(_stage_of(actor, stage)).data)


class SarStageReleaseView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SUBJECT_ACCESS_MANAGE}"

    @extend_schema(request=SarReleaseSerializer, responses={200: SarReleasedSerializer, **_INVALID, **_NO_REASON,
                                                            **_REFUSED, **_MISSING, **_CONFLICT},
                   summary="Release an approved stage to the person through the disclosure pipeline")  # fmt: skip
    def post(self, request: Request, stage_id: int) -> Response:
        body = SarReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            out = review.stage_release(actor=acting(request), stage_id=stage_id,
                                       channel=body.validated_data["channel"])  # fmt: skip
        except SubjectAccessError as exc:
            return _refused(exc)
        except DisclosureBlocked as exc:
            return problem(409, "disclosure_blocked", "The disclosure guard stopped the pack: nothing was released.",
                           document_id=exc.disclosure.document_id,
                           findings=[{"item_key": f.item_key, "item_label": f.item_label, "words": f.words,
                                      "overridable": f.overridable} for f in exc.findings])  # fmt: skip
        return Response(SarReleasedSerializer({
            "stage_id": stage_id, "disclosure_id": out.disclosure.pk, "document_id": out.disclosure.document_id,
            "pages": out.disclosure.pages, "password": out.password,
        }).data)  # fmt: skip
