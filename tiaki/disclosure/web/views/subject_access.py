"""The subject access register as pages: the open requests, soonest due
first; recording a request (finding the person by exact name and date of
birth); and one request with its clock in words, identity, reviewer and
the forms to verify, assign, extend, transfer, withdraw and decide.

Views parse input, call one service or selector, and render: the service
says what is wrong (SubjectAccessError, shown next to its field; nothing
saved, the attempt audited), a stale version says someone else changed it
(409)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.subject_access.requests import (
    RequestView,
    access_request_get,
    access_request_list,
    access_request_person_find,
)
from tiaki.disclosure.services.subject_access import requests as sar
from tiaki.disclosure.web.forms.subject_access import (
    AssignForm,
    DecideForm,
    ExtendForm,
    FindPersonForm,
    RequestForm,
    TransferForm,
    VerifyForm,
    WithdrawForm,
)
from tiaki.web.requests import actor_of

#: The service's field names as each form's, where they differ.
_FIELD = {"agency": "agency", "reviewer": "reviewer", "status": None, "version": None, "person": "person"}


def _show(form: forms.Form, exc: sar.SubjectAccessError) -> int:
    field = _FIELD.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)
    return 409 if isinstance(exc, sar.StaleRequest) else 400


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    """The open requests, soonest due first (or every request)."""
    everything = request.GET.get("show") == "all"
    rows = access_request_list(actor=actor_of(request), status="all" if everything else "open")
    return render(request, "disclosure/subject_access/register.html", {"rows": rows, "everything": everything})


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_http_methods(["GET", "POST"])
def new_page(request: HttpRequest) -> HttpResponse:
    """Record a request: first find the person (exact name and date of
    birth), then what they asked for and when it was received."""
    actor = actor_of(request)
    finding = request.method == "POST" and request.POST.get("step") != "record"
    find = FindPersonForm(request.POST if request.method == "POST" else None, prefix="find")
    people: list[tuple[int, str]] = []
    searched = False
    if request.method == "POST" and find.is_valid():
        searched = True
        found = access_request_person_find(
            actor=actor, given_names=find.cleaned_data["given_names"], family_name=find.cleaned_data["family_name"],
            date_of_birth=find.cleaned_data["date_of_birth"],
        )  # fmt: skip
        people = [(c.id, f"{c.name}, born {c.date_of_birth:%-d %B %Y}" if c.date_of_birth else c.name) for c in found]
    form = RequestForm(request.POST if request.method == "POST" and not finding else None, people=people,
                       initial={"person": people[0][0]} if len(people) == 1 else None)  # fmt: skip
    status = 200 if request.method == "GET" or (finding and find.is_valid()) else 400
    if request.method == "POST" and not finding and find.is_valid() and form.is_valid():
        data = form.cleaned_data
        try:
            made = sar.access_request_create(
                actor=actor, person_id=data["person"], requester_kind=data["requester_kind"],
                asked_for=data["asked_for"], received_on=data["received_on"], agent_name=data["agent_name"],
                agent_authority=data["agent_authority"], preferred_format=data["preferred_format"],
                support_person=data["support_person"],
            )  # fmt: skip
        except sar.SubjectAccessError as exc:
            status = _show(form, exc)
        else:
            messages.success(request, f"Request {made.reference} recorded. Next, verify who is asking.")
            return redirect("web:subject-access-detail", request_id=made.pk)
    context = {"find": find, "form": form, "people": people, "searched": searched, "recording": not finding}
    return render(request, "disclosure/subject_access/new.html", context, status=status)


def _forms(view: RequestView, data: Any = None, which: str = "") -> dict[str, forms.Form]:
    version = {"version": view.request.version}
    made: dict[str, forms.Form] = {
        "verify": VerifyForm(data if which == "verify" else None, prefix="verify", initial=version),
        "assign": AssignForm(data if which == "assign" else None, prefix="assign", reviewers=view.reviewers,
                             initial={**version, "reviewer": view.request.reviewer_id}),
        "extend": ExtendForm(data if which == "extend" else None, prefix="extend", initial=version),
        "transfer": TransferForm(data if which == "transfer" else None, prefix="transfer", initial=version),
        "withdraw": WithdrawForm(data if which == "withdraw" else None, prefix="withdraw", initial=version),
        "decide": DecideForm(data if which == "decide" else None, prefix="decide", initial=version),
    }  # fmt: skip
    return made


def _detail(request: HttpRequest, view: RequestView, made: dict[str, forms.Form], failed: str = "",
            status: int = 200) -> HttpResponse:  # fmt: skip
    context = {"view": view, "req": view.request, "forms": made, "failed": made.get(failed), "failed_name": failed}
    return render(request, "disclosure/subject_access/detail.html", context, status=status)


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_GET
def detail_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: its clock in words, identity, reviewer, stages, corrections and what may be done next."""
    view = access_request_get(actor=actor_of(request), request_id=request_id)
    return _detail(request, view, _forms(view))


def _act(request: HttpRequest, request_id: int, which: str) -> HttpResponse:
    """Post one of the request's forms: the service decides; errors shown on the request's page."""
    actor = actor_of(request)
    view = access_request_get(actor=actor, request_id=request_id)
    made = _forms(view, request.POST, which)
    form = made[which]
    if not form.is_valid():
        return _detail(request, view, made, which, 400)
    data = form.cleaned_data
    version = data["version"]
    calls = {
        "verify": lambda: sar.access_request_verify(actor=actor, request_id=request_id, method=data["method"],
                                                    note=data["note"], version=version),
        "assign": lambda: sar.access_request_assign(actor=actor, request_id=request_id,
                                                    reviewer_id=data["reviewer"], version=version),
        "extend": lambda: sar.access_request_extend(actor=actor, request_id=request_id,
                                                    extended_to=data["extended_to"], reason=data["reason"],
                                                    version=version),
        "transfer": lambda: sar.access_request_transfer(actor=actor, request_id=request_id, agency=data["agency"],
                                                        reason=data["reason"], version=version),
        "withdraw": lambda: sar.access_request_withdraw(actor=actor, request_id=request_id, reason=data["reason"],
                                                        version=version),
        "decide": lambda: sar.access_request_decide(actor=actor, request_id=request_id, decision=data["decision"],
                                                    reasons=data["reasons"], version=version),
    }  # fmt: skip
    try:
        done = calls[which]()
    except sar.SubjectAccessError as exc:
        status = _show(form, exc)
        # The page as it is now (someone else's change shows), with this form's error.
        return _detail(request, access_request_get(actor=actor, request_id=request_id), made, which, status)
    said = {
        "verify": "Identity verified. The request is now being gathered and reviewed.",
        "assign": "The request has a new reviewer.",
        "extend": "The request is extended. Send the notice below to the requester.",
        "transfer": "The request is transferred. Tell the requester who now has it.",
        "withdraw": "The request is withdrawn.",
        "decide": "The decision is recorded.",
    }
    messages.success(request, f"{done.reference}: {said[which]}")
    return redirect("web:subject-access-detail", request_id=request_id)


def _action(which: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @personal_data(Permission.SUBJECT_ACCESS_MANAGE)
    @require_POST
    def view(request: HttpRequest, request_id: int) -> HttpResponse:
        return _act(request, request_id, which)

    view.__name__ = view.__qualname__ = f"{which}_action"
    view.__doc__ = f"POST the request's {which} form."
    return view


verify_action = _action("verify")
assign_action = _action("assign")
extend_action = _action("extend")
transfer_action = _action("transfer")
withdraw_action = _action("withdraw")
decide_action = _action("decide")
