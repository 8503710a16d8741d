"""Forms for the caregiver register's pages. They parse input only; the rules
(what approval needs, which training a specialist role needs, who may decide)
live in tiaki.care.services.caregivers."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.care.codes import COURSES, NEEDS, SPECIALIST_ROLES
from tiaki.care.models import (
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverReview,
    HouseholdMember,
)
from tiaki.people.models import Person
from tiaki.web.forms import DateInputField

_ANY = [("", "Any")]


def _text(label: str, *, required: bool = True, rows: int = 5, max_length: int = 20_000, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}), **kw)  # fmt: skip


def _number(label: str, *, initial: int | None = None, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, initial=initial, help_text=help_text,
                              error_messages={"invalid": "Enter a whole number.",
                                              "required": f"Enter {label[:1].lower()}{label[1:]}."})  # fmt: skip


class HouseholdFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=_ANY + CaregiverHousehold.Status.choices)
    kind = forms.ChoiceField(label="Kind", required=False, choices=_ANY + CaregiverHousehold.Kind.choices)
    site = forms.ChoiceField(label="Site", required=False, choices=_ANY)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sites: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = _ANY + [(str(pk), name) for pk, name in sites]  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    name = forms.CharField(label="Household name", max_length=200, help_text="Usually the family names.",
                           error_messages={"required": "Enter the household's name."})  # fmt: skip
    kind = forms.ChoiceField(
        label="Kind of caregivers", choices=CaregiverHousehold.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of caregivers."},
    )  # fmt: skip
    enquiry_on = DateInputField(label="Date of the enquiry", past=True)
    street = forms.CharField(label="Street address", max_length=200, required=False)
    suburb = forms.CharField(label="Suburb (optional)", max_length=100, required=False)
    city = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    capacity = _number("How many children they can care for", initial=1)
    age_min = _number("Youngest age (years)", initial=0)
    age_max = _number("Oldest age (years)", initial=17)
    takes_siblings = forms.BooleanField(label="They can care for brothers and sisters together", required=False)
    needs_met = forms.MultipleChoiceField(label="Needs they can meet (choose all that apply)", required=False,
                                          choices=list(NEEDS.items()), widget=forms.CheckboxSelectMultiple)  # fmt: skip
    culture = forms.CharField(label="Culture (optional)", max_length=200, required=False)
    iwi = forms.CharField(label="Iwi (optional, separate with commas)", max_length=300, required=False)
    languages = forms.CharField(label="Languages spoken at home (optional)", max_length=200, required=False)

    @property
    def iwi_names(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data.get("iwi", "").split(",") if part.strip()]


class HouseholdChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = HouseholdForm.base_fields["name"]
    capacity = _number("How many children they can care for")
    age_min = _number("Youngest age (years)")
    age_max = _number("Oldest age (years)")
    takes_siblings = HouseholdForm.base_fields["takes_siblings"]
    needs_met = HouseholdForm.base_fields["needs_met"]
    culture = HouseholdForm.base_fields["culture"]
    iwi = HouseholdForm.base_fields["iwi"]
    languages = HouseholdForm.base_fields["languages"]

    @property
    def iwi_names(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data.get("iwi", "").split(",") if part.strip()]


class MemberSearchForm(forms.Form):
    """The register's search, before anyone is added (search-before-create)."""

    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    birth_date = DateInputField(label="Date of birth (optional)", required=False, past=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_names") or "").strip() and not (data.get("family_name") or "").strip():
            raise forms.ValidationError("Enter a name to search for.")
        return data


_ROLES = HouseholdMember.Role.choices


class MemberExistingForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    role = forms.ChoiceField(label="Who they are in the household", choices=_ROLES,
                             error_messages={"required": "Choose who they are in the household."})  # fmt: skip


class MemberNewForm(forms.Form):
    given_names = forms.CharField(label="Given names", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=200, required=False)
    birth_date = DateInputField(label="Date of birth (optional)", required=False, past=True)
    gender = forms.ChoiceField(label="Gender", choices=Person.Gender.choices, initial=Person.Gender.UNKNOWN)
    role = MemberExistingForm.base_fields["role"]
    source = forms.CharField(label="Where this information came from", max_length=100,
                             error_messages={"required": "Say where this information came from."})  # fmt: skip
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MemberLeaveForm(forms.Form):
    member_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    left_on = DateInputField(label="Date they left", past=True)


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label="Check", choices=CaregiverCheck.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of check."})  # fmt: skip
    member = forms.ChoiceField(label="Who the check is for", required=False,
                               help_text="Police vetting and health checks are for one person.")  # fmt: skip
    done_on = DateInputField(label="Date the check was done", past=True)
    outcome = forms.ChoiceField(label="Outcome", choices=CaregiverCheck.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the check."})  # fmt: skip
    expires_on = DateInputField(label="Expiry date (optional)", required=False,
                                help_text="Police vetting and health checks expire by policy.")  # fmt: skip
    note = _text("Notes (needed unless the check is clear)", required=False)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "The household")] + [(str(pk), n) for pk, n in members]  # type: ignore[attr-defined]


class AssessmentStartForm(forms.Form):
    started_on = DateInputField(label="Date the assessment started", past=True)


class AssessmentCompleteForm(forms.Form):
    recommendation = forms.ChoiceField(label="Recommendation", choices=CaregiverAssessment.Recommendation.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Choose the recommendation."})  # fmt: skip
    summary = _text("Summary of the assessment", rows=8,
                    error_messages={"required": "Enter the assessment's summary."})  # fmt: skip
    completed_on = DateInputField(label="Date it was completed", past=True)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=CaregiverAssessment.Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose whether the household is approved."})  # fmt: skip
    reason = _text("Reasons (needed if not approved)", required=False)


class ReviewForm(forms.Form):
    held_on = DateInputField(label="Date of the review", past=True)
    outcome = forms.ChoiceField(label="Outcome", choices=CaregiverReview.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the review."})  # fmt: skip
    summary = _text("What the review found", rows=8, error_messages={"required": "Enter what the review found."})


class SupportPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = _text("Support plan", rows=12, help_text="How the agency supports these caregivers: respite, training, "
                 "money, who to call.", error_messages={"required": "Enter the support plan."})  # fmt: skip


class VisitForm(forms.Form):
    visited_on = DateInputField(label="Date of the visit", past=True)
    visited_time = forms.TimeField(label="Time (24-hour clock, for example 14:30)", input_formats=["%H:%M"],
                                   error_messages={"required": "Enter the time of the visit.",
                                                   "invalid": "Enter the time like 14:30."})  # fmt: skip
    summary = _text("What happened on the visit", rows=8,
                    error_messages={"required": "Enter what happened on the visit."})  # fmt: skip


class TrainingForm(forms.Form):
    course = forms.ChoiceField(label="Course", choices=list(COURSES.items()),
                               error_messages={"required": "Choose a course."})  # fmt: skip
    member = forms.ChoiceField(label="Who did it", required=False)
    completed_on = DateInputField(label="Date completed", past=True)
    expires_on = DateInputField(label="Expiry date (optional)", required=False)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "The household")] + [(str(pk), n) for pk, n in members]  # type: ignore[attr-defined]


class SpecialistRoleForm(forms.Form):
    role = forms.ChoiceField(label="Specialist role", widget=forms.RadioSelect,
                             choices=[(code, label) for code, (label, _) in SPECIALIST_ROLES.items()],
                             error_messages={"required": "Choose a specialist role."})  # fmt: skip


class CloseForm(forms.Form):
    reason = _text("Why the household is closing", error_messages={"required": "Enter why the household is closing."})
    closed_on = DateInputField(label="Date it closed", past=True)
