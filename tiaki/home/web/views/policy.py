"""The policy page: administrators change the agency's policy, the rules it
keeps as data (intake's response timeframes, triage rules and workload
weights; casework's statutory visit frequencies; care's caregiver visits, reviews and
check validity), each through its domain's
own reads and services. No case data here.

It lives in the home slice, not staff's account pages: it draws on intake and
casework, which the staff kernel must not import (DESIGN.md, "Architecture");
home, like the role panels, sits above every domain."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.care import policy as caregiver_policy
from tiaki.care.services.caregivers import CaregiverError, caregiver_policy_update
from tiaki.casework import policy as visit_policy
from tiaki.casework.services import CaseworkError, visit_frequency_update
from tiaki.intake import policy
from tiaki.intake.services import policy as policy_services
from tiaki.intake.services.triage import TriageError
from tiaki.web.requests import actor_of


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.lstrip("-").isdigit() else None


def _float(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


@requires(Permission.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def policy_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    error, status = "", 200
    if request.method == "POST":
        which, post = request.POST.get("form", ""), request.POST
        try:
            if which.startswith("timeframe-"):
                code = which.removeprefix("timeframe-")
                unit, amount = post.get("unit", ""), _int(post.get("amount", ""))
                if amount is None:
                    raise TriageError("Enter a whole number.")
                policy_services.timeframe_update(
                    actor=actor, code=code, hours=amount if unit == "hours" else None,
                    working_days=amount if unit == "working-days" else None,
                )  # fmt: skip
            elif which == "triage":
                numbers = {
                    k: _int(post.get(k, ""))
                    for k in (
                        "nfa_child_under_years",
                        "repeat_report_days",
                        "decision_hours",
                        "unsafe_now_decision_hours",
                    )
                }
                fractions = {
                    k: _float(post.get(k, "")) for k in ("escalate_highlight_fraction", "escalate_notify_fraction")
                }
                if None in numbers.values() or None in fractions.values():
                    raise TriageError("Fill in every number.")
                policy_services.triage_policy_update(actor=actor, **numbers, **fractions)  # type: ignore[arg-type]
            elif which == "weights":
                for row in policy.workload_weight_rows():
                    value = _float(post.get(f"weight-{row.code}", ""))
                    if value is None:
                        raise TriageError(f"Enter a number for every weight ({row.label.lower()}).")
                    policy_services.workload_weight_update(actor=actor, code=row.code, weight=value)
            elif which == "visits":
                with transaction.atomic():  # all or nothing: one bad number saves none
                    for frequency in visit_policy.visit_frequencies():
                        days = _int(post.get(f"visit-{frequency.code}", ""))
                        if days is None:
                            raise TriageError(f"Enter a whole number of days for '{frequency.label}'.")
                        if days != frequency.interval_days:
                            visit_frequency_update(actor=actor, code=frequency.code, interval_days=days)
            elif which == "caregivers":
                values = {name: _int(post.get(name, "")) for name, _, _ in caregiver_policy.FIELDS}
                missing = [label for name, label, _ in caregiver_policy.FIELDS if values[name] is None]
                if missing:
                    raise TriageError(f"Enter a whole number of days for '{missing[0]}'.")
                caregiver_policy_update(actor=actor, values=values)  # type: ignore[arg-type]
            else:
                raise TriageError("Choose what to change.")
        except (TriageError, CaseworkError, CaregiverError) as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, "Policy saved. It applies from the next decision.")
            return redirect("web:admin-policy")
    caregivers = caregiver_policy.caregiver_policy()
    context = {
        "timeframes": policy.timeframes(),
        "triage": policy.triage_policy(),
        "weights": policy.workload_weight_rows(),
        "visit_frequencies": visit_policy.visit_frequencies(),
        "caregiver_policy": [(name, label, getattr(caregivers, name)) for name, label, _ in caregiver_policy.FIELDS],
        "error": error,
    }
    return render(request, "home/policy.html", context, status=status)
