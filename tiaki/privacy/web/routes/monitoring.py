"""Access monitoring's pages (privacy officers): the alert queue, one alert
with its triage form, the rules' thresholds, the watched records. The
forms keep what was typed when a service refuses it (MonitoringError names
the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.privacy.models import AccessAlert, MonitoringRule
from tiaki.privacy.selectors import monitoring as selectors
from tiaki.privacy.services import monitoring as services
from tiaki.web.forms import DateInputField, time_field
from tiaki.web.requests import actor_of

_STATUS_CHOICES = [("open", "Waiting for triage"), ("triaged", "Triaged"), ("all", "All alerts")]


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(choices=_STATUS_CHOICES, required=False, label="Show")
    rule = forms.ChoiceField(choices=[("", "Every rule"), *MonitoringRule.Code.choices], required=False,
                             label="Rule")  # fmt: skip


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=AccessAlert.Outcome.choices,
        widget=forms.RadioSelect,
        label="What was it?",
        error_messages={"required": "Choose what the alert was."},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why (needed for every outcome)",
        max_length=services.MAX_NOTE,
        error_messages={"required": "Say why: a note is needed for every outcome."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RuleForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Rule is on")
    threshold = forms.CharField(label="Alert at (1 or more)", max_length=12)
    window_minutes = forms.CharField(label="Within (minutes)", max_length=12)
    factor = forms.CharField(label="Times the usual day", max_length=12, required=False)
    day_starts = time_field(what="when the working day starts", label="Working day starts (24-hour clock)",
                            required=False)  # fmt: skip
    day_ends = time_field(what="when the working day ends", label="Working day ends (24-hour clock)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WatchForm(forms.Form):
    person_id = forms.CharField(label="Person number", max_length=20)
    reason = forms.CharField(label="Why it is watched", max_length=services.MAX_REASON,
                             help_text="For example: in the news this week")  # fmt: skip
    until = DateInputField(
        label="Watch until (optional)",
        what="the date to watch it until",
        required=False,
        help_text="For example, 27 3 2027. Leave it empty to watch it until you remove it.",
    )


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


@personal_data(Permission.ACCESS_ALERT_TRIAGE)
@require_GET
def alerts_page(request: HttpRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET or None)
    status, rule = "open", ""
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or "open"
        rule = form.cleaned_data["rule"] or ""
    page = selectors.alert_queue(actor=actor_of(request), status=status, rule=rule,
                                 page=_page_number(request.GET.get("page")))  # fmt: skip
    return render(request, "privacy/monitoring/alerts.html",
                  {"form": form, "page": page, "status": status, "rule": rule})  # fmt: skip


@personal_data(Permission.ACCESS_ALERT_TRIAGE)
@require_http_methods(["GET", "POST"])
def alert_page(request: HttpRequest, alert_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.alert_get(actor=actor, alert_id=alert_id)
    form = TriageForm(request.POST or None, initial={"version": view.alert.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                alert = services.alert_triage(actor=actor, alert_id=alert_id, expected_version=data["version"],
                                              outcome=data["outcome"], note=data["note"])  # fmt: skip
            except services.MonitoringError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 409 if isinstance(exc, services.StaleMonitoring) else 400
            else:
                said = f"Alert {alert.pk} triaged as {AccessAlert.Outcome(alert.outcome).label.lower()}."
                if alert.incident_id:
                    said += f" It is on the privacy register as {alert.incident.reference}."  # type: ignore[union-attr]
                messages.success(request, said)
                return redirect("web:privacy-alert", alert_id=alert.pk)
        else:
            status = 400
        view = selectors.alert_get(actor=actor, alert_id=alert_id)
    return render(request, "privacy/monitoring/alert.html", {"view": view, "form": form}, status=status)


def _rule_form(rule: MonitoringRule, data: Any = None) -> RuleForm:
    initial = {
        "enabled": rule.enabled,
        "threshold": rule.threshold,
        "window_minutes": rule.window_minutes,
        "factor": f"{rule.factor:g}" if rule.factor else "",
        "day_starts": rule.day_starts.strftime("%H:%M") if rule.day_starts else "",
        "day_ends": rule.day_ends.strftime("%H:%M") if rule.day_ends else "",
        "version": rule.version,
    }
    return RuleForm(data, initial=initial, prefix=rule.code)


@requires(Permission.MONITORING_POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    rules = selectors.rules_all()
    posted = request.POST.get("code", "") if request.method == "POST" else ""
    forms_by_code = {rule.code: _rule_form(rule, request.POST if rule.code == posted else None) for rule in rules}
    status = 200
    if posted:
        form = forms_by_code.get(posted)
        if form is None:
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.monitoring_rule_update(
                    actor=actor_of(request), code=posted, expected_version=data["version"], enabled=data["enabled"],
                    threshold=data["threshold"], window_minutes=data["window_minutes"], factor=data["factor"],
                    day_starts=data["day_starts"], day_ends=data["day_ends"],
                )  # fmt: skip
            except services.MonitoringError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 409 if isinstance(exc, services.StaleMonitoring) else 400
            else:
                messages.success(
                    request, f"Saved: {MonitoringRule.Code(posted).label.lower()}. It applies from the next pass."
                )
                return redirect("web:privacy-monitoring-rules")
        else:
            status = 400
    items = [(rule, forms_by_code[rule.code]) for rule in rules]
    return render(request, "privacy/monitoring/rules.html",
                  {"items": items, "posted": posted, "runs": selectors.runs_recent(5),
                   "factor_rules": services.FACTOR_RULES, "day_rules": services.DAY_RULES}, status=status)  # fmt: skip


@requires(Permission.MONITORING_POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def watched_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = WatchForm(request.POST if request.POST.get("form") == "add" else None)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "remove":
        watched_id = request.POST.get("watched_id", "")
        services.watched_record_remove(actor=actor, watched_id=int(watched_id) if watched_id.isdigit() else 0)
        messages.success(request, "The record is no longer watched.")
        return redirect("web:privacy-watched")
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.watched_record_add(actor=actor, person_id=data["person_id"], reason=data["reason"],
                                            until=data["until"])  # fmt: skip
            except services.MonitoringError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            else:
                messages.success(request, f"Person {data['person_id'].strip()} is now watched.")
                return redirect("web:privacy-watched")
        else:
            status = 400
    rows = selectors.watched_records(actor=actor)
    return render(request, "privacy/monitoring/watched.html", {"form": form, "rows": rows}, status=status)
