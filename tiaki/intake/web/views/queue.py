"""The allocation queue, allocating a report to a social worker, and the
timeliness dashboard (issue 5). Thin: parse, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import AccessDenied, Permission
from tiaki.access.declare import personal_data, requires
from tiaki.access.ids import record_id
from tiaki.intake.selectors.dashboard import Dashboard, timeliness_dashboard
from tiaki.intake.selectors.queue import report_for_allocation, report_queue
from tiaki.intake.services import AllocationConflict, TriageError, report_allocate
from tiaki.intake.web.forms import AllocateForm, PeriodForm
from tiaki.web.forms import date_text
from tiaki.web.requests import actor_of


def _int_or_none(value: str | None) -> int | None:
    # record_id: a number no record can have (2^63, a thousand digits) is None too.
    return record_id(value or "") or None


@personal_data(Permission.REPORT_ALLOCATE)
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    queue = report_queue(
        actor=actor_of(request), site_id=_int_or_none(request.GET.get("site")), page_number=request.GET.get("page", 1)
    )
    return render(request, "intake/queue/queue.html", {"queue": queue})


@personal_data(Permission.REPORT_ALLOCATE)
@require_http_methods(["GET", "POST"])
def allocate_page(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    team_id = _int_or_none(request.GET.get("team"))
    subject = report_for_allocation(actor=actor, report_id=report_id, team_id=team_id)
    # The choices the form was offered, kept when the report is read again below.
    candidates = subject.candidates
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
        subject = report_for_allocation(actor=actor, report_id=report_id, team_id=team_id)
    context = {
        "subject": subject, "candidates": candidates, "form": form, "teams": subject.teams, "team_id": subject.team_id,
    }  # fmt: skip
    return render(request, "intake/queue/allocate.html", context, status=status)


@requires(Permission.DASHBOARD_VIEW)
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if not any(data.get(f"{name}{box}") for name in ("start", "end") for box in ("", "_day", "_month", "_year")):
        # Show the default period in the inputs, so the reader sees what they are looking at.
        end = timezone.localdate()
        data["start"] = date_text(end - dt.timedelta(days=364))
        data["end"] = date_text(end)
    form = PeriodForm(data)
    if not form.is_valid():
        # A 200: a filter form with a mistake is an ordinary state of this page
        # (browsers log a 4xx document as an error).
        return render(request, "intake/queue/dashboard.html", {"form": form})
    board = timeliness_dashboard(
        actor=actor_of(request), start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )
    context = {"form": form, "board": board, "charts": _charts(board)}
    return render(request, "intake/queue/dashboard.html", context)


# --- Server-rendered SVG charts (no script: the page's CSP allows none inline) ---

CHART_WIDTH = 760
LABEL_WIDTH = 230
#: The values sit in their own column right of the bars' track, so the
#: target line (drawn across the track) never runs through a value's text.
VALUE_WIDTH = 100
VALUE_GAP = 10
BAR_AREA = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
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
                "value_x": LABEL_WIDTH + BAR_AREA + VALUE_GAP,
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
