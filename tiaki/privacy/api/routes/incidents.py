"""The breach and near-miss register under /api/v1/privacy/, with the same
rules, audit and errors as the pages (tiaki.privacy.services.incidents,
selectors.incidents):

- ``GET incidents`` (privacy officers; ``?kind=&status=&source=&page=``): the
  register, running clocks first; ``POST incidents``: report a concern (any
  staff member, 201);
- ``GET incidents/{id}``: one incident;
- ``POST incidents/{id}/assess|containment|commissioner|close`` with the
  ``expected_version`` last read; ``POST incidents/{id}/actions`` (201),
  ``/links`` (201), ``/notices`` (201: phone, in person, not notifying, or
  ``letter`` through the disclosure pipeline); ``POST
  incidents/actions/{id}/done``.

Bad input: 400 ``privacy_incident_invalid`` with ``field`` (a blocked letter:
400 ``disclosure_blocked`` with the guard's words); 409 ``assess_own``,
``actions_open``, ``privacy_stale``. Nothing saved, the attempt audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer, RecordIdField
from tiaki.api.views import TiakiAPIView, acting
from tiaki.privacy import harm, reasons
from tiaki.privacy.models import IncidentNotice, PrivacyIncident
from tiaki.privacy.selectors.incidents import IncidentView, incident_get, incident_register
from tiaki.privacy.services import incidents as svc

PI = PrivacyIncident
_TEXT = 10_000
_CONFLICTS = {reasons.ASSESS_OWN, reasons.ACTIONS_OPEN, reasons.PRIVACY_STALE}


class ReportSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=20)
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="The New Zealand date it happened: today or earlier")  # fmt: skip
    occurred_time = serializers.TimeField(required=False, allow_null=True, default=None)
    description = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    whose_information = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    how_found = serializers.ChoiceField(choices=PI.HowFound.choices, required=False, default=PI.HowFound.SELF)
    how_found_detail = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    action_taken = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    category = serializers.CharField(allow_blank=True, max_length=30, required=False, default="")
    person_ids = serializers.ListField(child=RecordIdField(), required=False, default=list, max_length=100)


class VersionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The version you read")


class FactorSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=harm.LEVELS)
    note = serializers.CharField(allow_blank=True, max_length=2_000, required=False, default="")


class AssessSerializer(VersionSerializer):
    harm_factors = serializers.DictField(
        child=FactorSerializer(), help_text=f"By factor: {', '.join(harm.FACTOR_CODES)}"
    )
    serious_harm_likely = serializers.BooleanField()
    reasoning = serializers.CharField(allow_blank=True, max_length=_TEXT)
    category = serializers.CharField(allow_blank=True, max_length=30)
    caused_by_id = RecordIdField(required=False, allow_null=True, default=None)
    kind = serializers.CharField(allow_blank=True, max_length=20, required=False, default="")


class ContainmentSerializer(VersionSerializer):
    containment = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    root_cause = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="")
    cause = serializers.CharField(allow_blank=True, max_length=20, required=False, default="")


class ActionSerializer(VersionSerializer):
    description = serializers.CharField(allow_blank=True, max_length=2_000)
    owner_id = RecordIdField()
    due_on = serializers.DateField()


class CommissionerSerializer(VersionSerializer):
    notified_at = AwareDateTimeField()
    reference = serializers.CharField(allow_blank=True, max_length=60, required=False, default="")


class CloseSerializer(VersionSerializer):
    summary = serializers.CharField(allow_blank=True, max_length=_TEXT)


class LinkSerializer(serializers.Serializer):
    event_seq = RecordIdField()
    note = serializers.CharField(allow_blank=True, max_length=300, required=False, default="")


class NoticeSerializer(serializers.Serializer):
    person_id = RecordIdField()
    method = serializers.ChoiceField(choices=IncidentNotice.Method.choices)
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(allow_blank=True, max_length=2_000, required=False, default="")
    subject = serializers.CharField(allow_blank=True, max_length=200, required=False, default="",
                                    help_text="A letter's subject")  # fmt: skip
    body = serializers.CharField(allow_blank=True, max_length=_TEXT, required=False, default="",
                                 help_text="A letter's text (checked by the disclosure guard)")  # fmt: skip


class DoneSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=2_000, required=False, default="")


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    category_label = serializers.CharField()
    site_name = serializers.CharField()
    occurred_on = serializers.DateField()
    became_aware_at = AwareDateTimeField()
    clock_words = serializers.CharField()
    clock_state = serializers.CharField(help_text='"", running, soon, overdue or told')
    notifiable = serializers.BooleanField(allow_null=True)


class RegisterSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    clocks_running = serializers.IntegerField()
    results = RowSerializer(many=True)


class DetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    kind = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    category = serializers.CharField()
    occurred_on = serializers.DateField()
    became_aware_at = AwareDateTimeField()
    description = serializers.CharField()
    notifiable = serializers.BooleanField(allow_null=True)
    commissioner_due_at = AwareDateTimeField(allow_null=True)
    commissioner_notified_at = AwareDateTimeField(allow_null=True)
    escalation_level = serializers.IntegerField()
    clock_words = serializers.CharField()
    open_actions = serializers.IntegerField()
    actions = serializers.ListField(child=serializers.DictField())
    links = serializers.ListField(child=serializers.DictField())
    notices = serializers.ListField(child=serializers.DictField())


def _detail(view: IncidentView) -> dict[str, Any]:
    i = view.incident
    return DetailSerializer({
        "id": i.pk, "reference": i.reference, "version": i.version, "kind": i.kind, "source": i.source,
        "status": i.status, "category": i.category, "occurred_on": i.occurred_on,
        "became_aware_at": i.became_aware_at, "description": i.description, "notifiable": i.notifiable,
        "commissioner_due_at": i.commissioner_due_at, "commissioner_notified_at": i.commissioner_notified_at,
        "escalation_level": i.escalation_level, "clock_words": view.clock_words, "open_actions": view.open_actions,
        "actions": [{"id": a.id, "description": a.description, "owner": a.owner_name, "due_on": str(a.due_on),
                     "done": a.done} for a in view.actions],
        "links": [{"event_seq": link.seq, "note": link.note, "sentence": link.row.sentence if link.row else ""}
                  for link in view.links],
        "notices": [{"person_id": n.person_id, "method": n.method_label, "note": n.note} for n in view.notices],
    }).data  # fmt: skip


def _failed(exc: svc.IncidentError) -> Response:
    if isinstance(exc, svc.LetterBlocked):
        return problem(400, "disclosure_blocked", exc.message, field=exc.field, guard=exc.words)
    if exc.reason in _CONFLICTS:
        return problem(409, exc.reason, exc.message, field=exc.field)
    return problem(400, exc.reason, exc.message, field=exc.field, errors={exc.field: [exc.message]})


_INVALID = {400: OpenApiResponse(InvalidSerializer, description="privacy_incident_invalid, with field")}
_CONFLICT = {409: OpenApiResponse(ProblemSerializer, description="assess_own, actions_open or privacy_stale")}
_REFUSED = {403: OpenApiResponse(ProblemSerializer, description="your role may not do this")}
_MISSING = {404: OpenApiResponse(ProblemSerializer, description="no such incident")}


class IncidentListView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PRIVACY_CONCERN_REPORT}"

    @extend_schema(
        parameters=[OpenApiParameter(n, str) for n in ("kind", "status", "source")] + [OpenApiParameter("page", int)],
        responses={200: RegisterSerializer, **_REFUSED},
        summary="The breach and near-miss register (privacy officers), running clocks first",
    )
    def get(self, request: Request) -> Response:
        q = request.query_params
        try:
            number = max(1, min(int(q.get("page", 1)), 100_000))
        except ValueError:
            number = 1
        page = incident_register(actor=acting(request), kind=q.get("kind", ""), status=q.get("status", ""),
                                 source=q.get("source", ""), page=number)  # fmt: skip
        return Response(RegisterSerializer({"count": page.count, "page": page.page, "pages": page.pages,
                                            "clocks_running": page.clocks_running,
                                            "results": [vars(r) for r in page.rows]}).data)  # fmt: skip

    @extend_schema(request=ReportSerializer, responses={201: OpenApiResponse(description="id and reference"),
                                                         **_INVALID, **_REFUSED},
                   summary="Report a privacy concern (a breach or near miss)")  # fmt: skip
    def post(self, request: Request) -> Response:
        body = ReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = svc.incident_report(actor=acting(request), **body.validated_data)
        except svc.IncidentError as exc:
            return _failed(exc)
        return Response({"id": made.pk, "reference": made.reference, "status": made.status}, status=201)


class IncidentDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PRIVACY_INCIDENT_MANAGE}"

    @extend_schema(responses={200: DetailSerializer, **_REFUSED, **_MISSING}, summary="One privacy incident")
    def get(self, request: Request, incident_id: int) -> Response:
        return Response(_detail(incident_get(actor=acting(request), incident_id=incident_id)))


def _post(name: str, body_class: type[serializers.Serializer], call: Callable[..., Any], summary: str, *,
          created: bool = False, key: str = "incident_id") -> type[TiakiAPIView]:  # fmt: skip
    """A POST through ``call`` with the body's fields; answers with the incident (or the new row's id, 201)."""

    class PostView(TiakiAPIView):
        tiaki_access = f"personal-data:{Permission.PRIVACY_INCIDENT_MANAGE}"

        @extend_schema(
            request=body_class,
            responses={201 if created else 200: DetailSerializer, **_INVALID, **_CONFLICT, **_REFUSED, **_MISSING},
            summary=summary,
        )
        def post(self, request: Request, **kwargs: int) -> Response:
            body = body_class(data=request.data)
            body.is_valid(raise_exception=True)
            actor = acting(request)
            try:
                made = call(actor=actor, **{key: kwargs[key]}, **body.validated_data)
            except svc.IncidentError as exc:
                return _failed(exc)
            incident_id = kwargs.get("incident_id") or made.incident_id
            data = _detail(incident_get(actor=actor, incident_id=incident_id))
            if created:
                return Response({"id": made.pk, "incident": data}, status=201)
            return Response(data)

    PostView.__name__ = PostView.__qualname__ = name
    PostView.__doc__ = summary
    return PostView


def _notice(*, actor: Any, incident_id: int, method: str, subject: str, body: str, **rest: Any) -> Any:
    if method == IncidentNotice.Method.LETTER:
        return svc.incident_letter_send(actor=actor, incident_id=incident_id, person_id=rest["person_id"],
                                        subject=subject, body=body)  # fmt: skip
    return svc.incident_notice_record(actor=actor, incident_id=incident_id, method=method, **rest)


def _assess(*, expected_version: int, **rest: Any) -> Any:
    return svc.incident_assess(expected_version=expected_version, **rest)


AssessView = _post("IncidentAssessView", AssessSerializer, _assess, "Assess against the serious-harm factors")
ContainmentView = _post("IncidentContainmentView", ContainmentSerializer, svc.incident_containment,
                        "Record containment and root cause")  # fmt: skip
ActionsView = _post("IncidentActionsView", ActionSerializer, svc.incident_action_add,
                    "Add an action with an owner and due date", created=True)  # fmt: skip
LinksView = _post("IncidentLinksView", LinkSerializer, svc.incident_link_add, "Link an audit event", created=True)
NoticesView = _post("IncidentNoticesView", NoticeSerializer, _notice,
                    "Tell an affected person (a letter through the guard) or record how", created=True)  # fmt: skip
CommissionerView = _post("IncidentCommissionerView", CommissionerSerializer, svc.incident_commissioner_told,
                         "Record that the Commissioner was told (stops the clock)")  # fmt: skip
CloseView = _post("IncidentCloseView", CloseSerializer, svc.incident_close, "Close (every action done)")
ActionDoneView = _post("IncidentActionDoneView", DoneSerializer, svc.incident_action_done, "Mark an action done",
                       key="action_id")  # fmt: skip

urlpatterns: list[URLPattern] = [
    path("privacy/incidents", IncidentListView.as_view(), name="privacy-incidents"),
    path("privacy/incidents/actions/<id:action_id>/done", ActionDoneView.as_view(),
         name="privacy-incident-action-done"),
    path("privacy/incidents/<id:incident_id>", IncidentDetailView.as_view(), name="privacy-incident"),
    path("privacy/incidents/<id:incident_id>/assess", AssessView.as_view(), name="privacy-incident-assess"),
    path("privacy/incidents/<id:incident_id>/containment", ContainmentView.as_view(),
         name="privacy-incident-containment"),
    path("privacy/incidents/<id:incident_id>/actions", ActionsView.as_view(), name="privacy-incident-actions"),
    path("privacy/incidents/<id:incident_id>/links", LinksView.as_view(), name="privacy-incident-links"),
    path("privacy/incidents/<id:incident_id>/notices", NoticesView.as_view(), name="privacy-incident-notices"),
    path("privacy/incidents/<id:incident_id>/commissioner", CommissionerView.as_view(),
         name="privacy-incident-commissioner"),
    path("privacy/incidents/<id:incident_id>/close", CloseView.as_view(), name="privacy-incident-close"),
]  # fmt: skip
