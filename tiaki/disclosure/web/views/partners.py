"""The partner organisation register's pages: the list (with each
organisation's next disposal date, overdue said in words), adding an
organisation, one organisation (its agreement, what it holds, its disposal
dates and confirmations, its workers' reads), changing it from the version
the user saw, and recording a disposal confirmation.

Views parse input, call one selector or service (tiaki.disclosure) and
render; a refused or stale change comes back as a form error with what the
user typed (400, or 409 when someone else saved first: nothing is lost).
The forms are here, beside the only views that use them."""

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
from tiaki.disclosure.models import PartnerOrganisation
from tiaki.disclosure.selectors.partners import partner_get, partner_list, receivable_labels
from tiaki.disclosure.services.partners import (
    PartnerError,
    PartnerInput,
    StalePartner,
    create_partner,
    record_disposal,
    update_partner,
)
from tiaki.web.forms import DateInputField
from tiaki.web.requests import actor_of

_RECEIVABLE = list(zip(PartnerOrganisation.RECEIVABLE, receivable_labels(PartnerOrganisation.RECEIVABLE),
                       strict=True))  # fmt: skip


class PartnerFilterForm(forms.Form):
    status = forms.ChoiceField(label="Agreement status", required=False,
                               choices=[("", "Any"), *PartnerOrganisation.Status.choices])  # fmt: skip
    overdue = forms.BooleanField(label="Only organisations whose disposal is overdue", required=False)


class PartnerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Organisation name", max_length=200,
                           error_messages={"required": "Enter the organisation's name."})  # fmt: skip
    kind = forms.ChoiceField(label="Kind of organisation", choices=PartnerOrganisation.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of organisation."})  # fmt: skip
    status = forms.ChoiceField(label="Agreement status", choices=PartnerOrganisation.Status.choices,
                               initial=PartnerOrganisation.Status.ACTIVE, widget=forms.RadioSelect)  # fmt: skip
    agreement_reference = forms.CharField(
        label="Agreement reference", max_length=60, required=False,
        help_text="As written on the signed agreement, for example AGR-2026-014.",
    )  # fmt: skip
    agreement_start = DateInputField(label="Date the agreement starts", what="the date the agreement starts")
    agreement_end = DateInputField(label="Date the agreement ends (optional)", what="the date the agreement ends",
                                   required=False)  # fmt: skip
    may_receive = forms.MultipleChoiceField(label="What the agreement lets it receive (choose all that apply)",
                                            required=False, choices=_RECEIVABLE,
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip
    retention_days = forms.IntegerField(
        label="Days it may keep what it receives", initial=365,
        help_text="Counted from the day a share ends. After that it must dispose of it and confirm it did.",
        error_messages={"invalid": "Enter a whole number of days.",
                        "required": "Enter how many days the organisation may keep what it receives."},
    )  # fmt: skip
    postal_address = forms.CharField(label="Postal address (optional)", required=False, max_length=1_000,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text="Where letters to the organisation go.")  # fmt: skip
    email = forms.EmailField(
        label="Email address (optional)", required=False, max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.org.nz."},
    )  # fmt: skip

    def details(self) -> PartnerInput:
        d = self.cleaned_data
        return PartnerInput(
            name=d["name"], kind=d["kind"], status=d["status"], agreement_reference=d["agreement_reference"],
            agreement_start=d["agreement_start"], agreement_end=d["agreement_end"], may_receive=d["may_receive"],
            retention_days=d["retention_days"], postal_address=d["postal_address"], email=d["email"],
        )  # fmt: skip


class DisposalForm(forms.Form):
    confirmed_on = DateInputField(label="Date the organisation confirmed disposal", what="the date it confirmed",
                                  past=True)  # fmt: skip
    covers_up_to = DateInputField(
        label="Everything it received up to", what="the date the disposal covers",
        help_text="The organisation confirms it disposed of everything from shares that ended on or before this "
        "date. For example, 27 3 2026",
    )  # fmt: skip
    confirmed_by_name = forms.CharField(
        label="Who at the organisation confirmed it", max_length=200,
        error_messages={"required": "Enter who at the organisation confirmed it."},
    )  # fmt: skip


def _show(form: forms.Form, exc: PartnerError) -> int:
    """Put the service's refusal next to the field it names; the status to answer with."""
    form.add_error(exc.field if exc.field in form.fields and exc.field != "version" else None, str(exc))
    return 409 if isinstance(exc, StalePartner) else 400


@personal_data(Permission.PARTNER_READ)
@require_GET
def partner_list_page(request: HttpRequest) -> HttpResponse:
    """The register: every organisation, its agreement and its next disposal."""
    form = PartnerFilterForm(request.GET or None)
    status, overdue = "", False
    if form.is_valid():
        status, overdue = form.cleaned_data["status"], form.cleaned_data["overdue"]
    listed = partner_list(actor=actor_of(request), status=status, overdue_only=overdue)
    return render(request, "disclosure/partners_list.html", {"form": form, "listed": listed})


@requires(Permission.PARTNER_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_create_page(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None, initial={"agreement_start": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                organisation = create_partner(actor=actor_of(request), details=form.details())
            except PartnerError as exc:
                status = _show(form, exc)
            else:
                messages.success(request, f"{organisation.name} added to the partner register.")
                return redirect("web:partner-detail", organisation_id=organisation.pk)
    context = {"form": form, "heading": "Add a partner organisation", "button": "Add the organisation"}
    return render(request, "disclosure/partners_form.html", context, status=status)


@personal_data(Permission.PARTNER_READ)
@require_GET
def partner_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    view = partner_get(actor=actor_of(request), organisation_id=organisation_id)
    return render(request, "disclosure/partners_detail.html", {"view": view, "organisation": view.organisation})


def _initial(o: PartnerOrganisation) -> dict[str, Any]:
    return {
        "version": o.version, "name": o.name, "kind": o.kind, "status": o.status,
        "agreement_reference": o.agreement_reference, "agreement_start": o.agreement_start,
        "agreement_end": o.agreement_end, "may_receive": o.may_receive, "retention_days": o.retention_days,
        "postal_address": o.postal_address, "email": o.email,
    }  # fmt: skip


@requires(Permission.PARTNER_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_edit_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Change the register's entry from the version the user saw."""
    actor = actor_of(request)
    view = partner_get(actor=actor, organisation_id=organisation_id)
    form = PartnerForm(request.POST or None, initial=_initial(view.organisation))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            seen = form.cleaned_data["version"]
            try:
                update_partner(actor=actor, organisation_id=organisation_id, details=form.details(),
                               expected_version=seen if seen is not None else -1)  # fmt: skip
            except PartnerError as exc:
                status = _show(form, exc)
            else:
                messages.success(request, "Organisation details saved.")
                return redirect("web:partner-detail", organisation_id=organisation_id)
    context = {"form": form, "view": view, "heading": "Change the organisation's details", "button": "Save details"}
    return render(request, "disclosure/partners_form.html", context, status=status)


@requires(Permission.PARTNER_MANAGE)
@require_http_methods(["GET", "POST"])
def disposal_add_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Record the organisation's confirmation that it disposed of what it received."""
    actor = actor_of(request)
    view = partner_get(actor=actor, organisation_id=organisation_id)
    form = DisposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_disposal(actor=actor, organisation_id=organisation_id, covers_up_to=data["covers_up_to"],
                                confirmed_on=data["confirmed_on"],
                                confirmed_by_name=data["confirmed_by_name"])  # fmt: skip
            except PartnerError as exc:
                status = _show(form, exc)
            else:
                messages.success(request, "Disposal confirmation recorded.")
                return redirect("web:partner-detail", organisation_id=organisation_id)
    context = {"form": form, "view": view, "heading": "Record a disposal confirmation", "button": "Record it"}
    return render(request, "disclosure/partners_disposal.html", context, status=status)
