"""Casework under /api/v1: cases, notes and their corrections, plans, court
orders and documents; the chronology is in tiaki.chronology.api.views.

Each view parses the body, calls one casework service or selector (the same
rules, need-to-know and audit as the pages) and answers. A service's refusal
becomes a problem: CaseworkError 400 ``invalid`` with the body ``field`` at
fault, StaleVersion 409 ``stale_version`` with the version someone else
saved, ConflictOfInterest 409 ``conflict_of_interest`` (the worker has a
personal connection to someone on the case), OpenCaseExists 409
``open_case_exists`` with ``existing_cases``; out of reach is 404, a missing
permission 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from tiaki.access import AccessDenied, Permission
from tiaki.api.idempotency import IDEMPOTENCY_KEY, idempotent
from tiaki.api.problems import problem, problem_exception_handler
from tiaki.api.serializers import InvalidSerializer, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.casework import selectors, services
from tiaki.casework.api import serializers as s
from tiaki.casework.models import PlanVersion
from tiaki.casework.selectors import CaseView
from tiaki.casework.services import CaseworkError, ConflictOfInterest, OpenCaseExists, StaleVersion
from tiaki.casework.uploads import UploadRejected, check_size, max_upload_bytes
from tiaki.staff.models import User

_READ = {
    403: OpenApiResponse(ProblemSerializer, description="Role or induction refused"),
    404: OpenApiResponse(ProblemSerializer, description="No such record, or not yours to see"),
}
_WRITE = {400: OpenApiResponse(InvalidSerializer, description="invalid (with field) or validation_failed"), **_READ}
_STALE = {409: OpenApiResponse(s.StaleSerializer, description="stale_version: someone else saved first")}
_REUSED = {422: OpenApiResponse(ProblemSerializer, description="idempotency_key_reused")}
_CONFLICT = {
    409: OpenApiResponse(
        ProblemSerializer, description="conflict_of_interest: you have a personal connection to someone on it"
    )
}

# The services' field names as the bodies name them.
_FIELDS = {
    "children": "child_ids",
    "about": "about_ids",
    "child": "child_id",
    "person": "person_id",
    "fgc": "fgc_id",
    "attempts": "engagement_attempts",
    "worker": "worker_id",
    "version": "base_version",
}
_ROW = re.compile(r"(goals|attempts)-(\d+)")  # the services number rows from 1; the body's lists count from 0


def body_field(service_field: str) -> str | None:
    row = _ROW.fullmatch(service_field)
    if row:
        return f"{_FIELDS.get(row[1], row[1])}.{int(row[2]) - 1}"
    return _FIELDS.get(service_field, service_field) or None


def answered(call: Callable[[], Response]) -> Response:
    """Run a service call, answering its refusals as problems. They are
    returned, not raised, so that inside an idempotent create's transaction
    the refusal's audit row commits (tiaki.access.enforcement.refuse)."""
    try:
        return call()
    except StaleVersion as exc:
        return problem(409, "stale_version", str(exc), current_version=getattr(exc.current, "number", None))
    except ConflictOfInterest as exc:
        return problem(409, exc.code, str(exc))
    except OpenCaseExists as exc:
        return problem(409, exc.code, str(exc), existing_cases=[{"id": pk, "reference": ref} for pk, ref in exc.cases])
    except CaseworkError as exc:
        return problem(400, "invalid", str(exc), field=body_field(exc.field))
    except (Http404, AccessDenied) as exc:
        refused = problem_exception_handler(exc, {})
        assert refused is not None  # both are answered by tiaki.api.problems
        return refused


def _name(user: User | AnonymousUser | None) -> str:
    if user is None or isinstance(user, AnonymousUser):
        return ""
    return user.get_full_name() or user.username


def _next(request: Request, param: str, value: object) -> str:
    return replace_query_param(request.build_absolute_uri(), param, value)


def _page(request: Request) -> tuple[int, int]:
    params = s.PageQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data["page"], params.validated_data["page_size"]


# --- Cases ----------------------------------------------------------------------


class CasesView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(
        operation_id="cases_list",
        parameters=[s.PageQuerySerializer],
        responses={200: s.CaseListPageSerializer, **_READ},
        summary="Your open cases (held or supervised), most recently opened first",
    )
    def get(self, request: Request) -> Response:
        page, size = _page(request)
        # Refused outright, not answered empty as on the home page: a client should hear why.
        cases = selectors.case_list_for(actor=acting(request), limit=page * size + 1, refused_as_empty=False)
        more = len(cases) > page * size
        results = cases[(page - 1) * size : page * size]
        return Response(s.CaseListPageSerializer({"results": results, "next": _next(request, "page", page + 1) if more
                                                  else None}).data)  # fmt: skip

    @extend_schema(
        request=s.CaseOpenSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: s.CaseCreatedSerializer,
            **_WRITE,
            **_REUSED,
            409: OpenApiResponse(
                s.OpenCaseExistsSerializer,
                description="open_case_exists: a child already has an open case (existing_cases); send "
                "confirm_additional with additional_reason to open another. Or conflict_of_interest",
            ),
        },
        summary="Open a case for children you may read, from a report you hold or directly; idempotent",
    )
    def post(self, request: Request) -> Response:
        body = s.CaseOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data

        def create() -> Response:
            case = services.case_open(actor=acting(request), kind=data["kind"], report_id=data["report_id"],
                                      child_ids=data["child_ids"], adult_ids=data["adult_ids"],
                                      confirm_additional=data["confirm_additional"],
                                      additional_reason=data["additional_reason"])  # fmt: skip
            return Response({"id": case.pk, "reference": case.reference, "url": f"/api/v1/cases/{case.pk}"}, status=201)

        return idempotent(request, "cases.create", lambda: answered(create))


def _case_detail(view: CaseView) -> dict[str, Any]:
    case = view.case
    return {
        "id": case.pk, "reference": case.reference, "kind": case.kind, "kind_label": case.get_kind_display(),
        "status": case.status, "version": case.version, "site": case.site_id, "opened_at": case.opened_at,
        "closed_at": case.closed_at, "worker_name": view.worker_name, "origin_report_id": case.origin_report_id,
        "awaiting_closure": case.awaiting_closure, "may_record": view.may_record,
        "participants": view.participants,
        "events": [{"kind": e.kind, "from_value": e.from_value, "to_value": e.to_value, "reason": e.reason,
                    "at": e.at, "by": _name(e.by)} for e in view.events],
        "tasks": view.tasks,
        "plans": [{"id": p.pk, "child_id": p.child_id, "current_version": p.current_version,
                   "url": f"/api/v1/plans/{p.pk}"} for p in view.plans],
        "fgcs": [{"id": f.pk, "referred_at": f.referred_at, "coordinator": _name(f.coordinator),
                  "held_on": f.held_on, "outcome": f.outcome, "review_on": f.review_on, "version": f.version}
                 for f in view.fgcs],
        "orders": [_order(o) for o in view.orders],
        "documents": [{**d.__dict__, "title": None if d.masked else d.title, "classification": d.classification_label,
                       "source": d.source_label,
                       "content_url": None if d.masked else f"/api/v1/documents/{d.id}/content"}
                      for d in view.documents],
        "emails": view.emails,
        "notes_url": f"/api/v1/cases/{case.pk}/notes",
    }  # fmt: skip


def _order(order: Any) -> dict[str, Any]:
    return {
        "id": order.pk, "case_id": order.case_id, "child_id": order.child_id, "kind": order.kind,
        "kind_label": order.get_kind_display(), "court": order.court, "made_on": order.made_on,
        "expires_on": order.expires_on, "without_notice": order.without_notice,
    }  # fmt: skip


class CaseDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(
        responses={200: s.CaseDetailSerializer, **_READ},
        summary="A case as you may see it: participants, events, tasks, plans, conferences, orders, "
        "documents and emails (SENSITIVE ones masked or left out without access)",
    )
    def get(self, request: Request, case_id: int) -> Response:
        view = selectors.case_get(actor=acting(request), case_id=case_id, notes_limit=0)
        return Response(s.CaseDetailSerializer(_case_detail(view)).data)


# --- Notes ----------------------------------------------------------------------


class CaseNotesView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(
        parameters=[s.PageQuerySerializer],
        responses={200: s.NotePageSerializer, **_READ},
        summary="A case's notes, newest first (SENSITIVE ones masked without access)",
    )
    def get(self, request: Request, case_id: int) -> Response:
        page, size = _page(request)
        view = selectors.case_get(actor=acting(request), case_id=case_id, notes_limit=page * size + 1)
        more = len(view.notes) > page * size
        results = view.notes[(page - 1) * size : page * size]
        return Response(s.NotePageSerializer({"results": results, "next": _next(request, "page", page + 1) if more
                                              else None}).data)  # fmt: skip

    @extend_schema(
        request=s.NoteAddSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: s.CreatedSerializer, **_WRITE, **_REUSED},
        summary="Record a note (visit, phone call, meeting, supervision, other), dated when it happened; idempotent",
    )
    def post(self, request: Request, case_id: int) -> Response:
        body = s.NoteAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def create() -> Response:
            note = services.note_add(actor=acting(request), case_id=case_id, **body.validated_data)
            return Response({"id": note.pk, "url": f"/api/v1/notes/{note.pk}"}, status=201)

        return idempotent(request, f"cases/{case_id}/notes", lambda: answered(create))


class NoteDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(responses={200: s.NoteHistorySerializer, **_READ}, summary="A note with every version, newest first")
    def get(self, request: Request, note_id: int) -> Response:
        history = selectors.note_get(actor=acting(request), note_id=note_id)
        return Response(s.NoteHistorySerializer({"note": history.note, "case_id": history.case.pk,
                                                 "versions": history.versions,
                                                 "may_record": history.may_record}).data)  # fmt: skip


class NoteCorrectionsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_UPDATE}"

    @extend_schema(
        request=s.NoteCorrectSerializer,
        responses={201: s.NoteVersionSerializer, **_WRITE, **_STALE},
        summary="Correct a note: a new version with why; the earlier versions stay",
    )
    def post(self, request: Request, note_id: int) -> Response:
        body = s.NoteCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def correct() -> Response:
            try:
                version = services.note_correct(actor=acting(request), note_id=note_id, **body.validated_data)
            except CaseworkError as exc:
                if exc.field == "note":  # no such note: as for one out of reach, its existence does not leak
                    raise Http404 from None
                raise
            return Response(s.NoteVersionSerializer({
                "number": version.number, "title": version.title, "text": version.text,
                "written_by": _name(version.written_by), "written_at": version.written_at, "reason": version.reason,
            }).data, status=201)  # fmt: skip

        return answered(correct)


# --- Plans ----------------------------------------------------------------------


def _plan_version(v: PlanVersion) -> dict[str, Any]:
    return {
        "number": v.number, "goals": v.goals, "child_voice": v.child_voice, "whanau_views": v.whanau_views,
        "review_on": v.review_on, "written_by": _name(v.written_by), "written_at": v.written_at, "reason": v.reason,
        "fgc_id": v.fgc_id,
    }  # fmt: skip


class PlanDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    @extend_schema(responses={200: s.PlanSerializer, **_READ}, summary="A child's plan with every version")
    def get(self, request: Request, plan_id: int) -> Response:
        history = selectors.plan_get(actor=acting(request), plan_id=plan_id)
        plan = history.plan
        return Response(s.PlanSerializer({
            "id": plan.pk, "case_id": plan.case_id, "child_id": plan.child_id, "child_name": history.child_name,
            "current_version": plan.current_version, "may_record": history.may_record,
            "versions": [_plan_version(v) for v in history.versions],
        }).data)  # fmt: skip


class PlanSaveView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_UPDATE}"

    @extend_schema(
        request=s.PlanSaveSerializer,
        responses={200: s.PlanSavedSerializer, 201: s.PlanSavedSerializer, **_WRITE, **_STALE},
        summary="Save a new version of the child's plan (201 for the first); a stale base_version saves nothing",
    )
    def put(self, request: Request, case_id: int, child_id: int) -> Response:
        body = s.PlanSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def save() -> Response:
            version = services.plan_save(actor=acting(request), case_id=case_id, child_id=child_id,
                                         **body.validated_data)  # fmt: skip
            shown = {**_plan_version(version), "plan_id": version.plan_id, "url": f"/api/v1/plans/{version.plan_id}"}
            return Response(s.PlanSavedSerializer(shown).data, status=201 if version.number == 1 else 200)

        return answered(save)


# --- Court orders and documents -------------------------------------------------


class CaseOrdersView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_UPDATE}"

    @extend_schema(
        request=s.CourtOrderSerializer,
        responses={201: s.OrderSerializer, **_WRITE},
        summary="Record a court order; an s78 (without notice) order needs engagement_attempts and "
        "no_safety_plan_reason",
    )
    def post(self, request: Request, case_id: int) -> Response:
        body = s.CourtOrderSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def record() -> Response:
            order = services.court_order_record(actor=acting(request), case_id=case_id, **body.validated_data)
            return Response(s.OrderSerializer(_order(order)).data, status=201)

        return answered(record)


#: Room for the multipart framing and the other fields around the file.
_MULTIPART_SLACK = 64 * 1024


def _too_large(size: int) -> Response:
    try:
        check_size(size)
        message = "The file is too large."
    except UploadRejected as exc:
        message = str(exc)
    return problem(413, "too_large", message, field="file", title="The file is too large")


class CaseDocumentsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_UPDATE}"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={
            201: s.DocumentCreatedSerializer,
            413: OpenApiResponse(ProblemSerializer, description="too_large: over TIAKI_UPLOAD_MAX_MB"),
            **_WRITE,
        },
        summary="Upload a document (400 file_type when its content is not what its name says)",
    )
    def post(self, request: Request, case_id: int) -> Response:
        limit = max_upload_bytes()
        # Refuse an oversized body by its declared length, before reading it.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > limit + _MULTIPART_SLACK:
            return _too_large(int(declared))
        body = s.DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data["file"]
        if upload.size > limit:
            return _too_large(upload.size)

        def upload_it() -> Response:
            try:
                document = services.document_upload(
                    actor=acting(request), case_id=case_id, name=upload.name or "", data=upload.read(),
                    title=data["title"], classification=data["classification"], person_id=data["person_id"],
                )  # fmt: skip
            except CaseworkError as exc:
                if exc.field == "file":
                    return problem(400, "file_type", str(exc), field="file")
                raise
            return Response(s.DocumentCreatedSerializer({
                "id": document.pk, "title": document.title, "classification": document.classification,
                "content_type": document.content_type, "size_bytes": document.size_bytes,
                "uploaded_at": document.uploaded_at, "content_url": f"/api/v1/documents/{document.pk}/content",
            }).data, status=201)  # fmt: skip

        return answered(upload_it)


class DocumentContentView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CASE_READ}"

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The answer is the file, whatever type the client accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **_READ},
        summary="Download a document (audited); the Content-Type is the type found in its content",
    )
    def get(self, request: Request, document_id: int) -> FileResponse:
        document = selectors.document_open(actor=acting(request), document_id=document_id)
        response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                                filename=document.original_name)  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response
