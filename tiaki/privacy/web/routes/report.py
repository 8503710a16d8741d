"""The quarterly privacy report to the chief executive (privacy officers):
/privacy/reports/ shows a quarter's figures as tables (with a chart for
each), and its buttons release the PDF or the CSV through the disclosure
pipeline (tiaki.privacy.services.report)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.disclosure.services.pipeline import DisclosureBlocked, DisclosureError
from tiaki.privacy.quarters import QuarterError, quarter_of, recent_quarters
from tiaki.privacy.report import chart_for
from tiaki.privacy.selectors.report import QuarterlyReport, quarterly_report
from tiaki.privacy.services.report import privacy_report_release
from tiaki.web.requests import actor_of


class QuarterForm(forms.Form):
    quarter = forms.CharField(
        label="Quarter", max_length=12, help_text="Quarters run January to March (Q1) to October to December (Q4)."
    )


def _page(request: HttpRequest, form: QuarterForm, report: QuarterlyReport | None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    sections = [
        (section, [{"t": t, "chart": chart_for(t),
                    "rows": [(label, list(zip(t.columns, values, strict=True))) for label, values in t.rows]}
                   for t in tables])
        for section, tables in (report.sections if report else [])
    ]  # fmt: skip
    quarters = [(q.code, f"{q.code}: {q.words}") for q in recent_quarters(today)]
    context = {"form": form, "report": report, "sections": sections, "quarters": quarters}
    return render(request, "privacy/report/report.html", context, status=status)


@requires(Permission.PRIVACY_REPORT_MAKE)
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("quarter") or quarter_of(timezone.localdate()).code
    form = QuarterForm({"quarter": chosen})
    if not form.is_valid():
        return _page(request, form, None, status=400)
    try:
        report = quarterly_report(actor=actor_of(request), quarter=form.cleaned_data["quarter"])
    except QuarterError as exc:
        form.add_error("quarter", str(exc))
        return _page(request, form, None, status=400)
    return _page(request, form, report)


@requires(Permission.PRIVACY_REPORT_MAKE)
@require_POST
def report_download(request: HttpRequest) -> HttpResponse:
    form = QuarterForm(request.POST)
    file_format = request.POST.get("format", "pdf")
    if not form.is_valid():
        return _page(request, form, None, status=400)
    try:
        made = privacy_report_release(actor=actor_of(request), quarter=form.cleaned_data["quarter"],
                                      file_format=file_format)  # fmt: skip
    except (QuarterError, DisclosureError, DisclosureBlocked) as exc:
        form.add_error("quarter", str(exc))
        return _page(request, form, None, status=400)
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "no-store"
    return response
