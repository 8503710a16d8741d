"""Access monitoring under /api/v1/privacy/, with the same rules and audit as
the pages (tiaki.privacy.selectors.monitoring, services.monitoring).
Privacy officers only.

- ``GET privacy/alerts`` (``?status=open|triaged|all&rule=<code>&page=N``): the queue;
- ``GET privacy/alerts/<id>``: one alert, what it found and the events behind it;
- ``POST privacy/alerts/<id>/triage`` {outcome, note, version}: 400
  ``privacy_incident_invalid`` with field; 403 ``triage_own``; 409 ``privacy_stale``;
- ``GET privacy/monitoring/rules``; ``PUT privacy/monitoring/rules/<id>`` (by the rule's id, as every
  path names a record)
  {enabled, threshold, window_minutes, factor, day_starts, day_ends, expected_version}:
  400 ``threshold_invalid`` with field; 409 ``privacy_stale``;
- ``GET privacy/monitoring/runs``: the last 20 passes.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import AwareDateTimeField, InvalidSerializer, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.privacy import reasons
from tiaki.privacy.models import AccessAlert, MonitoringRule
from tiaki.privacy.selectors import monitoring as selectors
from tiaki.privacy.services import monitoring as services

_TEXT = 5_000


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    staff_id = serializers.IntegerField()
    staff_name = serializers.CharField()
    count = serializers.IntegerField()
    threshold = serializers.IntegerField()
    window_start = AwareDateTimeField()
    window_end = AwareDateTimeField()
    raised_at = AwareDateTimeField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    incident_id = serializers.IntegerField(allow_null=True)
    incident_reference = serializers.CharField()
    version = serializers.IntegerField()


class AlertPageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    total = serializers.IntegerField()
    open_count = serializers.IntegerField()
    alerts = AlertSerializer(many=True)


class AlertEventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    occurred_at = AwareDateTimeField()
    sentence = serializers.CharField()
    kind = serializers.CharField()


class AlertDetailSerializer(AlertSerializer):
    found = serializers.CharField(help_text="What it found, in words (numbers only)")
    person_ids = serializers.ListField(child=serializers.IntegerField(), help_text="At most 50")
    detail = serializers.DictField()
    triage_note = serializers.CharField()
    events = AlertEventSerializer(many=True)
    events_total = serializers.IntegerField()
    may_triage = serializers.BooleanField()


class TriageSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AccessAlert.Outcome.choices)
    note = serializers.CharField(allow_blank=True, max_length=_TEXT, help_text="Why: needed for every outcome")
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The version you last read")


class RuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    rule_label = serializers.CharField()
    enabled = serializers.BooleanField()
    threshold = serializers.IntegerField()
    window_minutes = serializers.IntegerField()
    factor = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    day_starts = serializers.TimeField(allow_null=True)
    day_ends = serializers.TimeField(allow_null=True)
    version = serializers.IntegerField()
    updated_at = AwareDateTimeField()


class RuleUpdateSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    threshold = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1, help_text="1 or more")
    window_minutes = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1, help_text="1 or more")
    factor = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=12,
                                   help_text="The volume rule only: above 1")  # fmt: skip
    day_starts = serializers.TimeField(required=False, allow_null=True, default=None)
    day_ends = serializers.TimeField(required=False, allow_null=True, default=None)
    expected_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    started_at = AwareDateTimeField()
    finished_at = AwareDateTimeField(allow_null=True)
    from_seq = serializers.IntegerField()
    to_seq = serializers.IntegerField()
    events_scanned = serializers.IntegerField()
    alerts_raised = serializers.IntegerField()


def _alert(row: selectors.AlertRow) -> dict[str, Any]:
    return {name: value for name, value in asdict(row).items() if name in AlertSerializer._declared_fields}


def _rule(rule: MonitoringRule) -> dict[str, Any]:
    return RuleSerializer(
        {
            "id": rule.pk,
            "code": rule.code,
            "rule_label": rule.get_code_display(),
            "enabled": rule.enabled,
            "threshold": rule.threshold,
            "window_minutes": rule.window_minutes,
            "factor": rule.factor,
            "day_starts": rule.day_starts,
            "day_ends": rule.day_ends,
            "version": rule.version,
            "updated_at": rule.updated_at,
        }
    ).data


def _failed(exc: services.MonitoringError) -> Response:
    if isinstance(exc, services.StaleMonitoring):
        return problem(409, reasons.PRIVACY_STALE, exc.message)
    if exc.reason == reasons.TRIAGE_OWN:
        return problem(403, reasons.TRIAGE_OWN, exc.message)
    return problem(400, exc.reason, exc.message, field=exc.field, errors={exc.field: [exc.message]})


_INVALID = {
    400: OpenApiResponse(InvalidSerializer, description="privacy_incident_invalid or threshold_invalid, with field")
}
_STALE = {409: OpenApiResponse(ProblemSerializer, description="privacy_stale: changed since the version you read")}
_OWN = {403: OpenApiResponse(ProblemSerializer, description="triage_own: the alert is about you")}


def _detail(view: selectors.AlertView) -> dict[str, Any]:
    return AlertDetailSerializer({
        **_alert(view.alert), "found": view.found, "person_ids": view.person_ids, "detail": view.detail,
        "triage_note": view.triage_note, "events_total": view.events_total, "may_triage": view.may_triage,
        "events": [{"seq": e.seq, "occurred_at": e.occurred_at, "sentence": e.sentence, "kind": e.kind}
                   for e in view.events],
    }).data  # fmt: skip


class AlertsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.ACCESS_ALERT_TRIAGE}"

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(selectors.STATUSES), description="open (default), triaged, all"),
            OpenApiParameter("rule", str, enum=list(MonitoringRule.Code.values)),
            OpenApiParameter("page", int),
        ],
        responses={200: AlertPageSerializer},
        summary="The access alert queue: open first, oldest first",
    )
    def get(self, request: Request) -> Response:
        status = str(request.query_params.get("status", "open"))
        page_text = str(request.query_params.get("page", "1"))
        page = selectors.alert_queue(
            actor=acting(request), status=status if status in selectors.STATUSES else "open",
            rule=str(request.query_params.get("rule", "")),
            page=int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1,
        )  # fmt: skip
        return Response(AlertPageSerializer({"page": page.page, "pages": page.pages, "total": page.total,
                                             "open_count": page.open_count,
                                             "alerts": [_alert(row) for row in page.rows]}).data)  # fmt: skip


class AlertDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.ACCESS_ALERT_TRIAGE}"

    @extend_schema(responses={200: AlertDetailSerializer}, summary="One access alert and the events behind it")
    def get(self, request: Request, alert_id: int) -> Response:
        return Response(_detail(selectors.alert_get(actor=acting(request), alert_id=alert_id)))


class AlertTriageView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.ACCESS_ALERT_TRIAGE}"

    @extend_schema(request=TriageSerializer, responses={200: AlertDetailSerializer, **_INVALID, **_STALE, **_OWN},
                   summary="Triage an alert (a near miss or a breach goes on the privacy register)")  # fmt: skip
    def post(self, request: Request, alert_id: int) -> Response:
        body = TriageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actor = acting(request)
        data = body.validated_data
        try:
            services.alert_triage(actor=actor, alert_id=alert_id, expected_version=data["version"],
                                  outcome=data["outcome"], note=data["note"])  # fmt: skip
        except services.MonitoringError as exc:
            return _failed(exc)
        return Response(_detail(selectors.alert_get(actor=actor, alert_id=alert_id)))


class RulesView(TiakiAPIView):
    tiaki_access = Permission.MONITORING_POLICY_MANAGE

    @extend_schema(responses={200: RuleSerializer(many=True)}, summary="The access monitoring rules (policy data)")
    def get(self, request: Request) -> Response:
        return Response([_rule(rule) for rule in selectors.rules_all()])


class RuleView(TiakiAPIView):
    tiaki_access = Permission.MONITORING_POLICY_MANAGE

    @extend_schema(request=RuleUpdateSerializer, responses={200: RuleSerializer, **_INVALID, **_STALE},
                   summary="Change one rule's threshold, window, factor or working day")  # fmt: skip
    def put(self, request: Request, rule_id: int) -> Response:
        body = RuleUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = MonitoringRule.objects.filter(pk=rule_id).values_list("code", flat=True).first() or ""
        try:
            rule = services.monitoring_rule_update(actor=acting(request), code=code, **body.validated_data)
        except services.MonitoringError as exc:
            return _failed(exc)
        return Response(_rule(rule))


class RunsView(TiakiAPIView):
    tiaki_access = Permission.MONITORING_POLICY_MANAGE

    @extend_schema(responses={200: RunSerializer(many=True)}, summary="The last 20 monitoring passes")
    def get(self, request: Request) -> Response:
        return Response(RunSerializer([
            {"id": run.pk, "kind": run.kind, "started_at": run.started_at, "finished_at": run.finished_at,
             "from_seq": run.from_seq, "to_seq": run.to_seq, "events_scanned": run.events_scanned,
             "alerts_raised": run.alerts_raised}
            for run in selectors.runs_recent()
        ], many=True).data)  # fmt: skip


urlpatterns: list[URLPattern] = [
    path("privacy/alerts", AlertsView.as_view(), name="privacy-alerts"),
    path("privacy/alerts/<id:alert_id>", AlertDetailView.as_view(), name="privacy-alert"),
    path("privacy/alerts/<id:alert_id>/triage", AlertTriageView.as_view(), name="privacy-alert-triage"),
    path("privacy/monitoring/rules", RulesView.as_view(), name="privacy-monitoring-rules"),
    path("privacy/monitoring/rules/<id:rule_id>", RuleView.as_view(), name="privacy-monitoring-rule"),
    path("privacy/monitoring/runs", RunsView.as_view(), name="privacy-monitoring-runs"),
]
