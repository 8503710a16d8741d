"""Shares under /api/v1, with the same rules, need-to-know and audit as the
pages (tiaki.disclosure.services.sharing, selectors.sharing):

- ``GET shares``: a caregiver's or partner worker's own (current with
  their items' titles, ended ones without contents); ``POST shares``: a
  worker shares chosen items about a child (201);
- ``GET shares/<id>``: read one (recorded as a read). After its last day,
  once withdrawn, or when the guard now stops it: **410 Gone**, code
  ``share_expired``, ``share_revoked`` or ``disclosure_blocked``, with the
  plain words in ``detail`` (410, not 403: the reader had access, and the
  share itself is gone). Anyone else's share is a 404;
- ``POST shares/<id>/revoke``: withdraw one, with a reason;
- ``GET children/<id>/shares``: the worker's list for a child, with reads.

A ShareError is 400 ``invalid`` (or ``partner_not_agreed``) with ``field``;
the guard stopping a share is 409 ``disclosure_blocked`` with its findings."""

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
from tiaki.disclosure.models import Share
from tiaki.disclosure.selectors.sharing import ShareView, shares_for_child, shares_for_me
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.sharing import ShareEnded, ShareError, create_share, read_share, revoke_share


class ShareCreateSerializer(serializers.Serializer):
    child_id = RecordIdField()
    household_id = RecordIdField(required=False, allow_null=True, default=None)
    organisation_id = RecordIdField(required=False, allow_null=True, default=None)
    item_keys = serializers.ListField(child=serializers.CharField(max_length=100), max_length=100,
                                      help_text="Keys from GET children/<id>/shares choices")  # fmt: skip
    purpose = serializers.CharField(allow_blank=True, max_length=50_000)
    consent = serializers.CharField(max_length=20, help_text="young_person, whanau or none")
    consent_on = serializers.DateField(required=False, allow_null=True, default=None)
    consent_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=50_000)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=50_000)
    expires_at = AwareDateTimeField(help_text="When it can no longer be read (at most 12 months ahead)")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=50_000)


class SharedItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment] # a body field, not Field.label
    text = serializers.CharField()


class ReadSerializer(serializers.Serializer):
    who = serializers.CharField()
    at = AwareDateTimeField()
    outcome = serializers.CharField(help_text="read, expired, revoked or blocked")


class ShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    child_name = serializers.CharField()
    recipient = serializers.CharField()
    recipient_kind = serializers.CharField(help_text="household or organisation")
    purpose = serializers.CharField()
    shared_by = serializers.CharField()
    shared_at = AwareDateTimeField()
    expires_at = AwareDateTimeField()
    revoked_at = AwareDateTimeField(allow_null=True)
    status = serializers.CharField(help_text="Current, Ended or Withdrawn")
    document_id = serializers.CharField()
    items = SharedItemSerializer(many=True, help_text="Empty in a recipient's list: open the share to read them")
    reads = ReadSerializer(many=True, required=False)


class MineSerializer(serializers.Serializer):
    reads_for = serializers.CharField(help_text="The household or organisation; empty when not linked")
    current = ShareSerializer(many=True)
    ended = ShareSerializer(many=True, help_text="Without their contents")


class ChildSharesSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    shares = ShareSerializer(many=True)
    may_share = serializers.BooleanField()
    choices = SharedItemSerializer(many=True, help_text="What may be shared, exactly as it would be")


def _share(view: ShareView, *, reads: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": view.id, "child_id": view.child_id, "child_name": view.child_name, "recipient": view.recipient,
        "recipient_kind": view.recipient_kind, "purpose": view.purpose, "shared_by": view.shared_by,
        "shared_at": view.shared_at, "expires_at": view.expires_at, "revoked_at": view.revoked_at,
        "status": view.status, "document_id": view.document_id,
        "items": [{"key": i.key, "kind": i.kind, "label": i.label, "text": i.text} for i in view.items],
    }  # fmt: skip
    if reads:
        body["reads"] = [{"who": r.who, "at": r.at, "outcome": r.outcome} for r in view.reads]
    return body


_INVALID = {400: OpenApiResponse(InvalidSerializer, description="invalid or partner_not_agreed, with field")}
_BLOCKED = {409: OpenApiResponse(ProblemSerializer, description="disclosure_blocked: findings say what to remove")}
_REFUSED = {403: OpenApiResponse(ProblemSerializer, description="your role may not do this")}
_MISSING = {404: OpenApiResponse(ProblemSerializer, description="no such child or share within your reach")}
_GONE = {410: OpenApiResponse(ProblemSerializer, description="share_expired, share_revoked or disclosure_blocked")}


class SharesView(TiakiAPIView):
    # GET needs share:read (recipients), POST share:create (workers): each
    # access point checks its own permission, audited.
    tiaki_access = "signed-in"

    @extend_schema(
        responses={200: MineSerializer, **_REFUSED}, summary="What is shared with your household or organisation"
    )
    def get(self, request: Request) -> Response:
        mine = shares_for_me(actor=acting(request))
        return Response(MineSerializer({"reads_for": mine.reads_for, "current": [_share(v) for v in mine.current],
                                        "ended": [_share(v) for v in mine.ended]}).data)  # fmt: skip

    @extend_schema(request=ShareCreateSerializer, responses={201: ShareSerializer, **_INVALID, **_BLOCKED, **_MISSING},
                   summary="Share chosen items about a child with a caregiver household or partner")  # fmt: skip
    def post(self, request: Request) -> Response:
        body = ShareCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        data = body.validated_data
        try:
            share = create_share(actor=actor, **data)
        except ShareError as exc:
            code = "partner_not_agreed" if exc.reason == reasons.PARTNER_NOT_AGREED else "invalid"
            return problem(400, code, exc.message, field=exc.field, errors={exc.field: [exc.message]})
        except DisclosureBlocked as exc:
            return problem(409, "disclosure_blocked", "The disclosure guard stopped it: nothing was shared.",
                           document_id=exc.disclosure.document_id,
                           findings=[{"item_key": f.item_key, "item_label": f.item_label, "words": f.words,
                                      "overridable": f.overridable} for f in exc.findings])  # fmt: skip
        view = next(v for v in shares_for_child(actor=actor, child_id=share.child_id).shares if v.id == share.pk)
        return Response(ShareSerializer(_share(view, reads=True)).data, status=201)


class ShareReadView(TiakiAPIView):
    tiaki_access = Permission.SHARE_READ

    @extend_schema(responses={200: ShareSerializer, **_GONE}, summary="Read a share made to you (recorded)")
    def get(self, request: Request, share_id: int) -> Response:
        try:
            view = read_share(actor=acting(request), share_id=share_id, channel="api")
        except ShareEnded as exc:
            return problem(410, exc.reason, exc.message)
        return Response(ShareSerializer(_share(view)).data)


class ShareRevokeView(TiakiAPIView):
    tiaki_access = Permission.SHARE_CREATE

    @extend_schema(request=RevokeSerializer, responses={200: ShareSerializer, **_INVALID},
                   summary="Withdraw a share: its next read is refused")  # fmt: skip
    def post(self, request: Request, share_id: int) -> Response:
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            share: Share = revoke_share(actor=actor, share_id=share_id, reason=body.validated_data["reason"])
        except ShareError as exc:
            return problem(400, "invalid", exc.message, field=exc.field, errors={exc.field: [exc.message]})
        view = next(v for v in shares_for_child(actor=actor, child_id=share.child_id).shares if v.id == share.pk)
        return Response(ShareSerializer(_share(view, reads=True)).data)


class ChildSharesView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.SHARE_CREATE}"

    @extend_schema(responses={200: ChildSharesSerializer}, summary="A child's shares, their reads, what may be shared")
    def get(self, request: Request, child_id: int) -> Response:
        view = shares_for_child(actor=acting(request), child_id=child_id)
        return Response(ChildSharesSerializer({
            "child_id": view.child_id, "shares": [_share(v, reads=True) for v in view.shares],
            "may_share": view.may_share,
            "choices": [{"key": c.key, "kind": c.kind, "label": c.label, "text": c.text} for c in view.choices],
        }).data)  # fmt: skip
