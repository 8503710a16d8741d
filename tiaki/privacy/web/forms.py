"""The privacy office's forms: audit search, break-glass review, sealed records."""

from __future__ import annotations

from django import forms

from tiaki.web.forms import DateInputField, RecordIdField


class BreakGlassReviewForm(forms.Form):
    justified = forms.TypedChoiceField(
        label="Was this use of emergency access justified?",
        choices=[("yes", "Yes, justified"), ("no", "No, not justified")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the access was justified."},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AuditSearchForm(forms.Form):
    staff = forms.CharField(label="Staff username", required=False, max_length=150)
    person = RecordIdField(
        label="Person number",
        required=False,
        min_value=1,
        error_messages={"invalid": "The person number is digits only."},
    )
    date_from = DateInputField(label="From", what="the 'from' date", required=False)
    date_to = DateInputField(label="To", what="the 'to' date", required=False)
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any"), ("allowed", "Allowed"), ("refused", "Refused")]
    )
    before = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return data


class AuditPersonFindForm(forms.Form):
    """Find a person by name to search the trail for (POSTed: names stay out of URLs)."""

    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(
        label="Family name", max_length=200, error_messages={"required": "Enter the person's family name."}
    )


class SealedGrantForm(forms.Form):
    username = forms.CharField(label="Staff username", max_length=150)
    person_id = RecordIdField(label="Person number")
    reason = forms.CharField(
        label="Why this person needs the sealed record", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class StaffLinkForm(forms.Form):
    username = forms.CharField(label="Staff username", max_length=150)
    person_id = RecordIdField(label="Person number")
    kind = forms.ChoiceField(
        label="The person is",
        choices=[("self", "The staff member themselves"), ("whanau", "A member of the staff member's whānau")],
        widget=forms.RadioSelect,
    )
