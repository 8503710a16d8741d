"""Exports under /api/v1: a case's chronology, summary, plan or About me as
a watermarked PDF through the pipeline, built only through the domains'
selectors with the caller (tiaki.disclosure.exports). For the caller
themselves (download, print) or a named recipient (email, removable media:
encrypted, the password in the answer once)."""

from __future__ import annotations

import base64

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure import exports
from tiaki.disclosure.services.pipeline import DisclosureBlocked, DisclosureError, release
from tiaki.disclosure.web.views.exports import FOR_ME, WAYS, chosen_recipient, staff_recipient


class ExportInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(exports.KINDS.items()))
    channel = serializers.ChoiceField(choices=list(WAYS.items()))
    purpose = serializers.CharField(max_length=10_000)
    recipient = serializers.CharField(required=False, default="", allow_blank=True, max_length=40,
                                      help_text="For email or removable media: person:<id>, household:<id> or "
                                                "organisation:<id>")  # fmt: skip


class DisclosureOutSerializer(serializers.Serializer):
    document_id = serializers.CharField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    recipient = serializers.CharField()
    made_at = AwareDateTimeField()
    pages = serializers.IntegerField(allow_null=True)
    encrypted = serializers.BooleanField()


class ExportOutSerializer(serializers.Serializer):
    disclosure = DisclosureOutSerializer()
    pdf_base64 = serializers.CharField(help_text="The watermarked PDF (encrypted for email and removable media)")
    password = serializers.CharField(allow_null=True, help_text="Shown once; give it another way")


class CaseExportsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.DISCLOSURE_MAKE}"

    @extend_schema(
        request=ExportInSerializer,
        responses={201: ExportOutSerializer, 400: OpenApiResponse(InvalidSerializer, description="invalid"),
                   422: OpenApiResponse(InvalidSerializer, description="disclosure_blocked: the guard's findings")},
        summary="Export a case's chronology, summary, plan or About me as a watermarked PDF",
    )  # fmt: skip
    def post(self, request: Request, case_id: int) -> Response:
        body = ExportInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actor = acting(request)
        if data["channel"] in FOR_ME:
            recipient = staff_recipient(actor)
        else:
            found = chosen_recipient(actor, case_id, data["recipient"]) if data["recipient"] else None
            if found is None:
                return problem(400, "invalid", "Choose who it is for.", field="recipient")
            recipient = found
        try:
            artefact = exports.build(actor, data["kind"], case_id)
            released = release(actor=actor, artefact=artefact, recipient=recipient, purpose=data["purpose"],
                               channel=data["channel"])  # fmt: skip
        except DisclosureBlocked as exc:
            findings = [{"rule": f.rule, "item_label": f.item_label, "words": f.words, "overridable": f.overridable}
                        for f in exc.findings]  # fmt: skip
            return problem(422, "disclosure_blocked", "The disclosure guard stopped this export: nothing was made.",
                           document_id=exc.disclosure.document_id, findings=findings)  # fmt: skip
        except DisclosureError as exc:
            return problem(400, "invalid", exc.message, field=exc.field or None)
        except ValueError as exc:
            return problem(400, "invalid", str(exc), field="kind")
        d = released.disclosure
        return Response({
            "disclosure": {"document_id": d.document_id, "kind": d.kind, "channel": d.channel,
                           "recipient": d.recipient_label, "made_at": d.made_at, "pages": d.pages,
                           "encrypted": d.encrypted},
            "pdf_base64": base64.b64encode(released.pdf or b"").decode(),
            "password": released.password,
        }, status=201)  # fmt: skip
