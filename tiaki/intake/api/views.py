"""Reports of concern under /api/v1/reports: professional referrals from
partner agencies (Police, schools, health), idempotent per Idempotency-Key,
with the same validation and audit as the web form (report_record), and the
report read back as the caller may see it (report_get)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access.permissions import Permission
from tiaki.api.idempotency import IDEMPOTENCY_KEY, idempotent
from tiaki.api.problems import problem
from tiaki.api.serializers import ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.intake.api.serializers import ReportCreatedSerializer, ReportCreateSerializer, ReportSerializer
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.intake.selectors.report import ReportPersonView, ReportView, report_get
from tiaki.intake.services.reports import (
    ConcernInput,
    ReportInput,
    ReportInputError,
    ReportPersonInput,
    UnlinkedPersonInput,
    report_record,
)

# The service's field names (tiaki.intake.services.reports._validate) as the API body names them.
_FIELDS = {
    "site_id": "site",
    "persons": "children",
    "notifier_name": "notifier.name",
    "notifier_relationship": "notifier.relationship",
    "notifier_contact": "notifier.contact",
}
# Body list -> the role its persons have on the report, in the order they are sent to the service.
_PERSON_LISTS = (
    ("children", ReportPerson.Role.CHILD),
    ("adults", ReportPerson.Role.ADULT),
    ("alleged", ReportPerson.Role.ALLEGED),
)


def _report_input(data: dict[str, Any]) -> tuple[ReportInput, list[str]]:
    """The service's input, and for each linked person the body field it came from."""
    persons: list[ReportPersonInput] = []
    origins: list[str] = []
    for name, role in _PERSON_LISTS:
        for index, person_id in enumerate(data[name]):
            persons.append(ReportPersonInput(person_id=person_id, role=role))
            origins.append(f"{name}.{index}")
    notifier = data["notifier"] or {}
    report_input = ReportInput(
        site_id=data["site"],
        persons=persons,
        concerns=[ConcernInput(c["category"], c["detail"]) for c in data["concerns"]],
        narrative=data["narrative"],
        immediate_safety=data["immediate_safety"],
        child_unsafe_now=data["child_unsafe_now"],
        received_at=data["received_at"],
        channel=ReportOfConcern.Channel.API,
        notifier_name=notifier.get("name", ""),
        notifier_relationship=notifier.get("relationship", ""),
        notifier_contact=notifier.get("contact", ""),
        notifier_confidential=notifier.get("confidential", False),
        referrer_agency=data["referrer_agency"],
        referrer_reference=data["referrer_reference"],
        unlinked=[UnlinkedPersonInput(**person) for person in data["unlinked"]],
    )
    return report_input, origins


def _api_errors(errors: dict[str, str], origins: list[str]) -> dict[str, str]:
    """Rename the service's fields (``persons.3``) to the body's (``adults.1``)."""
    renamed = {}
    for field, message in errors.items():
        head, _, rest = field.partition(".")
        if head == "persons" and rest:
            index, _, tail = rest.partition(".")
            field = origins[int(index)] + (f".{tail}" if tail else "")
        else:
            field = _FIELDS.get(field, field)
        renamed[field] = message
    return renamed


class ReportCreateView(TiakiAPIView):
    tiaki_access = Permission.REPORT_CREATE

    @extend_schema(
        request=ReportCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ReportCreatedSerializer,
            400: OpenApiResponse(
                ProblemSerializer,
                description="validation_failed with errors (field -> message), for the body's shape and for facts "
                "the service checks (a site, children or concerns that do not exist, a time in the future)",
            ),
        },
        summary="Refer a report of concern (children and adults by person id, after searching); "
        "idempotent per Idempotency-Key; answered with the agency's reference",
    )
    def post(self, request: Request) -> Response:
        body = ReportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return idempotent(request, "reports.create", lambda: self._create(request, body.validated_data))

    def _create(self, request: Request, data: dict[str, Any]) -> Response:
        report_input, origins = _report_input(data)
        try:
            report = report_record(actor=acting(request), data=report_input)
        except ReportInputError as exc:
            return problem(
                400,
                "validation_failed",
                "Some fields are missing or not valid: see errors.",
                errors=_api_errors(exc.errors, origins),
            )
        return Response(
            {"id": report.pk, "reference": report.reference, "url": f"/api/v1/reports/{report.pk}"}, status=201
        )


def _person(p: ReportPersonView) -> dict[str, Any]:
    return {"person_id": p.person_id, "name": p.name, "role": p.role}


def _shown(view: ReportView) -> dict[str, Any]:
    latest = view.latest_decision
    return {
        "id": view.id,
        "reference": view.reference,
        "site": view.site_id,
        "received_at": view.received_at,
        "status": view.status,
        "stage": view.stage,
        "channel": view.channel,
        "children": [_person(p) for p in view.children],
        "adults": [_person(p) for p in view.adults],
        "concerns": [{"category": c.category, "detail": c.detail} for c in view.concerns],
        "narrative": view.narrative,
        "immediate_safety": view.immediate_safety,
        "child_unsafe_now": view.child_unsafe_now,
        "referrer_agency": view.referrer_agency,
        "referrer_reference": view.referrer_reference,
        # report_get has already masked the identity unless the reader may see SENSITIVE fields.
        "notifier": {
            "masked": not view.notifier_visible,
            "name": view.notifier_name,
            "relationship": view.notifier_relationship,
            "contact": view.notifier_contact,
            "confidential": view.notifier_confidential,
        },
        "decision": latest.outcome if latest else None,
        "timeframe": view.timeframe_code,
        "decided_at": view.clock.decided_at,
        "response_due_at": view.clock.due_at,
        "responded_at": view.clock.responded_at,
        "immediate": view.immediate,
        # The same deadline and time remaining as the queue and the report page (tiaki.intake.clocks.deadline).
        "deadline": (
            {
                "kind": view.deadline.kind,
                "due_at": view.deadline.due_at,
                "remaining": view.deadline.remaining_text,
                "overdue": view.deadline.overdue,
            }
            if view.deadline
            else None
        ),
    }


class ReportDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.REPORT_READ}"

    @extend_schema(
        responses={200: ReportSerializer},
        summary="One report of concern, as the caller may see it (the notifier's identity masked without access)",
    )
    def get(self, request: Request, report_id: int) -> Response:
        view = report_get(actor=acting(request), report_id=report_id)
        return Response(ReportSerializer(_shown(view)).data)
