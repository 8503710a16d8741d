"""The caregiver register's pages: the list of households (never an
address), adding a household at enquiry, one household with everything
recorded on it, and changing what the register says about it. Views parse
input, call one selector or service (tiaki.care), and render; a refused or
stale change comes back as a form error with what the user typed (400, or
409 when someone else saved first)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.care.models import CaregiverHousehold
from tiaki.care.selectors.caregivers import household_get, household_list_for
from tiaki.care.services import caregivers as services
from tiaki.care.services.caregivers import CaregiverError, StaleVersion
from tiaki.care.web.forms.caregivers import HouseholdChangeForm, HouseholdFilterForm, HouseholdForm
from tiaki.people.services.inputs import AddressInput
from tiaki.web.requests import actor_of

# What a service calls an input (CaregiverError.field) -> the form field that shows it.
_FIELD_FOR: dict[str, str | None] = {
    "address.street": "street",
    "address.city": "city",
    "address.postcode": "postcode",
    "social_worker": None,
    "version": None,
    "member": "member",
}


def show_error(form: forms.Form, exc: CaregiverError, fields: dict[str, str | None] | None = None) -> int:
    """Put the service's refusal next to the field it names; the status to answer with."""
    field = {**_FIELD_FOR, **(fields or {})}.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))
    return 409 if isinstance(exc, StaleVersion) else 400


@personal_data(Permission.CAREGIVER_READ)
@require_GET
def household_list_page(request: HttpRequest) -> HttpResponse:
    """The register: households the user may see, filtered; no addresses."""
    status, kind, site = (request.GET.get(name, "") for name in ("status", "kind", "site"))
    number = request.GET.get("page", "")
    page = household_list_for(
        actor=actor_of(request), status=status if status in CaregiverHousehold.Status.values else "",
        kind=kind if kind in CaregiverHousehold.Kind.values else "",
        site_id=int(site) if site.isdigit() and len(site) < 19 else None,
        page=int(number) if number.isdigit() and len(number) < 7 else 1,
    )  # fmt: skip
    form = HouseholdFilterForm(request.GET or None, sites=page.sites)
    form.is_valid()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "care/caregivers/list.html", {"form": form, "page": page, "query": query.urlencode()})


def _address(data: dict[str, Any]) -> AddressInput | None:
    if not any((data.get(f) or "").strip() for f in ("street", "suburb", "city", "postcode")):
        return None
    return AddressInput(street=data["street"], city=data["city"], suburb=data["suburb"], postcode=data["postcode"])


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def household_create_page(request: HttpRequest) -> HttpResponse:
    """Add a household at enquiry; the user is its social worker."""
    actor = actor_of(request)
    form = HouseholdForm(request.POST or None, initial={"enquiry_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if actor.site is None:
            form.add_error(None, "You are not at a site: ask an administrator to set yours.")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                household = services.household_create(
                    actor=actor, name=data["name"], kind=data["kind"], site=actor.site, enquiry_on=data["enquiry_on"],
                    address=_address(data), capacity=data["capacity"], age_min=data["age_min"],
                    age_max=data["age_max"], takes_siblings=data["takes_siblings"], needs_met=data["needs_met"],
                    culture=data["culture"], iwi=form.iwi_names, languages=data["languages"],
                )  # fmt: skip
            except CaregiverError as exc:
                status = show_error(form, exc)
            else:
                messages.success(request, f"Household {household.reference} added to the register.")
                return redirect("web:caregiver-detail", household_id=household.pk)
    return render(request, "care/caregivers/create.html", {"form": form}, status=status)


@personal_data(Permission.CAREGIVER_READ)
@require_GET
def household_page(request: HttpRequest, household_id: int) -> HttpResponse:
    view = household_get(actor=actor_of(request), household_id=household_id)
    return render(request, "care/caregivers/detail.html", {"view": view, "household": view.household})


@requires(Permission.CAREGIVER_MANAGE)
@require_http_methods(["GET", "POST"])
def household_change_page(request: HttpRequest, household_id: int) -> HttpResponse:
    """Change what the register says about a household, from the version the user saw."""
    actor = actor_of(request)
    view = household_get(actor=actor, household_id=household_id, to_change=True)
    h = view.household
    initial = {
        "version": h.version, "name": h.name, "capacity": h.capacity, "age_min": h.age_min, "age_max": h.age_max,
        "takes_siblings": h.takes_siblings, "needs_met": h.needs_met, "culture": h.culture, "iwi": ", ".join(h.iwi),
        "languages": h.languages,
    }  # fmt: skip
    form = HouseholdChangeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.household_update(
                    actor=actor, household_id=household_id, expected_version=data["version"], name=data["name"],
                    capacity=data["capacity"], age_min=data["age_min"], age_max=data["age_max"],
                    takes_siblings=data["takes_siblings"], needs_met=data["needs_met"], culture=data["culture"],
                    iwi=form.iwi_names, languages=data["languages"],
                )  # fmt: skip
            except CaregiverError as exc:
                status = show_error(form, exc)
            else:
                messages.success(request, "Household details saved.")
                return redirect("web:caregiver-detail", household_id=household_id)
    context = {"view": view, "form": form, "heading": "Change the household's details", "button": "Save details"}
    return render(request, "care/caregivers/form.html", context, status=status)
