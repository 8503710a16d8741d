"""Intake pages: record a report of concern (contact centre, with a draft
saved as the kaimahi types), the professional referral form, and the report
page with its triage, approval and response forms. Views parse input, call
one service or selector, and render (tiaki.intake.services / .selectors);
which forms the report page offers is report_get's to say."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.access.enforcement import refuse
from tiaki.access.ids import record_id
from tiaki.audit.actions import AuditAction
from tiaki.inbox.services import notifications_mark_read
from tiaki.intake import clocks
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.intake.next_steps import recording_steps
from tiaki.intake.selectors.report import (
    ReportView,
    report_draft_get,
    report_drafts_for,
    report_get,
    report_link_candidates,
)
from tiaki.intake.web.forms import ApprovalForm, ReportForm, RespondForm, TriageForm, report_people
from tiaki.people.matching import parse_search_text
from tiaki.people.selectors.search import HOW_TO_ASK, person_search
from tiaki.web.forms import typed_dates
from tiaki.web.requests import actor_of

#: The draft keeps every field of the form as typed, and the linked people.
_LIST_FIELDS = ("concerns", "person_id", "person_role")
_REFERRAL_SESSION_KEY = "intake_referral_reference"


# --- Recording a report --------------------------------------------------------


def _report_input(form: ReportForm, people: list[tuple[int | None, str, str]], channel: str) -> intake.ReportInput:
    data = form.cleaned_data
    return intake.ReportInput(
        site_id=data["site"],
        persons=[intake.ReportPersonInput(pid if pid is not None else 0, role) for pid, role, _ in people],
        concerns=[intake.ConcernInput(c, data.get(f"concern_{c}", "")) for c in data["concerns"]],
        narrative=data["narrative"],
        immediate_safety=data["immediate_safety"],
        child_unsafe_now=data["child_unsafe_now"],
        received_at=form.received_at,
        channel=channel,
        notifier_name=data["notifier_name"],
        notifier_relationship=data["notifier_relationship"],
        notifier_contact=data["notifier_contact"],
        notifier_confidential=data["notifier_confidential"],
        referrer_agency=data["referrer_agency"] if channel != ReportOfConcern.Channel.PHONE else "",
        referrer_reference=data["referrer_reference"] if channel != ReportOfConcern.Channel.PHONE else "",
        unlinked=_unlinked_child(data),
    )


def _unlinked_child(data: dict[str, Any]) -> list[intake.UnlinkedPersonInput]:
    """The referral form's child, named by a partner who has no person number."""
    if not (data.get("child_given_names", "").strip() or data.get("child_family_name", "").strip()):
        return []
    return [
        intake.UnlinkedPersonInput(
            given_names=data["child_given_names"], family_name=data["child_family_name"],
            birth_date=data.get("child_birth_date"), nhi=data.get("child_nhi", ""),
        )
    ]  # fmt: skip


_FIELD_FOR = {
    "site_id": "site",
    "received_at": "received_date",
    "channel": None,
    "unlinked.0": "child_given_names",
    "unlinked.0.birth_date": "child_birth_date",
    "unlinked.0.nhi": "child_nhi",
}


def _show_errors(form: ReportForm, errors: dict[str, str], concerns: list[str]) -> list[str]:
    """Put report_record's errors on the form's fields; returns the ones about linked people."""
    people_errors = []
    for key, message in errors.items():
        head, _, rest = key.partition(".")
        if head == "persons":
            people_errors.append(message)
            continue
        if head == "concerns" and rest:
            index = int(rest.split(".")[0])
            field: str | None = f"concern_{concerns[index]}" if index < len(concerns) else "concerns"
        else:
            field = _FIELD_FOR.get(key, key)
        form.add_error(field if field in form.fields else None, message)
    return people_errors


def _people_rows(request: HttpRequest, people: list[tuple[int | None, str, str]]) -> list[Any]:
    links = [(pid, role) for pid, role, _ in people if pid is not None]
    if not links:
        return []
    return report_link_candidates(actor=actor_of(request), links=links)


def _record_page(request: HttpRequest, *, professional: bool) -> HttpResponse:
    actor = actor_of(request)
    steps = recording_steps(actor)
    template = "intake/referral.html" if professional else "intake/new.html"
    channel = ReportOfConcern.Channel.PROFESSIONAL if professional else ReportOfConcern.Channel.PHONE
    people: list[tuple[int | None, str, str]] = []
    people_errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, professional=professional)
        people = report_people(request.POST)
        if form.is_valid():
            bad = [raw for pid, _, raw in people if pid is None]
            try:
                if bad:
                    raise intake.ReportInputError({"persons": f"“{bad[0]}” is not a person number: search again."})
                report = intake.report_record(
                    actor=actor,
                    data=_report_input(form, people, channel),
                    draft_id=form.cleaned_data.get("draft_id"),
                )
            except intake.ReportInputError as exc:
                people_errors = _show_errors(form, exc.errors, form.cleaned_data.get("concerns") or [])
            else:
                if professional:
                    request.session[_REFERRAL_SESSION_KEY] = report.reference
                    return redirect("web:intake-referral-sent")
                messages.success(request, f"Report recorded. Its reference is {report.reference}.")
                return redirect("web:intake-report", report_id=report.pk)
        status = 400
    else:
        initial: dict[str, Any] = {"site": actor.site_id}
        draft_param = request.GET.get("draft", "")
        if draft_param.isdigit() and not professional:
            saved = report_draft_get(actor=actor, draft_id=record_id(draft_param))
            if saved is None:
                messages.error(request, "That draft is not one of yours, or it was already recorded.")
            else:
                initial |= {k: v for k, v in saved.items() if k not in ("person_id", "person_role")}
                initial |= typed_dates(ReportForm.base_fields, saved)
                initial["draft_id"] = record_id(draft_param)
                ids, roles = saved.get("person_id") or [], saved.get("person_role") or []
                if isinstance(ids, list) and isinstance(roles, list):
                    people = [(pid, str(r), str(i)) for i, r in zip(ids, roles, strict=False)
                              if (pid := record_id(str(i)))]  # fmt: skip
        form = ReportForm(initial=initial, professional=professional)
    context = {
        "form": form,
        "professional": professional,
        "linked": _people_rows(request, people) if steps.may_see_linked else [],
        "unparsed": [raw for pid, _, raw in people if pid is None],
        "typed_person_id": people[0][2] if people else "",
        "people_errors": people_errors,
        "may_search": steps.may_search,
        "drafts": [] if professional else report_drafts_for(actor=actor),
    }
    return render(request, template, context, status=status)


# requires: refused (and audited) before the form is shown; the people the
# form links are read through selectors (report_link_candidates).
@requires(Permission.REPORT_CREATE)
@require_http_methods(["GET", "POST"])
def report_new_page(request: HttpRequest) -> HttpResponse:
    return _record_page(request, professional=False)


@requires(Permission.REPORT_CREATE)
@require_http_methods(["GET", "POST"])
def referral_new_page(request: HttpRequest) -> HttpResponse:
    return _record_page(request, professional=True)


@requires(Permission.REPORT_CREATE)
@require_GET
def referral_sent_page(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_REFERRAL_SESSION_KEY)
    if not reference:
        return redirect("web:intake-referral")
    return render(request, "intake/referral_sent.html", {"reference": reference})


@personal_data(Permission.REPORT_CREATE)
@require_POST
def report_draft_save_part(request: HttpRequest) -> HttpResponse:
    """htmx: keep what has been typed so far; answers with the status line
    and (out of band) the draft's id for the next save."""
    data: dict[str, object] = {}
    for key in request.POST:
        if key in ("csrfmiddlewaretoken", "draft_id"):
            continue
        data[key] = request.POST.getlist(key) if key in _LIST_FIELDS else request.POST.get(key, "")
    raw = request.POST.get("draft_id", "")
    draft_id = record_id(raw) or None
    try:
        draft = intake.report_draft_save(actor=actor_of(request), draft_id=draft_id, data=data)
    except intake.ReportInputError as exc:
        return render(request, "intake/_draft_status.html", {"error": next(iter(exc.errors.values())), "draft_id": raw})
    return render(
        request,
        "intake/_draft_status.html",
        {"draft_id": draft.pk, "saved_at": timezone.localtime(draft.updated_at)},
    )


@personal_data(Permission.PERSON_SEARCH)
@require_POST
def person_candidates_part(request: HttpRequest) -> HttpResponse:
    """htmx: candidates for the search box on the record-a-report form
    (POSTed: what is typed stays out of URLs and request logs)."""
    q = request.POST.get("q", "").strip()[:200]
    result = person_search(actor=actor_of(request), query=parse_search_text(q), limit=10) if q else None
    return render(request, "intake/_candidates.html", {"result": result, "q": q, "how_to_ask": HOW_TO_ASK})


@personal_data(Permission.PERSON_READ)
@require_GET
def person_link_part(request: HttpRequest) -> HttpResponse:
    """htmx: one linked person for the form (hidden inputs, name, and a
    child's history at once)."""
    raw, role = request.GET.get("person_id", ""), request.GET.get("role", "")
    if not record_id(raw) or role not in ReportPerson.Role.values:
        return HttpResponse("", status=400)
    rows = report_link_candidates(actor=actor_of(request), links=[(record_id(raw), role)])
    response = render(request, "intake/_linked_person.html", {"person": rows[0]})
    # The form's draft save listens for this (new.html hx-trigger).
    response["HX-Trigger"] = "tiaki-people-changed"
    return response


@personal_data(Permission.REPORT_CREATE)
@require_GET
def person_unlink_part(request: HttpRequest) -> HttpResponse:
    """htmx: removing a linked person is client-side (hx-swap="delete");
    this empty answer only tells the draft to save again."""
    response = HttpResponse("")
    response["HX-Trigger"] = "tiaki-people-changed"
    return response


# --- The report page ------------------------------------------------------------


def _forms_for(report: ReportView) -> dict[str, bool]:
    """The report page's forms the reader is offered: report_get has said
    what they may do next (tiaki.intake.next_steps)."""
    return {"triage": report.may_triage, "approve": report.may_approve, "respond": report.may_respond}


def _post(which: str, request: HttpRequest, report: ReportView, form: Any) -> str:
    actor = actor_of(request)
    data = form.cleaned_data
    if which == "triage":
        decision = intake.triage_decide(
            actor=actor, report_id=report.id, outcome=data["outcome"], reasons=data["reasons"],
            timeframe_code=data["timeframe"], lowered_reason=data["lowered_reason"],
        )  # fmt: skip
        if decision.needs_approval:
            return f"Decision recorded. It needs a supervisor's approval: {decision.approval_rule}."
        return "Decision recorded."
    if which == "approve":
        intake.triage_approve(actor=actor, decision_id=data["decision_id"], approve=data["approve"], note=data["note"])
        return "Decision approved." if data["approve"] else "Decision sent back."
    intake.report_respond(actor=actor, report_id=report.id, responded_at=form.responded_at)
    return "Response recorded: the response clock has stopped."


def _clock_text(report: ReportView) -> dict[str, str]:
    # The time remaining is report.deadline's, the same as the queue's and the API's.
    clock = report.clock
    return {"to_decision": clocks.humanise(clock.to_decision), "to_response": clocks.humanise(clock.to_response)}


_PAGE_FORMS = {"triage": TriageForm, "approve": ApprovalForm, "respond": RespondForm}
# What a refused form on the report page is audited as.
_FORM_ACTIONS = {"triage": AuditAction.REPORT_TRIAGE, "approve": AuditAction.REPORT_APPROVE,
                 "respond": AuditAction.REPORT_RESPOND}  # fmt: skip
_ERROR_FIELD = {"responded_at": "responded_date", "worker_id": None}


@personal_data(Permission.REPORT_READ)
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    report = report_get(actor=actor, report_id=report_id)
    if request.method == "GET":
        # They have seen it: their notices about it are read (the report's "who was told at once").
        notifications_mark_read(actor=actor, about="report", about_id=report.id)
    allowed = _forms_for(report)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = {name: cls(request.POST if which == name else None, prefix=name) for name, cls in _PAGE_FORMS.items()}
    latest = report.latest_decision
    if latest is not None and not forms["approve"].is_bound:
        forms["approve"].initial = {"decision_id": latest.id}
    if not forms["respond"].is_bound:
        now = timezone.localtime()
        forms["respond"].initial = {"responded_date": now.date(), "responded_time": f"{now:%H:%M}"}
    if not forms["triage"].is_bound and report.timeframe_code:
        forms["triage"].initial = {"timeframe": report.timeframe_code}
    status = 200
    if which:
        status = 400
        form = forms.get(which)
        if form is None or not allowed.get(which):
            refuse(
                actor, "permission_missing", action=_FORM_ACTIONS.get(which, AuditAction.REPORT_TRIAGE),
                subject_type="report", subject_ids=[report_id], message="You cannot do this on this report.",
            )  # fmt: skip
        if form.is_valid():
            try:
                message = _post(which, request, report, form)
            except intake.TriageError as exc:
                field = _ERROR_FIELD.get(exc.field, exc.field) or None
                form.add_error(field if field in form.fields else None, str(exc))
            else:
                messages.success(request, message)
                return redirect("web:intake-report", report_id=report_id)
    context = {
        "report": report,
        "forms": forms,
        "allowed": allowed,
        "open": which,
        "allocate_url": reverse("web:intake-allocate", args=[report.id]) if report.may_allocate else "",
        "clock": _clock_text(report),
    }
    return render(request, "intake/report.html", context, status=status)
