"""The quarterly privacy report under /api/v1/privacy/reports/: the
figures as JSON (``quarterly?quarter=2026-Q4``), or as the CSV released
through the disclosure pipeline (``quarterly.csv?quarter=2026-Q4``: one
row per figure, recorded as a disclosure to the chief executive). Privacy
officers only (privacy_report:make). A bad quarter is 400
``quarter_invalid`` with ``field`` "quarter"."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import InvalidSerializer, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.privacy import reasons
from tiaki.privacy.quarters import QuarterError
from tiaki.privacy.selectors.report import quarterly_report
from tiaki.privacy.services.report import privacy_report_release

_QUARTER = OpenApiParameter("quarter", str, required=True, description='The quarter, e.g. "2026-Q4" (NZ dates)')
_ERRORS = {
    400: OpenApiResponse(InvalidSerializer, description="quarter_invalid (with field)"),
    403: OpenApiResponse(ProblemSerializer, description="Not a privacy officer, or induction refused"),
}


class ReportRowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field called label, not the Field attribute
    values = serializers.ListField(child=serializers.FloatField())


class ReportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    section = serializers.CharField()
    title = serializers.CharField()
    row_heading = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ReportRowSerializer(many=True)
    chart = serializers.BooleanField()
    note = serializers.CharField()


class QuarterlyReportSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    as_at = serializers.DateField(help_text="The day standings and disposals are counted at")
    summary = serializers.ListField(child=serializers.CharField())
    tables = ReportTableSerializer(many=True)


def _invalid(exc: QuarterError) -> Response:
    return problem(400, reasons.QUARTER_INVALID, str(exc), field=exc.field)


class QuarterlyReportView(TiakiAPIView):
    tiaki_access = Permission.PRIVACY_REPORT_MAKE

    @extend_schema(operation_id="privacy_report_quarterly", parameters=[_QUARTER],
                   responses={200: QuarterlyReportSerializer, **_ERRORS},
                   summary="The quarterly privacy report's figures (counts only)")  # fmt: skip
    def get(self, request: Request) -> Response:
        try:
            report = quarterly_report(actor=acting(request), quarter=request.query_params.get("quarter", ""))
        except QuarterError as exc:
            return _invalid(exc)
        return Response(report.as_json())


class QuarterlyReportCsvView(TiakiAPIView):
    tiaki_access = Permission.PRIVACY_REPORT_MAKE

    @extend_schema(operation_id="privacy_report_quarterly_csv", parameters=[_QUARTER],
                   responses={(200, "text/csv"): OpenApiTypes.STR, **_ERRORS},
                   summary="The quarterly privacy report as CSV, released through the disclosure pipeline")  # fmt: skip
    def get(self, request: Request) -> Response | HttpResponse:
        try:
            made = privacy_report_release(actor=acting(request), quarter=request.query_params.get("quarter", ""),
                                          file_format="csv")  # fmt: skip
        except QuarterError as exc:
            return _invalid(exc)
        response = HttpResponse(made.data, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        response["Cache-Control"] = "no-store"
        return response


urlpatterns: list[URLPattern] = [
    path("privacy/reports/quarterly", QuarterlyReportView.as_view(), name="privacy-report-quarterly"),
    path("privacy/reports/quarterly.csv", QuarterlyReportCsvView.as_view(), name="privacy-report-quarterly-csv"),
]
