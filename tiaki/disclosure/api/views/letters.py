"""Letters and letter templates under /api/v1, with the same rules,
need-to-know and audit as the pages (tiaki.disclosure.services.letters,
services.templates, selectors.letters).

LetterError/TemplateError are 400 ``invalid`` with the ``field`` at fault
(an unknown template field named in ``detail``; no address on record);
StaleLetter/StaleTemplate 409 ``stale_version`` with ``current``; a letter
the guard stopped is 422 ``disclosure_blocked`` with its ``findings``
(what to remove and why) and the near miss's ``document_id``."""

from __future__ import annotations

import base64
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, RecordIdField
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure.letters import FIELDS
from tiaki.disclosure.models import Letter, LetterTemplate
from tiaki.disclosure.selectors import letters as selectors
from tiaki.disclosure.services.letters import CHANNELS, LetterError, StaleLetter, letter_save, letter_send, letter_start
from tiaki.disclosure.services.pipeline import DisclosureError
from tiaki.disclosure.services.templates import StaleTemplate, TemplateError, template_save

_CAP = 200_000


class TemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    audience = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    active = serializers.BooleanField()
    version = serializers.IntegerField()
    updated_at = AwareDateTimeField()


class TemplateInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=1000)
    audience = serializers.ChoiceField(choices=LetterTemplate.Audience.choices)
    subject = serializers.CharField(max_length=1000)
    body = serializers.CharField(max_length=_CAP)
    active = serializers.BooleanField(default=True)
    expected_version = serializers.IntegerField(min_value=0, default=0,
                                                help_text="The version you started from (0 for a new one)")  # fmt: skip


class TemplatesSerializer(serializers.Serializer):
    templates = TemplateSerializer(many=True)
    placeholders = serializers.DictField(child=serializers.CharField(), help_text="The $fields a template may use")


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    template_id = serializers.IntegerField(allow_null=True)
    recipient = serializers.CharField(help_text="Who it is to")
    recipient_kind = serializers.CharField()
    address = serializers.CharField(help_text="Where it goes (a protected address is not shown without the permission)")
    subject = serializers.CharField()
    body = serializers.CharField()
    status = serializers.CharField(help_text="draft, blocked or sent")
    version = serializers.IntegerField()
    written_at = AwareDateTimeField()
    document_id = serializers.CharField(allow_null=True, help_text="Of its latest pipeline attempt")


class LetterStartSerializer(serializers.Serializer):
    template_id = RecordIdField()
    recipient = serializers.CharField(max_length=40, help_text="person:<id>, household:<id> or organisation:<id>")


class LetterSaveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)
    subject = serializers.CharField(max_length=1000)
    body = serializers.CharField(max_length=_CAP)


class LetterSendSerializer(LetterSaveSerializer):
    channel = serializers.ChoiceField(choices=list(CHANNELS.items()), default="post")


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    item_label = serializers.CharField()
    words = serializers.CharField(help_text="What to remove and why")
    overridable = serializers.BooleanField()


class SentSerializer(serializers.Serializer):
    letter = LetterSerializer()
    document_id = serializers.CharField()
    pdf_base64 = serializers.CharField(allow_null=True, help_text="The watermarked PDF")
    password = serializers.CharField(allow_null=True, help_text="For an emailed (encrypted) letter: shown once")


class RecipientSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()
    why = serializers.CharField()
    has_address = serializers.BooleanField()


class CaseLettersSerializer(serializers.Serializer):
    letters = LetterSerializer(many=True)
    recipients = RecipientSerializer(many=True, help_text="Who a new letter may go to")


_WRITE = {400: OpenApiResponse(InvalidSerializer, description="invalid: the field at fault")}
_STALE = {409: OpenApiResponse(InvalidSerializer, description="stale_version: someone else saved first")}


def _template(t: LetterTemplate) -> dict[str, Any]:
    return {"id": t.pk, "name": t.name, "audience": t.audience, "subject": t.subject, "body": t.body,
            "active": t.active, "version": t.version, "updated_at": t.updated_at}  # fmt: skip


def _letter(letter: Letter, label: str, address: str) -> dict[str, Any]:
    kind = "person" if letter.recipient_person_id else "household" if letter.recipient_household_id else "organisation"
    return {
        "id": letter.pk, "case_id": letter.case_id, "template_id": letter.template_id, "recipient": label,
        "recipient_kind": kind, "address": address, "subject": letter.subject, "body": letter.body,
        "status": letter.status, "version": letter.version, "written_at": letter.written_at,
        "document_id": letter.disclosure.document_id if letter.disclosure else None,
    }  # fmt: skip


def _viewed(view: selectors.LetterView) -> dict[str, Any]:
    return _letter(view.letter, view.recipient_label, view.address_shown)


def _invalid(exc: LetterError | TemplateError | DisclosureError) -> Response:
    return problem(400, "invalid", exc.message, field=exc.field or None)


class LetterTemplatesView(TiakiAPIView):
    tiaki_access = Permission.LETTER_TEMPLATE_MANAGE

    @extend_schema(responses={200: TemplatesSerializer}, summary="Every letter template, and the fields they may use")
    def get(self, request: Request) -> Response:
        return Response({"templates": [_template(t) for t in selectors.templates()], "placeholders": FIELDS})

    @extend_schema(request=TemplateInSerializer, responses={201: TemplateSerializer, **_WRITE},
                   summary="Add a letter template (a field letters cannot fill is refused, audited)")  # fmt: skip
    def post(self, request: Request) -> Response:
        body = TemplateInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            saved = template_save(actor=acting(request), template_id=None, expected_version=0, name=data["name"],
                                  audience=data["audience"], subject=data["subject"], body=data["body"],
                                  active=data["active"])  # fmt: skip
        except TemplateError as exc:
            return _invalid(exc)
        return Response(_template(saved), status=201)


class LetterTemplateView(TiakiAPIView):
    tiaki_access = Permission.LETTER_TEMPLATE_MANAGE

    @extend_schema(responses={200: TemplateSerializer}, summary="One letter template")
    def get(self, request: Request, template_id: int) -> Response:
        found = selectors.template(template_id)
        if found is None:
            return problem(404, "not_found", "No such record, or you do not have access to it.")
        return Response(_template(found))

    @extend_schema(request=TemplateInSerializer, responses={200: TemplateSerializer, **_WRITE, **_STALE},
                   summary="Change a letter template; a stale version saves nothing")  # fmt: skip
    def put(self, request: Request, template_id: int) -> Response:
        body = TemplateInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if selectors.template(template_id) is None:
            return problem(404, "not_found", "No such record, or you do not have access to it.")
        try:
            saved = template_save(actor=acting(request), template_id=template_id,
                                  expected_version=data["expected_version"], name=data["name"],
                                  audience=data["audience"], subject=data["subject"], body=data["body"],
                                  active=data["active"])  # fmt: skip
        except StaleTemplate as exc:
            return problem(409, "stale_version", exc.message, current=_template(exc.current))
        except TemplateError as exc:
            return _invalid(exc)
        return Response(_template(saved))


class CaseLettersView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(responses={200: CaseLettersSerializer}, summary="A case's letters, and who a new one may go to")
    def get(self, request: Request, case_id: int) -> Response:
        actor = acting(request)
        rows = selectors.letters_for_case(actor=actor, case_id=case_id)
        choices = selectors.letter_recipients(actor=actor, case_id=case_id)
        letters = [selectors.letter_get(actor=actor, letter_id=row.pk) for row in rows]
        return Response({
            "letters": [_viewed(v) for v in letters],
            "recipients": [{"key": c.key, "kind": c.kind, "name": c.label, "why": c.why,
                            "has_address": bool(c.address_lines)} for c in choices],
        })  # fmt: skip

    @extend_schema(request=LetterStartSerializer, responses={201: LetterSerializer, **_WRITE},
                   summary="Write a letter from a template to a recipient (no address: refused, audited)")  # fmt: skip
    def post(self, request: Request, case_id: int) -> Response:
        body = LetterStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        try:
            letter = letter_start(actor=actor, case_id=case_id, template_id=body.validated_data["template_id"],
                                  recipient_key=body.validated_data["recipient"])  # fmt: skip
        except LetterError as exc:
            return _invalid(exc)
        return Response(_viewed(selectors.letter_get(actor=actor, letter_id=letter.pk)), status=201)


class LetterView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(responses={200: LetterSerializer}, summary="One letter")
    def get(self, request: Request, letter_id: int) -> Response:
        return Response(_viewed(selectors.letter_get(actor=acting(request), letter_id=letter_id)))

    @extend_schema(request=LetterSaveSerializer, responses={200: LetterSerializer, **_WRITE, **_STALE},
                   summary="Change a letter not yet sent; a stale version saves nothing")  # fmt: skip
    def put(self, request: Request, letter_id: int) -> Response:
        body = LetterSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actor = acting(request)
        try:
            letter_save(actor=actor, letter_id=letter_id, expected_version=data["expected_version"],
                        subject=data["subject"], body=data["body"])  # fmt: skip
        except StaleLetter as exc:
            return problem(409, "stale_version", exc.message, current_version=exc.current.version)
        except LetterError as exc:
            return _invalid(exc)
        return Response(_viewed(selectors.letter_get(actor=actor, letter_id=letter_id)))


class LetterSendView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_MAKE}"

    @extend_schema(
        request=LetterSendSerializer,
        responses={200: SentSerializer, **_WRITE, **_STALE,
                   422: OpenApiResponse(InvalidSerializer, description="disclosure_blocked: the guard's findings")},
        summary="Send a letter through the disclosure guard; blocked: what to remove and why",
    )  # fmt: skip
    def post(self, request: Request, letter_id: int) -> Response:
        body = LetterSendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actor = acting(request)
        try:
            sent = letter_send(actor=actor, letter_id=letter_id, expected_version=data["expected_version"],
                               subject=data["subject"], body=data["body"], channel=data["channel"])  # fmt: skip
        except StaleLetter as exc:
            return problem(409, "stale_version", exc.message, current_version=exc.current.version)
        except (LetterError, DisclosureError) as exc:
            return _invalid(exc)
        view = selectors.letter_get(actor=actor, letter_id=letter_id)
        if sent.released is None:
            findings = [{"rule": f.rule, "item_label": f.item_label, "words": f.words, "overridable": f.overridable}
                        for f in sent.findings]  # fmt: skip
            detail = "The disclosure guard stopped this letter: nothing was sent."
            return problem(422, "disclosure_blocked", detail, document_id=sent.disclosure.document_id,
                           findings=findings, letter=_viewed(view))  # fmt: skip
        pdf = base64.b64encode(sent.released.pdf).decode() if sent.released.pdf else None
        return Response({"letter": _viewed(view), "document_id": sent.disclosure.document_id, "pdf_base64": pdf,
                         "password": sent.released.password})  # fmt: skip
