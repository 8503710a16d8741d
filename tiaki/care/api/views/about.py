"""A child's About me under /api/v1: read it (the current version or a
chosen one) and save the next version, with the same rules, need-to-know
and audit as the pages (tiaki.care.services.about, selectors.about).

A service's refusal becomes a problem: AboutMeError 400 ``invalid`` with the
body ``field`` at fault and every one in ``errors``; StaleVersion 409
``stale_version`` with ``current_version`` and the version now saved as
``current``, so a client can show both; out of reach is 404, a missing
permission 403. The bodies' serializers sit with their views: About me's
API is these two views alone."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.models import AboutMeVersion
from tiaki.care.selectors.about import AboutMeView, about_me_get, items_of
from tiaki.care.services.about import MAX_ITEMS, MAX_TEXT, AboutMeError, StaleVersion, about_me_save

#: Longer than the service allows, so that the service says how long an item may be.
_TEXT_CAP = MAX_TEXT * 10


class ItemInSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=list(ABOUT_ME_TOPICS.items()))
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=_TEXT_CAP,
                                 help_text=f"As written; at most {MAX_TEXT:,} characters")  # fmt: skip
    own_words = serializers.BooleanField(default=False, help_text="The child's own words: shown as a quote")
    shareable = serializers.BooleanField(default=False, help_text="May be shared with caregivers and partners")


class AboutMeSaveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=0, help_text="The version you started from (current_version); 0 when there is none yet"
    )
    items = ItemInSerializer(many=True, max_length=MAX_ITEMS * 2)  # type: ignore[call-arg] # ListSerializer takes it
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP,
                                   help_text="What changed and why: required after version 1")  # fmt: skip


class ItemSerializer(serializers.Serializer):
    topic = serializers.CharField()
    topic_label = serializers.CharField()
    text = serializers.CharField()
    own_words = serializers.BooleanField()
    shareable = serializers.BooleanField()


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    written_by = serializers.CharField()
    written_at = AwareDateTimeField()
    reason = serializers.CharField()
    url = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    written_by = serializers.CharField()
    written_at = AwareDateTimeField()
    reason = serializers.CharField()
    items = ItemSerializer(many=True, help_text="In topic order")


class AboutMeSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    current_version = serializers.IntegerField(help_text="0 when nothing is written yet")
    version = VersionSerializer(allow_null=True, help_text="The version asked for (the current one by default)")
    versions = VersionSummarySerializer(many=True, help_text="Newest first")
    may_edit = serializers.BooleanField(help_text="Whether you may save the next version")


class StaleAboutMeSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="stale_version")
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True, help_text="The version someone else saved")
    current = VersionSerializer(allow_null=True, help_text="What they saved, to compare with yours")


_WRITE = {400: OpenApiResponse(InvalidSerializer, description="invalid (with field and errors) or validation_failed")}
_STALE = {409: OpenApiResponse(StaleAboutMeSerializer, description="stale_version: someone else saved first")}


def _url(child_id: int, number: int | None = None) -> str:
    base = f"/api/v1/care/children/{child_id}/about-me"
    return base if number is None else f"{base}/versions/{number}"


def _item(topic: str, text: str, own_words: bool, shareable: bool) -> dict[str, Any]:
    return {"topic": topic, "topic_label": ABOUT_ME_TOPICS.get(topic, topic), "text": text, "own_words": own_words,
            "shareable": shareable}  # fmt: skip


def _saved(version: AboutMeVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "written_by": version.written_by.get_full_name() or version.written_by.username,
        "written_at": version.written_at,
        "reason": version.reason,
        "items": [_item(i.topic, i.text, i.own_words, i.shareable) for i in items_of(version)],
    }


def _body(view: AboutMeView) -> dict[str, Any]:
    shown = None
    if view.number:
        shown = {
            "number": view.number, "written_by": view.written_by, "written_at": view.written_at,
            "reason": view.reason, "items": [_item(i.topic, i.text, i.own_words, i.shareable) for i in view.items],
        }  # fmt: skip
    return {
        "child_id": view.child_id,
        "current_version": view.current_version,
        "version": shown,
        "versions": [
            {
                "number": v.number,
                "written_by": v.written_by,
                "written_at": v.written_at,
                "reason": v.reason,
                "url": _url(view.child_id, v.number),
            }
            for v in view.versions
        ],
        "may_edit": view.may_edit,
    }


def _body_field(field: str) -> str:
    """The service's ``items-N`` (from 1) as the body's ``items.N-1``."""
    head, _, number = field.partition("-")
    if head == "items" and number.isdigit():
        return f"items.{int(number) - 1}"
    return field


class AboutMeAPIView(TiakiAPIView):
    # Reading needs care:read; the save's own declaration checks care:record.
    tiaki_access = f"personal-data:{Permission.CARE_READ}"

    @extend_schema(
        responses={200: AboutMeSerializer}, summary="A child's About me: the current version and every version"
    )
    def get(self, request: Request, child_id: int) -> Response:
        view = about_me_get(actor=acting(request), child_id=child_id)
        return Response(AboutMeSerializer(_body(view)).data)

    @extend_schema(
        request=AboutMeSaveSerializer,
        responses={200: VersionSerializer, 201: VersionSerializer, **_WRITE, **_STALE},
        summary="Save the next version of a child's About me (201 for the first); a stale version saves nothing",
    )
    def put(self, request: Request, child_id: int) -> Response:
        body = AboutMeSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            version = about_me_save(actor=acting(request), child_id=child_id, expected_version=data["expected_version"],
                                    items=data["items"], reason=data["reason"])  # fmt: skip
        except StaleVersion as exc:
            current = exc.current
            return problem(409, "stale_version", str(exc), current_version=current.number if current else None,
                           current=_saved(current) if current else None)  # fmt: skip
        except AboutMeError as exc:
            errors = {_body_field(name): [message] for name, message in exc.errors}
            return problem(400, "invalid", str(exc), field=_body_field(exc.field), errors=errors)
        return Response(VersionSerializer(_saved(version)).data, status=201 if version.number == 1 else 200)


class AboutMeVersionAPIView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CARE_READ}"

    @extend_schema(responses={200: AboutMeSerializer}, summary="One version of a child's About me")
    def get(self, request: Request, child_id: int, version: int) -> Response:
        view = about_me_get(actor=acting(request), child_id=child_id, version=version)
        return Response(AboutMeSerializer(_body(view)).data)
