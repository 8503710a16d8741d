"""What is recorded on a caregiver household, as pages: its members (the
register searched first, then an existing person added or a new one created
through the people services), checks, the assessment and its decision,
reviews, the support plan, visits, training, specialist roles, and closing
it. Each page first reads the household for a change (household_get with
``to_change``: 404 out of reach, exactly as when missing), then calls one
service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.care.selectors.caregivers import HouseholdView, household_get
from tiaki.care.services import caregivers as services
from tiaki.care.services.caregivers import CaregiverError
from tiaki.care.web.forms.caregivers import (
    AssessmentCompleteForm,
    AssessmentStartForm,
    CheckForm,
    CloseForm,
    DecideForm,
    MemberExistingForm,
    MemberLeaveForm,
    MemberNewForm,
    MemberSearchForm,
    ReviewForm,
    SpecialistRoleForm,
    SupportPlanForm,
    TrainingForm,
    VisitForm,
)
from tiaki.care.web.views.caregivers import show_error
from tiaki.people.matching import MatchQuery
from tiaki.people.selectors.search import HOW_TO_ASK, SearchResult, person_search
from tiaki.people.services import BirthDateInput, NameInput, PersonInput, PersonInputError, PossibleDuplicates
from tiaki.staff.models import User
from tiaki.web.requests import actor_of

Save = Callable[[User, HouseholdView, dict[str, Any]], object]


def _member_choices(view: HouseholdView) -> list[tuple[int, str]]:
    return [(m.id, f"{m.name} ({m.role_label.lower()})") for m in view.current_members]


def _member(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def _form_page(
    request: HttpRequest,
    household_id: int,
    *,
    form_class: type[forms.Form],
    save: Save,
    heading: str,
    button: str,
    done: str,
    intro: str = "",
    initial: Callable[[HouseholdView], dict[str, Any]] | None = None,
    members: bool = False,
) -> HttpResponse:
    """A page with one form that records one thing on a household."""
    actor = actor_of(request)
    view = household_get(actor=actor, household_id=household_id, to_change=True)
    kwargs: dict[str, Any] = {"members": _member_choices(view)} if members else {}
    posted = request.POST if request.method == "POST" else None
    form = form_class(posted, initial=initial(view) if initial else {}, **kwargs)
    status = 200
    if posted is not None:
        status = 400
        if form.is_valid():
            try:
                save(actor, view, form.cleaned_data)
            except CaregiverError as exc:
                status = show_error(form, exc)
            else:
                messages.success(request, done)
                return redirect("web:caregiver-detail", household_id=household_id)
    context = {"view": view, "form": form, "heading": heading, "button": button, "intro": intro}
    return render(request, "care/caregivers/form.html", context, status=status)


def _today(view: HouseholdView) -> dict[str, Any]:
    return {"done_on": timezone.localdate(), "started_on": timezone.localdate(), "completed_on": timezone.localdate(),
            "held_on": timezone.localdate(), "closed_on": timezone.localdate(),
            "visited_on": timezone.localdate(), "visited_time": timezone.localtime().strftime("%H:%M")}  # fmt: skip


# --- Members: search first ---------------------------------------------------------


def _query(data: dict[str, Any]) -> MatchQuery:
    born = data.get("birth_date")
    return MatchQuery(given_names=data.get("given_names") or "", family_name=data.get("family_name") or "",
                      birth_date=born.isoformat() if isinstance(born, dt.date) else "")  # fmt: skip


def _new_person(data: dict[str, Any]) -> PersonInput:
    return PersonInput(
        names=[NameInput(data["given_names"], data["family_name"])],
        birth_date=BirthDateInput(date=data.get("birth_date")),
        gender=data["gender"],
        source=data["source"],
    )


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def member_add_page(request: HttpRequest, household_id: int) -> HttpResponse:
    """Add someone to the household: search the register first (names go in
    the form's body, never the address bar), then add one of the people found
    or, if none is them, a new person (told again of any close match)."""
    actor = actor_of(request)
    view = household_get(actor=actor, household_id=household_id, to_change=True)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    search = MemberSearchForm(request.POST if which == "search" else None, prefix="search")
    existing = MemberExistingForm(request.POST if which == "existing" else None, prefix="existing")
    new = MemberNewForm(request.POST if which == "new" else None, prefix="new")
    result: SearchResult | None = None
    duplicates: SearchResult | None = None
    status = 200
    if which == "search":
        status = 400
        if search.is_valid():
            status = 200
            result = person_search(actor=actor, query=_query(search.cleaned_data), limit=10)
            new = MemberNewForm(prefix="new", initial={
                "given_names": search.cleaned_data["given_names"], "family_name": search.cleaned_data["family_name"],
                "birth_date": search.cleaned_data.get("birth_date"),
            })  # fmt: skip
    elif which in ("existing", "new"):
        status = 400
        form = existing if which == "existing" else new
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "existing":
                    services.member_add(actor=actor, household_id=household_id, role=data["role"],
                                        person_id=data["person_id"])  # fmt: skip
                else:
                    services.member_add(actor=actor, household_id=household_id, role=data["role"],
                                        new_person=_new_person(data), confirmed_new=data["confirmed_new"])  # fmt: skip
            except PossibleDuplicates as found:
                duplicates = found.result
                new = MemberNewForm(prefix="new", initial={**data, "confirmed_new": True})
                status = 200
            except PersonInputError as exc:
                for key, message in exc.errors.items():
                    name = key.split(".")[-1]
                    form.add_error(name if name in form.fields else None, message)
            except CaregiverError as exc:
                status = show_error(form, exc, {"person": None})
            else:
                messages.success(request, "Added to the household.")
                return redirect("web:caregiver-detail", household_id=household_id)
    context = {
        "view": view, "search": search, "existing": existing, "new": new, "result": result,
        "duplicates": duplicates, "how_to_ask": HOW_TO_ASK, "roles": MemberExistingForm.base_fields["role"],
        "form": search if which == "search" else existing if which == "existing" else new,
    }  # fmt: skip
    return render(request, "care/caregivers/member_add.html", context, status=status)


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def member_leave_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.member_leave(actor=actor, household_id=view.household.pk, member_id=data["member_id"],
                                     left_on=data["left_on"])  # fmt: skip

    asked = request.GET.get("member", "")
    return _form_page(
        request, household_id, form_class=MemberLeaveForm, save=save, heading="Someone has left the household",
        button="Record that they left", done="Recorded: they have left the household.",
        initial=lambda view: {"member_id": asked if asked.isdigit() else "", "left_on": timezone.localdate()},
    )  # fmt: skip


# --- Checks, assessment, decision ------------------------------------------------------


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def check_add_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.check_record(
            actor=actor, household_id=view.household.pk, kind=data["kind"], done_on=data["done_on"],
            outcome=data["outcome"], member_id=_member(data["member"]), expires_on=data["expires_on"],
            note=data["note"],
        )  # fmt: skip

    return _form_page(request, household_id, form_class=CheckForm, save=save, heading="Record a check",
                      button="Save the check", done="Check recorded.", initial=_today, members=True)  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def assessment_start_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.assessment_start(actor=actor, household_id=view.household.pk, started_on=data["started_on"])

    return _form_page(request, household_id, form_class=AssessmentStartForm, save=save, heading="Start the assessment",
                      button="Start the assessment", done="Assessment started. You are the assessor.",
                      intro="You will be the assessor. Someone else decides whether the household is approved.",
                      initial=_today)  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def assessment_complete_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.assessment_complete(actor=actor, household_id=view.household.pk,
                                            recommendation=data["recommendation"], summary=data["summary"],
                                            completed_on=data["completed_on"])  # fmt: skip

    return _form_page(request, household_id, form_class=AssessmentCompleteForm, save=save,
                      heading="Complete the assessment", button="Complete the assessment",
                      done="Assessment completed. It is ready for a decision.", initial=_today)  # fmt: skip


@requires(Permission.CAREGIVER_APPROVE)
@require_http_methods(["GET", "POST"])
def decide_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.assessment_decide(actor=actor, household_id=view.household.pk, decision=data["decision"],
                                          reason=data["reason"])  # fmt: skip

    return _form_page(request, household_id, form_class=DecideForm, save=save,
                      heading="Decide on the assessment", button="Save the decision", done="Decision recorded.",
                      intro="Approval needs a clear police vet for every caregiver and adult, two referees and a "
                      "home visit. The assessor cannot decide.")  # fmt: skip


# --- Support: reviews, plan, visits, training, specialist roles, closing ------------------


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def review_add_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.review_record(actor=actor, household_id=view.household.pk, held_on=data["held_on"],
                                      outcome=data["outcome"], summary=data["summary"])  # fmt: skip

    return _form_page(request, household_id, form_class=ReviewForm, save=save, heading="Record the yearly review",
                      button="Save the review", done="Review recorded.", initial=_today)  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def support_plan_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.support_plan_save(actor=actor, household_id=view.household.pk,
                                          expected_version=data["version"], text=data["text"])  # fmt: skip

    return _form_page(
        request, household_id, form_class=SupportPlanForm, save=save, heading="Support plan",
        button="Save the support plan", done="Support plan saved.",
        initial=lambda view: {"version": view.household.version, "text": view.household.support_plan},
    )  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def visit_add_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        at = timezone.make_aware(dt.datetime.combine(data["visited_on"], data["visited_time"]))
        return services.visit_record(actor=actor, household_id=view.household.pk, visited_at=at,
                                     summary=data["summary"])  # fmt: skip

    return _form_page(request, household_id, form_class=VisitForm, save=save, heading="Record a visit",
                      button="Save the visit", done="Visit recorded.", initial=_today)  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def training_add_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.training_record(actor=actor, household_id=view.household.pk, course=data["course"],
                                        completed_on=data["completed_on"], member_id=_member(data["member"]),
                                        expires_on=data["expires_on"])  # fmt: skip

    return _form_page(request, household_id, form_class=TrainingForm, save=save, heading="Record training",
                      button="Save the training", done="Training recorded.", members=True,
                      initial=lambda view: {"completed_on": timezone.localdate()})  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def specialist_role_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        return services.specialist_role_grant(actor=actor, household_id=view.household.pk, role=data["role"])

    return _form_page(request, household_id, form_class=SpecialistRoleForm, save=save,
                      heading="Grant a specialist role", button="Grant the role", done="Specialist role granted.",
                      intro="A role needs the household to have done every course that qualifies for it.")  # fmt: skip


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def household_close_page(request: HttpRequest, household_id: int) -> HttpResponse:
    def save(actor: User, view: HouseholdView, data: dict[str, Any]) -> object:
        services.household_close(actor=actor, household_id=view.household.pk, reason=data["reason"],
                                 closed_on=data["closed_on"])  # fmt: skip
        return None

    return _form_page(request, household_id, form_class=CloseForm, save=save, heading="Close the household",
                      button="Close the household", done="Household closed.", initial=_today,
                      intro="A household with a child placed there now cannot be closed.")  # fmt: skip
