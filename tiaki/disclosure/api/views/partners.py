"""The partner organisation register under /api/v1/partners: the list, one
organisation (its agreement, what it holds counted, its disposal dates),
adding one (idempotent), changing one from the version seen, and its
disposal confirmations.

Each view parses the body, calls one service or selector (the same rules
and audit as the pages) and answers. A service's refusal becomes a problem:
PartnerError 400 ``invalid`` with the body ``field`` at fault, StalePartner
409 ``stale_version`` with ``current_version``; an organisation not on the
register is 404, a missing permission 403 (partner:read to read,
partner:manage to change)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import AccessDenied, Permission
from tiaki.api.idempotency import IDEMPOTENCY_KEY, idempotent
from tiaki.api.problems import problem, problem_exception_handler
from tiaki.api.serializers import (
    AwareDateTimeField,
    CreatedSerializer,
    InvalidSerializer,
    OneOfField,
    ProblemSerializer,
)
from tiaki.api.views import TiakiAPIView, acting
from tiaki.disclosure.models import PartnerOrganisation
from tiaki.disclosure.selectors.partners import PartnerRow, PartnerView, partner_get, partner_list
from tiaki.disclosure.services.partners import (
    PartnerError,
    PartnerInput,
    StalePartner,
    create_partner,
    record_disposal,
    update_partner,
)

_READ = {
    403: OpenApiResponse(ProblemSerializer, description="Role or induction refused"),
    404: OpenApiResponse(ProblemSerializer, description="No such organisation on the register"),
}
_WRITE = {400: OpenApiResponse(InvalidSerializer, description="invalid (with field) or validation_failed"), **_READ}
_CONFLICT = {409: OpenApiResponse(ProblemSerializer, description="stale_version (with current_version)")}
_FIELDS = {"version": "expected_version"}


def answered(call: Callable[[], Response]) -> Response:
    """Run a service call, answering its refusals as problems (returned, not
    raised, so that inside an idempotent create the refusal's audit row commits)."""
    try:
        return call()
    except StalePartner as exc:
        return problem(409, exc.code, str(exc), current_version=exc.current)
    except PartnerError as exc:
        return problem(400, exc.code, str(exc), field=_FIELDS.get(exc.field, exc.field) or None)
    except (Http404, AccessDenied) as exc:
        refused = problem_exception_handler(exc, {})
        assert refused is not None  # both are answered by tiaki.api.problems
        return refused


def _valid(serializer: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


# --- Serializers ------------------------------------------------------------------------


class HoldingSerializer(serializers.Serializer):
    current_shares = serializers.IntegerField()
    ended_shares = serializers.IntegerField()
    next_disposal_due = serializers.DateField(allow_null=True)
    disposal_overdue = serializers.BooleanField()
    disposed_up_to = serializers.DateField(allow_null=True)


class PartnerRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    agreement_reference = serializers.CharField()
    agreement_start = serializers.DateField()
    agreement_end = serializers.DateField(allow_null=True)
    may_receive = serializers.ListField(child=serializers.CharField())
    retention_days = serializers.IntegerField()
    holding = HoldingSerializer()


class PartnerListSerializer(serializers.Serializer):
    results = PartnerRowSerializer(many=True)
    overdue = serializers.IntegerField(help_text="How many listed organisations have a disposal overdue")


class PartnerListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PartnerOrganisation.Status.values, required=False)
    overdue = serializers.BooleanField(required=False, default=False, help_text="Only disposal overdue")


class DisposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    covers_up_to = serializers.DateField()
    confirmed_on = serializers.DateField()
    confirmed_by_name = serializers.CharField()
    recorded_by = serializers.CharField()
    recorded_at = AwareDateTimeField()


class ReadSerializer(serializers.Serializer):
    who = serializers.CharField()
    read_at = AwareDateTimeField()
    share_id = serializers.IntegerField()
    outcome = serializers.CharField()
    channel = serializers.CharField()


class PartnerDetailSerializer(PartnerRowSerializer):
    version = serializers.IntegerField(help_text="Send it back as expected_version to change the organisation")
    postal_address = serializers.CharField()
    email = serializers.CharField()
    disposals = DisposalSerializer(many=True)
    reads = ReadSerializer(many=True, help_text="Its workers' latest reads of shares: never what they held")
    reads_total = serializers.IntegerField()


class DisposalListSerializer(serializers.Serializer):
    results = DisposalSerializer(many=True)
    holding = HoldingSerializer()


class PartnerBodySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    kind = OneOfField(values=PartnerOrganisation.Kind.values)
    status = OneOfField(values=PartnerOrganisation.Status.values, required=False,
                        default=PartnerOrganisation.Status.ACTIVE)  # fmt: skip
    agreement_reference = serializers.CharField(max_length=60, allow_blank=True)
    agreement_start = serializers.DateField()
    agreement_end = serializers.DateField(required=False, allow_null=True, default=None)
    may_receive = serializers.ListField(child=OneOfField(values=list(PartnerOrganisation.RECEIVABLE)), max_length=10,
                                        required=False, default=list)  # fmt: skip
    retention_days = serializers.IntegerField(required=False, default=365, min_value=-100_000, max_value=100_000)
    postal_address = serializers.CharField(max_length=1_000, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")


class PartnerUpdateSerializer(PartnerBodySerializer):
    expected_version = serializers.IntegerField(min_value=0, max_value=2**31)


class DisposalBodySerializer(serializers.Serializer):
    covers_up_to = serializers.DateField()
    confirmed_on = serializers.DateField()
    confirmed_by_name = serializers.CharField(max_length=200, allow_blank=True)


def _row(row: PartnerRow) -> dict[str, Any]:
    return {**row.__dict__, "holding": row.holding.__dict__}


def _detail(view: PartnerView) -> dict[str, Any]:
    o = view.organisation
    return {**_row(view.row), "version": o.version, "postal_address": o.postal_address, "email": o.email,
            "disposals": [d.__dict__ for d in view.disposals], "reads": [r.__dict__ for r in view.reads],
            "reads_total": view.reads_total}  # fmt: skip


def _details(data: dict[str, Any]) -> PartnerInput:
    names: list[str] = list(PartnerBodySerializer().fields.keys())
    return PartnerInput(**{name: data[name] for name in names})


def _url(organisation_id: int) -> str:
    return f"/api/v1/partners/{organisation_id}"


# --- Views ------------------------------------------------------------------------------


class PartnersView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PARTNER_READ}"

    @extend_schema(operation_id="partners_list", parameters=[PartnerListQuerySerializer],
                   responses={200: PartnerListSerializer, **_READ},
                   summary="The partner register, by name, with each organisation's next disposal")  # fmt: skip
    def get(self, request: Request) -> Response:
        query = PartnerListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        listed = partner_list(actor=acting(request), status=q.get("status", ""), overdue_only=q["overdue"])
        return Response(PartnerListSerializer({"results": [_row(r) for r in listed.rows],
                                               "overdue": listed.overdue}).data)  # fmt: skip

    @extend_schema(request=PartnerBodySerializer, parameters=[IDEMPOTENCY_KEY],
                   responses={201: CreatedSerializer, **_WRITE},
                   summary="Add an organisation to the register with its agreement; idempotent")  # fmt: skip
    def post(self, request: Request) -> Response:
        data = _valid(PartnerBodySerializer, request)

        def create() -> Response:
            organisation = create_partner(actor=acting(request), details=_details(data))
            return Response({"id": organisation.pk, "url": _url(organisation.pk)}, status=201)

        return idempotent(request, "partners.create", lambda: answered(create))


class PartnerDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PARTNER_READ}"

    @extend_schema(responses={200: PartnerDetailSerializer, **_READ},
                   summary="One organisation: its agreement, what it holds (counted), disposals and reads")  # fmt: skip
    def get(self, request: Request, organisation_id: int) -> Response:
        view = partner_get(actor=acting(request), organisation_id=organisation_id)
        return Response(PartnerDetailSerializer(_detail(view)).data)

    @extend_schema(request=PartnerUpdateSerializer, responses={200: CreatedSerializer, **_WRITE, **_CONFLICT},
                   summary="Change an organisation's entry, from the version you saw")  # fmt: skip
    def put(self, request: Request, organisation_id: int) -> Response:
        data = _valid(PartnerUpdateSerializer, request)

        def change() -> Response:
            organisation = update_partner(
                actor=acting(request),
                organisation_id=organisation_id,
                expected_version=data["expected_version"],
                details=_details(data),
            )
            return Response({"id": organisation.pk, "url": _url(organisation.pk)})

        return answered(change)


class PartnerDisposalsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PARTNER_READ}"

    @extend_schema(responses={200: DisposalListSerializer, **_READ},
                   summary="An organisation's disposal confirmations, latest first, and its next disposal")  # fmt: skip
    def get(self, request: Request, organisation_id: int) -> Response:
        view = partner_get(actor=acting(request), organisation_id=organisation_id)
        return Response(DisposalListSerializer({"results": [d.__dict__ for d in view.disposals],
                                                "holding": view.holding.__dict__}).data)  # fmt: skip

    @extend_schema(request=DisposalBodySerializer, responses={201: CreatedSerializer, **_WRITE},
                   summary="Record the organisation's confirmation that it disposed of what it received")  # fmt: skip
    def post(self, request: Request, organisation_id: int) -> Response:
        data = _valid(DisposalBodySerializer, request)

        def confirm() -> Response:
            confirmation = record_disposal(actor=acting(request), organisation_id=organisation_id, **data)
            return Response({"id": confirmation.pk, "url": f"{_url(organisation_id)}/disposals#{confirmation.pk}"},
                            status=201)  # fmt: skip

        return answered(confirm)
