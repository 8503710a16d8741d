"""The breach and near-miss register as pages: reporting a privacy concern
(any staff member, from the link on every page), the reporter's own
concerns and their status, the register (privacy officers) with each
breach's Commissioner clock in words, and one incident with its sections
and forms. Views parse input, call one service or selector, and render:
the service says what is wrong (shown next to its field, nothing saved,
the attempt audited); a stale version is a 409."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.privacy.models import PrivacyIncident
from tiaki.privacy.selectors.incidents import (
    IncidentView,
    concern_get,
    concerns_mine,
    incident_get,
    incident_register,
)
from tiaki.privacy.services import incidents as svc
from tiaki.privacy.web.routes.incidents_forms import (
    ActionForm,
    AssessForm,
    CloseForm,
    CommissionerForm,
    ConcernForm,
    ContainmentForm,
    DoneForm,
    LetterForm,
    LinkForm,
    NoticeForm,
)
from tiaki.web.requests import actor_of

PI = PrivacyIncident
#: The service's field names as the forms', where they differ.
_FIELD = {"caused_by": "caused_by", "owner": "owner", "notified_at": "notified_on", "actions": None,
          "status": None, "version": None, "person_ids": "whose_information"}  # fmt: skip


def _show(form: forms.Form, exc: svc.IncidentError) -> int:
    name = _FIELD.get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)
    return 409 if exc.reason in {"privacy_stale", "assess_own", "actions_open"} else 400


@personal_data(Permission.PRIVACY_CONCERN_REPORT)
@require_http_methods(["GET", "POST"])
def concern_new_page(request: HttpRequest) -> HttpResponse:
    """Report a breach or near miss in two minutes."""
    form = ConcernForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = svc.incident_report(
                    actor=actor_of(request), kind=data["kind"], occurred_on=data["occurred_on"],
                    occurred_time=data["occurred_time"], description=data["description"],
                    whose_information=data["whose_information"], how_found=data["how_found"] or PI.HowFound.SELF,
                    action_taken=data["action_taken"],
                )  # fmt: skip
            except svc.IncidentError as exc:
                status = _show(form, exc)
            else:
                return redirect("web:privacy-concern", incident_id=made.pk)
    return render(request, "privacy/incidents/concern_new.html", {"form": form}, status=status)


@personal_data(Permission.PRIVACY_CONCERN_REPORT)
@require_GET
def concern_page(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The reporter's confirmation and, later, its status."""
    concern = concern_get(actor=actor_of(request), incident_id=incident_id)
    return render(request, "privacy/incidents/concern.html", {"concern": concern})


@personal_data(Permission.PRIVACY_CONCERN_REPORT)
@require_GET
def concerns_page(request: HttpRequest) -> HttpResponse:
    """The concerns the signed-in person reported."""
    return render(request, "privacy/incidents/concerns.html", {"rows": concerns_mine(actor=actor_of(request))})


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


@personal_data(Permission.PRIVACY_INCIDENT_MANAGE)
@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    """The register: running clocks first, filtered by kind, status and source."""
    chosen = {k: request.GET.get(k, "") for k in ("kind", "status", "source")}
    page = incident_register(actor=actor_of(request), page=_page_number(request.GET.get("page")),
                             kind=chosen["kind"], status=chosen["status"], source=chosen["source"])  # fmt: skip
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    context = {"page": page, "chosen": chosen, "query": query, "kinds": PI.Kind.choices,
               "statuses": PI.Status.choices, "sources": PI.Source.choices}  # fmt: skip
    return render(request, "privacy/incidents/register.html", context)


def _forms(view: IncidentView, data: Any = None, which: str = "") -> dict[str, forms.Form]:
    i = view.incident
    version = {"version": i.version}
    factors = {f"factor_{f.code}": f.level for f in view.factors} | {f"factor_{f.code}_note": f.note
                                                                      for f in view.factors}  # fmt: skip
    bound = lambda name: data if which == name else None  # noqa: E731
    return {
        "assess": AssessForm(bound("assess"), prefix="assess", staff=view.staff, initial={
            **version, **factors, "kind": i.kind, "category": i.category, "caused_by": i.caused_by_id,
            "serious_harm_likely": {True: "yes", False: "no"}.get(i.serious_harm_likely, ""),  # type: ignore[arg-type]
            "reasoning": i.assessment_reasoning}),
        "containment": ContainmentForm(bound("containment"), prefix="containment", initial={
            **version, "containment": i.containment, "root_cause": i.root_cause, "cause": i.cause}),
        "action": ActionForm(bound("action"), prefix="action", staff=view.staff, initial=version),
        "commissioner": CommissionerForm(bound("commissioner"), prefix="commissioner", initial={
            **version, "reference": i.commissioner_reference}),
        "link": LinkForm(bound("link"), prefix="link"),
        "notice": NoticeForm(bound("notice"), prefix="notice"),
        "letter": LetterForm(bound("letter"), prefix="letter"),
        "close": CloseForm(bound("close"), prefix="close", initial=version),
    }  # fmt: skip


def _detail(request: HttpRequest, view: IncidentView, made: dict[str, forms.Form], failed: str = "",
            status: int = 200, guard_words: list[str] | None = None) -> HttpResponse:  # fmt: skip
    context = {"view": view, "i": view.incident, "forms": made, "failed": made.get(failed), "failed_name": failed,
               "blocked_words": guard_words or []}  # fmt: skip
    return render(request, "privacy/incidents/incident.html", context, status=status)


@personal_data(Permission.PRIVACY_INCIDENT_MANAGE)
@require_GET
def incident_page(request: HttpRequest, incident_id: int) -> HttpResponse:
    view = incident_get(actor=actor_of(request), incident_id=incident_id)
    return _detail(request, view, _forms(view))


def _moment(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(0, 0)))


_DONE = {
    "assess": "Assessment saved.", "containment": "Containment and root cause saved.", "action": "Action added.",
    "commissioner": "Recorded that the Commissioner was told: the clock has stopped.", "link": "Audit event linked.",
    "notice": "Notice recorded.", "letter": "Letter sent through the disclosure pipeline.", "close": "Incident closed.",
}  # fmt: skip


def _call(actor: Any, incident_id: int, which: str, form: forms.Form) -> Callable[[], object]:
    d = form.cleaned_data
    v = d.get("version")
    calls: dict[str, Callable[[], object]] = {
        "assess": lambda: svc.incident_assess(
            actor=actor, incident_id=incident_id, expected_version=v, harm_factors=form.factors(),  # type: ignore[attr-defined]
            serious_harm_likely={"yes": True, "no": False}.get(d["serious_harm_likely"]), reasoning=d["reasoning"],
            category=d["category"], caused_by_id=d["caused_by"], kind=d["kind"]),
        "containment": lambda: svc.incident_containment(
            actor=actor, incident_id=incident_id, expected_version=v, containment=d["containment"],
            root_cause=d["root_cause"], cause=d["cause"]),
        "action": lambda: svc.incident_action_add(
            actor=actor, incident_id=incident_id, expected_version=v, description=d["description"],
            owner_id=d["owner"], due_on=d["due_on"]),
        "commissioner": lambda: svc.incident_commissioner_told(
            actor=actor, incident_id=incident_id, expected_version=v,
            notified_at=_moment(d["notified_on"], d["notified_time"]), reference=d["reference"]),
        "link": lambda: svc.incident_link_add(actor=actor, incident_id=incident_id, event_seq=d["event_seq"],
                                              note=d["note"]),
        "notice": lambda: svc.incident_notice_record(
            actor=actor, incident_id=incident_id, person_id=d["person_id"], method=d["method"],
            notified_on=d["notified_on"], note=d["note"]),
        "letter": lambda: svc.incident_letter_send(actor=actor, incident_id=incident_id, person_id=d["person_id"],
                                                   subject=d["subject"], body=d["body"]),
        "close": lambda: svc.incident_close(actor=actor, incident_id=incident_id, expected_version=v,
                                            summary=d["summary"]),
    }  # fmt: skip
    return calls[which]


def _act(request: HttpRequest, incident_id: int, which: str) -> HttpResponse:
    actor = actor_of(request)
    view = incident_get(actor=actor, incident_id=incident_id)
    made = _forms(view, request.POST, which)
    form = made[which]
    if not form.is_valid():
        return _detail(request, view, made, which, 400)
    try:
        _call(actor, incident_id, which, form)()
    except svc.LetterBlocked as exc:
        status = _show(form, exc)
        return _detail(request, incident_get(actor=actor, incident_id=incident_id), made, which, status, exc.words)
    except svc.IncidentError as exc:
        status = _show(form, exc)
        return _detail(request, incident_get(actor=actor, incident_id=incident_id), made, which, status)
    messages.success(request, _DONE[which])
    return redirect("web:privacy-incident", incident_id=incident_id)


def _action_view(which: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @personal_data(Permission.PRIVACY_INCIDENT_MANAGE)
    @require_POST
    def view(request: HttpRequest, incident_id: int) -> HttpResponse:
        return _act(request, incident_id, which)

    view.__name__ = view.__qualname__ = f"incident_{which}_action"
    view.__doc__ = f"Post the incident's {which} form."
    return view


@personal_data(Permission.PRIVACY_INCIDENT_MANAGE)
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    """Mark an action done; back to its incident."""
    form = DoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        row = svc.incident_action_done(actor=actor_of(request), action_id=action_id, note=note)
    except svc.IncidentError as exc:
        messages.error(request, exc.message)
        if exc.incident_id:
            return redirect("web:privacy-incident", incident_id=exc.incident_id)
        return redirect("web:privacy-register")
    messages.success(request, "Action marked done.")
    return redirect("web:privacy-incident", incident_id=row.incident_id)


SECTIONS = ("assess", "containment", "action", "commissioner", "link", "notice", "letter", "close")

urlpatterns: list[URLPattern] = [
    path("privacy/concerns/", concerns_page, name="privacy-concerns"),
    path("privacy/concerns/new/", concern_new_page, name="privacy-concern-new"),
    path("privacy/concerns/<id:incident_id>/", concern_page, name="privacy-concern"),
    path("privacy/register/", register_page, name="privacy-register"),
    path("privacy/register/<id:incident_id>/", incident_page, name="privacy-incident"),
    *[path(f"privacy/register/<id:incident_id>/{which}/", _action_view(which), name=f"privacy-incident-{which}")
      for which in SECTIONS],
    path("privacy/register/actions/<id:action_id>/done/", action_done, name="privacy-incident-action-done"),
]  # fmt: skip
