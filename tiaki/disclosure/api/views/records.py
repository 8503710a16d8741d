"""The disclosure records under /api/v1/disclosures, for the privacy office
(disclosure:read): the list of recent disclosures and near misses (GET,
filtered by outcome and kind), the lookup by the document id printed on a
page (POST, so the id stays out of logs of query strings), and one record
(GET /disclosures/<id>). Same rules and audit as the pages; a record that
is missing or about someone sealed from the reader is 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure.models import Disclosure
from tiaki.disclosure.selectors.records import DisclosureView, disclosure_get, disclosure_list

_READ = {
    403: OpenApiResponse(ProblemSerializer, description="Role or induction refused"),
    404: OpenApiResponse(ProblemSerializer, description="No such disclosure, or not yours to see"),
}


class DisclosureRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_id = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    channel = serializers.CharField()
    title = serializers.CharField()
    recipient_label = serializers.CharField()
    sender = serializers.CharField()
    made_at = AwareDateTimeField()
    url = serializers.CharField()


class DisclosurePageSerializer(serializers.Serializer):
    results = DisclosureRowSerializer(many=True)
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()


class DisclosureListQuerySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Disclosure.Outcome.values, required=False)
    kind = serializers.ChoiceField(choices=Disclosure.Kind.values, required=False)
    page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=100, required=False, default=50)


class DisclosureLookupSerializer(serializers.Serializer):
    document_id = serializers.CharField(max_length=20, help_text="As printed on every page, e.g. D-7KQ2-M9XT")


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    item_label = serializers.CharField()
    words = serializers.CharField()
    about = serializers.CharField()
    protected_from = serializers.CharField()
    overridable = serializers.BooleanField()


class DisclosureDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_id = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    channel = serializers.CharField()
    title = serializers.CharField()
    recipient_kind = serializers.CharField()
    recipient_label = serializers.CharField()
    sender = serializers.CharField()
    purpose = serializers.CharField()
    made_at = AwareDateTimeField()
    case_id = serializers.IntegerField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    file_sha256 = serializers.CharField()
    encrypted = serializers.BooleanField()
    subjects = serializers.ListField(child=serializers.DictField())
    findings = FindingSerializer(many=True)
    override_by = serializers.CharField()
    override_reason = serializers.CharField()
    override_at = AwareDateTimeField(allow_null=True)
    override_of_id = serializers.IntegerField(allow_null=True)
    released_as_id = serializers.IntegerField(allow_null=True)


def _url(pk: int) -> str:
    return f"/api/v1/disclosures/{pk}"


def _detail(view: DisclosureView) -> dict[str, Any]:
    d = view.disclosure
    return {
        "id": d.pk, "document_id": d.document_id, "kind": d.kind, "outcome": d.outcome, "channel": d.channel,
        "title": d.title, "recipient_kind": d.recipient_kind, "recipient_label": d.recipient_label,
        "sender": view.sender_name, "purpose": d.purpose, "made_at": d.made_at, "case_id": d.case_id,
        "pages": d.pages, "file_sha256": d.file_sha256, "encrypted": d.encrypted,
        "subjects": [{"person_id": pid, "name": name} for pid, name in view.subjects],
        "findings": [{"rule": f.rule, "item_label": f.item_label, "words": f.words, "about": f.about_name,
                      "protected_from": f.protected_from_name, "overridable": f.overridable} for f in view.findings],
        "override_by": view.override_by_name, "override_reason": d.override_reason, "override_at": d.override_at,
        "override_of_id": d.override_of_id, "released_as_id": view.released_as_id,
    }  # fmt: skip


class DisclosuresView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_READ}"

    @extend_schema(
        operation_id="disclosures_list", parameters=[DisclosureListQuerySerializer],
        responses={200: DisclosurePageSerializer, **_READ},
        summary="Recent disclosures and near misses, newest first",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        query = DisclosureListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        page = disclosure_list(actor=acting(request), outcome=q.get("outcome", ""), kind=q.get("kind", ""),
                               page=q["page"], page_size=q["page_size"])  # fmt: skip
        rows = [{"id": r.id, "document_id": r.document_id, "kind": r.kind_label, "outcome": r.outcome,
                 "channel": r.channel_label, "title": r.title, "recipient_label": r.recipient_label,
                 "sender": r.sender_name, "made_at": r.made_at, "url": _url(r.id)} for r in page.rows]  # fmt: skip
        return Response(DisclosurePageSerializer({"results": rows, "page": page.page, "has_next": page.has_next}).data)

    @extend_schema(
        operation_id="disclosures_lookup", request=DisclosureLookupSerializer,
        responses={200: DisclosureDetailSerializer, **_READ},
        summary="Find the disclosure record from the document id printed on its pages",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        body = DisclosureLookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        found = disclosure_list(actor=actor, document_id=body.validated_data["document_id"], page_size=1)
        if not found.rows:
            return problem(404, "not_found", "No disclosure has that document id.")
        view = disclosure_get(actor=actor, disclosure_id=found.rows[0].id)
        return Response(DisclosureDetailSerializer(_detail(view)).data)


class DisclosureDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_READ}"

    @extend_schema(responses={200: DisclosureDetailSerializer, **_READ}, summary="One disclosure record in full")
    def get(self, request: Request, disclosure_id: int) -> Response:
        view = disclosure_get(actor=acting(request), disclosure_id=disclosure_id)
        return Response(DisclosureDetailSerializer(_detail(view)).data)
