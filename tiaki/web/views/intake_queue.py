"""The allocation queue, allocating a report to a social worker, and the
timeliness dashboard (issue 5). Thin: parse, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import AccessDenied, Permission
from tiaki.access.declare import personal_data, requires
from tiaki.access.ids import record_id
from tiaki.intake import workload
from tiaki.intake.selectors.dashboard import Dashboard, timeliness_dashboard
from tiaki.intake.selectors.queue import report_for_allocation, report_queue
from tiaki.intake.services import AllocationConflict, TriageError, report_allocate
from tiaki.staff.models import Team
from tiaki.web.requests import actor_of

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
#: Longest dashboard period: keeps the page within its one-second budget.
MAX_PERIOD_DAYS = 3 * 366


def _int_or_none(value: str | None) -> int | None:
    # record_id: a number no record can have (2^63, a thousand digits) is None too.
    return record_id(value or "") or None


@personal_data(Permission.REPORT_ALLOCATE)
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    queue = report_queue(
        actor=actor_of(request), site_id=_int_or_none(request.GET.get("site")), page_number=request.GET.get("page", 1)
    )
    return render(request, "web/intake/queue/queue.html", {"queue": queue})


class AllocateForm(forms.Form):
    worker_id = forms.TypedChoiceField(
        label="Allocate to", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose a social worker to allocate to."},
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[workload.WorkerLoad], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (load.worker.pk, f"{load.worker} — weighted load {load.weighted:g} of {load.capacity}")
            for load in candidates
        ]


@personal_data(Permission.REPORT_ALLOCATE)
@require_http_methods(["GET", "POST"])
def allocate_page(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    subject = report_for_allocation(actor=actor, report_id=report_id)
    teams = list(Team.objects.filter(site_id=subject.site_id).order_by("name"))
    team_id = _int_or_none(request.GET.get("team"))
    team_id = team_id if any(t.pk == team_id for t in teams) else None
    candidates = workload.allocation_candidates(site_id=subject.site_id, team_id=team_id)
    form = AllocateForm(request.POST or None, initial={"version": subject.version}, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = report_allocate(
                    actor=actor, report_id=report_id, worker_id=form.cleaned_data["worker_id"],
                    expected_version=form.cleaned_data["version"],
                )  # fmt: skip
            except AllocationConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except TriageError as exc:
                form.add_error("worker_id" if exc.field == "worker_id" else None, str(exc))
                status = 400
            except AccessDenied as exc:
                form.add_error(None, str(exc.args[0]))
                status = 403
            else:
                who = report.allocated_to
                messages.success(request, f"{report.reference} allocated to {who}.")
                return redirect("web:intake-queue")
        else:
            status = 400
        # Show the report as it is now (someone may have allocated it meanwhile).
        subject = report_for_allocation(actor=actor, report_id=report_id)
    context = {"subject": subject, "candidates": candidates, "form": form, "teams": teams, "team_id": team_id}
    return render(request, "web/intake/queue/allocate.html", context, status=status)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From (dd/mm/yyyy)", input_formats=DATE_FORMATS, required=False,
        error_messages={"invalid": "Enter the start date as dd/mm/yyyy, for example 01/07/2025."},
    )  # fmt: skip
    end = forms.DateField(
        label="To (dd/mm/yyyy)", input_formats=DATE_FORMATS, required=False,
        error_messages={"invalid": "Enter the end date as dd/mm/yyyy, for example 30/06/2026."},
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or (end - dt.timedelta(days=365) + dt.timedelta(days=1))
        if "start" in self.errors or "end" in self.errors:
            return data
        if end > today + dt.timedelta(days=366):
            self.add_error("end", "The end date must be within a year from today.")
        elif start > end:
            self.add_error("start", "The start date must be on or before the end date.")
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("start", "Choose a period of at most three years.")
        data["start"], data["end"] = start, end
        return data


@requires(Permission.DASHBOARD_VIEW)
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if not data.get("start") and not data.get("end"):
        # Show the default period in the inputs, so the reader sees what they are looking at.
        end = timezone.localdate()
        data["start"] = f"{end - dt.timedelta(days=364):%d/%m/%Y}"
        data["end"] = f"{end:%d/%m/%Y}"
    form = PeriodForm(data)
    if not form.is_valid():
        # A 200: a filter form with a mistake is an ordinary state of this page
        # (browsers log a 4xx document as an error).
        return render(request, "web/intake/queue/dashboard.html", {"form": form})
    board = timeliness_dashboard(
        actor=actor_of(request), start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )
    context = {"form": form, "board": board, "charts": _charts(board)}
    return render(request, "web/intake/queue/dashboard.html", context)


# --- Server-rendered SVG charts (no script: the page's CSP allows none inline) ---

CHART_WIDTH = 760
LABEL_WIDTH = 230
BAR_AREA = CHART_WIDTH - LABEL_WIDTH - 70
ROW = 30


def _percent_chart(rows: list[Any], target: float) -> dict[str, Any]:
    bars = []
    for i, row in enumerate(rows):
        pct = row.percent
        bars.append(
            {
                "label": row.label,
                "y": 10 + i * ROW,
                "text_y": 10 + i * ROW + 19,
                "width": round(BAR_AREA * (pct or 0) / 100, 1),
                "value": "no reports" if pct is None else f"{pct:g}%",
                "value_x": LABEL_WIDTH + round(BAR_AREA * (pct or 0) / 100, 1) + 6,
                "meets": row.meets_target,
            }
        )
    height = 10 + len(rows) * ROW + 30
    return {
        "bars": bars, "height": height, "width": CHART_WIDTH, "label_width": LABEL_WIDTH, "bar_area": BAR_AREA,
        "target_x": LABEL_WIDTH + round(BAR_AREA * target / 100, 1), "axis_y": height - 20, "target_y": height - 6,
        "label_x": LABEL_WIDTH - 8,
    }  # fmt: skip


def _queue_chart(board: Dashboard) -> dict[str, Any]:
    points = board.queue
    top = max([p.waiting for p in points] + [1])
    plot_h, left, width = 220, 50, CHART_WIDTH - 60
    step = width / max(len(points), 1)
    bars = [
        {
            "x": round(left + i * step + step * 0.1, 1),
            "width": round(step * 0.8, 1),
            "y": round(10 + plot_h * (1 - p.waiting / top), 1),
            "height": round(plot_h * p.waiting / top, 1),
            "day": p.day,
            "waiting": p.waiting,
        }
        for i, p in enumerate(points)
    ]
    return {
        "bars": bars, "width": CHART_WIDTH, "height": plot_h + 50, "base_y": 10 + plot_h, "top": top,
        "left": left, "right": left + width, "date_y": plot_h + 30, "first": points[0].day if points else None,
        "last": points[-1].day if points else None,
    }  # fmt: skip


def _charts(board: Dashboard) -> dict[str, Any]:
    return {
        "urgency": _percent_chart(board.by_urgency, board.target),
        "site": _percent_chart(board.by_site, board.target),
        "queue": _queue_chart(board),
    }
